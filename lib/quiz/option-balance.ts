import type { QuizBank } from "./bank-schema";

/**
 * Option balance: how often a single-choice question's right option is also its unique
 * longest option (by characters). A test-wise learner who always picks the longest option
 * should not score well, so the content test in option-balance.test.ts caps this share.
 */
export interface BalanceCount {
  /** Single-choice questions with 3 or more options. */
  eligible: number;
  /** Of those, questions whose key is strictly longer than every other option. */
  keyLongest: number;
  /** Ids of those questions. */
  ids: string[];
}

export function keyIsUniqueLongest(options: { id: string; text: string }[], answer: string): boolean {
  const key = options.find((o) => o.id === answer);
  if (!key) return false;
  return options.every((o) => o.id === answer || o.text.length < key.text.length);
}

export function balanceOf(bank: Pick<QuizBank, "questions">): BalanceCount {
  const count: BalanceCount = { eligible: 0, keyLongest: 0, ids: [] };
  for (const q of bank.questions) {
    if (q.type !== "single" || q.options.length < 3) continue;
    count.eligible++;
    if (keyIsUniqueLongest(q.options, q.answer)) {
      count.keyLongest++;
      count.ids.push(q.id);
    }
  }
  return count;
}

export const share = (c: BalanceCount): number => (c.eligible === 0 ? 0 : c.keyLongest / c.eligible);
