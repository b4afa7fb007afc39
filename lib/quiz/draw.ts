import type { QuizBank } from "./bank-schema";
import { hashString, seededRandom, shuffled } from "./random";

/**
 * The questions of a new attempt, in display order. A fixed quiz uses every question; a
 * random draw takes `draw.count` from the pool (`draw.topics`, or all), preferring questions
 * this learner has not seen in earlier attempts, then the ones seen longest ago.
 *
 * @param previous question ids of the learner's earlier attempts at this quiz, newest first
 */
export function drawQuestions(bank: Pick<QuizBank, "questions" | "draw" | "shuffleQuestions">, seed: number, previous: readonly (readonly string[])[] = []): string[] {
  const random = seededRandom((seed ^ hashString("draw")) >>> 0);
  const all = bank.questions.map((q) => q.id);
  if (!bank.draw) return bank.shuffleQuestions ? shuffled(all, random) : all;
  const topics = bank.draw.topics;
  const pool = bank.questions.filter((q) => !topics || topics.includes(q.topic)).map((q) => q.id);
  // How recently each question was seen: 0 = never, higher = more recent.
  const recency = new Map<string, number>();
  previous.forEach((ids, age) => {
    for (const id of ids) if (!recency.has(id)) recency.set(id, previous.length - age);
  });
  const ranked = shuffled(pool, random).sort((a, b) => (recency.get(a) ?? 0) - (recency.get(b) ?? 0));
  const chosen = new Set(ranked.slice(0, bank.draw.count));
  const inBankOrder = pool.filter((id) => chosen.has(id));
  return bank.shuffleQuestions ? shuffled(inBankOrder, random) : inBankOrder;
}

/** Which attempt counts for the quiz grade: the best or the last submitted (null if none). */
export function quizGrade<T extends { status: string; score: number | null; maxScore: number | null; submittedAt: Date | null }>(
  attempts: readonly T[],
  method: "highest" | "last",
): T | null {
  const submitted = attempts.filter((a) => a.status === "submitted" && a.maxScore);
  if (submitted.length === 0) return null;
  const fraction = (a: T) => (a.score ?? 0) / (a.maxScore || 1);
  if (method === "last") return [...submitted].sort((a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0))[0] ?? null;
  return [...submitted].sort((a, b) => fraction(b) - fraction(a))[0] ?? null;
}
