/**
 * What the attempt form tells the learner as they go: which questions have an answer, and
 * when to say how much time is left. Pure, so the rules are unit-tested (attempt-progress.test.ts).
 */

/** Whether a stored or in-progress answer counts as answered: an empty choice list or an empty match does not. */
export function isAnswered(answer: unknown): boolean {
  if (answer === undefined || answer === null) return false;
  if (typeof answer !== "object") return true;
  const a = answer as { choices?: unknown; pairs?: unknown; devices?: unknown; text?: unknown };
  if (Array.isArray(a.choices)) return a.choices.length > 0;
  if (a.pairs && typeof a.pairs === "object") return Object.keys(a.pairs).length > 0;
  if (Array.isArray(a.devices)) return a.devices.length > 0;
  if (typeof a.text === "string") return a.text.trim() !== "";
  return true;
}

/** "Questions 3 and 7 have no answer", for the submit confirmation (1-based numbers as the form shows them). */
export function describeUnanswered(numbers: readonly number[]): string | null {
  if (numbers.length === 0) return null;
  if (numbers.length === 1) return `Question ${numbers[0]} has no answer.`;
  const list = numbers.length === 2 ? `${numbers[0]} and ${numbers[1]}` : `${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`;
  return `Questions ${list} have no answer.`;
}

/** When a screen reader hears the time left: at these thresholds only, not every second. */
export const TIME_ANNOUNCEMENTS_S = [300, 60, 10] as const;

/**
 * The announcement due when the countdown moves from `previousMs` to `nowMs` left, if it
 * crossed a threshold (the largest one crossed, so a tab that slept says the latest news).
 */
export function timeAnnouncement(previousMs: number | null, nowMs: number): string | null {
  const crossed = TIME_ANNOUNCEMENTS_S.filter((s) => nowMs <= s * 1000 && (previousMs === null ? false : previousMs > s * 1000));
  if (crossed.length === 0) return null;
  const s = Math.min(...crossed);
  return s >= 60 ? `${s / 60} minute${s === 60 ? "" : "s"} left.` : `${s} seconds left.`;
}

/**
 * The sessionStorage key set when a page submits an attempt (or learns it was submitted),
 * read by the results heading once the results show: focus and scroll go there, so the
 * learner sees and hears the score instead of staying mid-form.
 */
export function justSubmittedKey(attemptId: string): string {
  return `cni-academy:just-submitted:${attemptId}`;
}
