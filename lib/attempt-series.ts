/**
 * Attempt numbers as people see them: 1, 2, 3 within a series. A series is a learner's
 * practice attempts at a quiz, or their attempts at one assignment; the same quiz assigned
 * in two cohorts is two series. The stored `attemptNumber` counts across all of a learner's
 * attempts at a quiz (it keeps the unique index simple), so it is never shown.
 */
export interface SeriesMember {
  id: string;
  userId: string;
  quizId: string;
  assignmentId: string | null;
  attemptNumber: number;
}

const keyOf = (a: Omit<SeriesMember, "id" | "attemptNumber">) => `${a.userId}\u0000${a.quizId}\u0000${a.assignmentId ?? ""}`;

/** Each attempt's number within its series (1-based, by the order attempts were started). */
export function numbersInSeries(attempts: readonly SeriesMember[]): Map<string, number> {
  const bySeries = new Map<string, SeriesMember[]>();
  for (const a of attempts) bySeries.set(keyOf(a), [...(bySeries.get(keyOf(a)) ?? []), a]);
  const out = new Map<string, number>();
  for (const list of bySeries.values()) {
    [...list].sort((x, y) => x.attemptNumber - y.attemptNumber).forEach((a, i) => out.set(a.id, i + 1));
  }
  return out;
}

/** The where-clause of the attempts of an attempt's series started up to it: its number is their count. */
export function seriesUpTo(a: Omit<SeriesMember, "id">) {
  return { userId: a.userId, quizId: a.quizId, assignmentId: a.assignmentId, attemptNumber: { lte: a.attemptNumber } };
}
