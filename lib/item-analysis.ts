/**
 * Item analysis of a quiz from graded responses (pure; the server shell loads the rows).
 *
 * - Facility (difficulty index p): the mean score fraction on the item, points / maxPoints,
 *   so partial credit counts partly. 1 = everyone right.
 * - Discrimination index D (Kelley 1939, "The selection of upper and lower groups for the
 *   validation of test items", J. Educ. Psych. 30; the usual classroom form, e.g. Ebel &
 *   Frisbie, Essentials of Educational Measurement): rank attempts by total score, take
 *   the top 27% and the bottom 27% (at least one attempt each), and D = p(upper) - p(lower).
 *   D near +1: the item separates strong from weak learners; near 0 or negative: it does
 *   not (or misleads the strong ones). The total includes the item itself, as in the
 *   classic definition. Null with fewer than two attempts. With few attempts D is noisy;
 *   the count is reported next to it.
 * - Most-chosen wrong answers: labels of the wrong answers given (the caller decides the
 *   label: an option's text, "True", a number), counted over the attempts.
 */

export interface ItemResponse {
  questionId: string;
  /** points / maxPoints, 0..1. */
  fraction: number;
  answered: boolean;
  /** Labels of the wrong parts of this answer (empty when correct or unanswered). */
  wrongAnswers: readonly string[];
}

export interface ScoredAttempt {
  attemptId: string;
  /** Total score fraction of the attempt, 0..1; ranks attempts for D. */
  totalFraction: number;
  responses: readonly ItemResponse[];
}

export interface WrongAnswerCount {
  label: string;
  count: number;
  /** count / number of attempts that saw the question. */
  share: number;
}

export interface ItemStats {
  questionId: string;
  /** Attempts that contained this question. */
  attempts: number;
  unanswered: number;
  facility: number | null;
  discrimination: number | null;
  upperFacility: number | null;
  lowerFacility: number | null;
  wrongAnswers: WrongAnswerCount[];
}

/** Fraction of attempts in each of the upper and lower groups (Kelley's 27%). */
export const GROUP_FRACTION = 0.27;

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Upper and lower 27% groups by total score; ties broken by attempt id so the result is deterministic. */
export function upperLowerGroups(attempts: readonly ScoredAttempt[]): { upper: ScoredAttempt[]; lower: ScoredAttempt[] } {
  if (attempts.length < 2) return { upper: [], lower: [] };
  const ranked = [...attempts].sort((a, b) => b.totalFraction - a.totalFraction || a.attemptId.localeCompare(b.attemptId));
  const size = Math.max(1, Math.min(Math.floor(ranked.length / 2), Math.round(ranked.length * GROUP_FRACTION)));
  return { upper: ranked.slice(0, size), lower: ranked.slice(ranked.length - size) };
}

/** Statistics for each question id, in the order given. */
export function analyseItems(
  questionIds: readonly string[],
  attempts: readonly ScoredAttempt[],
  options: { topWrongAnswers?: number } = {},
): ItemStats[] {
  const top = options.topWrongAnswers ?? 3;
  const { upper, lower } = upperLowerGroups(attempts);
  const fractionOn = (group: readonly ScoredAttempt[], id: string) =>
    mean(group.flatMap((a) => a.responses.filter((r) => r.questionId === id).map((r) => r.fraction)));

  return questionIds.map((questionId) => {
    const responses = attempts.flatMap((a) => a.responses.filter((r) => r.questionId === questionId));
    const counts = new Map<string, number>();
    for (const r of responses) {
      for (const label of new Set(r.wrongAnswers)) counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const wrongAnswers = [...counts]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, top)
      .map(([label, count]) => ({ label, count, share: count / responses.length }));
    const upperFacility = fractionOn(upper, questionId);
    const lowerFacility = fractionOn(lower, questionId);
    return {
      questionId,
      attempts: responses.length,
      unanswered: responses.filter((r) => !r.answered).length,
      facility: mean(responses.map((r) => r.fraction)),
      discrimination: upperFacility === null || lowerFacility === null ? null : upperFacility - lowerFacility,
      upperFacility,
      lowerFacility,
      wrongAnswers,
    };
  });
}

/** One attempt's answer to a device-order path question, next to that attempt's own key. */
export interface PathHopAttempt {
  /** The engine's device path for this attempt's generated cluster (device keys, in order). */
  correct: readonly string[];
  /** The devices the learner clicked, in order (empty when left blank). */
  picked: readonly string[];
}

export interface HopMisses {
  /** 1-based hop position on the right path. */
  hop: number;
  /** Answered attempts whose right path has this position. */
  attempts: number;
  /** Of those, how many did not pick the right device at this position. */
  wrong: number;
  /** wrong / attempts. */
  share: number;
}

/**
 * Where learners go wrong on a device-order path question: for each position of the right
 * path, how many answered attempts have a different device (or none) there. Blank answers
 * are left out: they would mark every hop and hide where the answered ones diverge. The
 * caller passes attempts whose clusters share a CNI mode, so position n is the same kind
 * of hop in each (names and addresses differ per seed, the shape does not).
 */
export function pathHopMisses(attempts: readonly PathHopAttempt[]): HopMisses[] {
  const answered = attempts.filter((a) => a.picked.length > 0);
  const length = Math.max(0, ...answered.map((a) => a.correct.length));
  const out: HopMisses[] = [];
  for (let i = 0; i < length; i++) {
    const seen = answered.filter((a) => i < a.correct.length);
    const wrong = seen.filter((a) => a.picked[i] !== a.correct[i]).length;
    out.push({ hop: i + 1, attempts: seen.length, wrong, share: seen.length === 0 ? 0 : wrong / seen.length });
  }
  return out;
}

/** The hop most often missed (earliest on ties), or null when nobody missed any. */
export function worstHop(hops: readonly HopMisses[]): HopMisses | null {
  let worst: HopMisses | null = null;
  for (const h of hops) if (h.wrong > 0 && (!worst || h.share > worst.share)) worst = h;
  return worst;
}
