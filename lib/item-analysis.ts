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
  /** False with fewer than MIN_RELIABLE_ATTEMPTS attempts: facility and discrimination are then too noisy to act on. */
  reliable: boolean;
}

/**
 * Below this many attempts the statistics are flagged as unreliable: with two learners,
 * D is always -1, 0 or +1, and one learner moves facility by half.
 */
export const MIN_RELIABLE_ATTEMPTS = 10;

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
      reliable: responses.length >= MIN_RELIABLE_ATTEMPTS,
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
  /** Of those, how many did not pick the right device at this hop (missing + substituted). */
  wrong: number;
  /** Left this hop out. */
  missing: number;
  /** Clicked another device in its place. */
  substituted: number;
  /** Clicked one or more devices that are on no right path just before this hop. */
  extraBefore: number;
  /** Attempts whose first mistake is at this hop. */
  firstDivergence: number;
  /** wrong / attempts. */
  share: number;
}

export type AlignmentStep =
  | { op: "match"; hop: number }
  | { op: "substitute"; hop: number; picked: string }
  | { op: "missing"; hop: number }
  | { op: "extra"; beforeHop: number; picked: string };

/**
 * Aligns a clicked path to the right one by edit distance (Levenshtein: match 0, substitute,
 * leave out or add 1 each), preferring matches, so one skipped or extra device is one
 * mistake where it happened instead of shifting every later hop. Hops are 1-based; an
 * extra device after the last hop has `beforeHop` = length + 1.
 */
export function alignPath(correct: readonly string[], picked: readonly string[]): AlignmentStep[] {
  const n = correct.length;
  const m = picked.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const same = correct[i - 1] === picked[j - 1] ? 0 : 1;
      cost[i]![j] = Math.min(cost[i - 1]![j - 1]! + same, cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1);
    }
  }
  const steps: AlignmentStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i]![j]!;
    if (i > 0 && j > 0 && correct[i - 1] === picked[j - 1] && here === cost[i - 1]![j - 1]!) {
      steps.push({ op: "match", hop: i });
      i--;
      j--;
    } else if (i > 0 && j > 0 && here === cost[i - 1]![j - 1]! + 1) {
      steps.push({ op: "substitute", hop: i, picked: picked[j - 1]! });
      i--;
      j--;
    } else if (i > 0 && here === cost[i - 1]![j]! + 1) {
      steps.push({ op: "missing", hop: i });
      i--;
    } else {
      steps.push({ op: "extra", beforeHop: i + 1, picked: picked[j - 1]! });
      j--;
    }
  }
  return steps.reverse();
}

/**
 * Where learners go wrong on a device-order path question: each answered attempt's clicks
 * are aligned to that attempt's own right path (`alignPath`), and each hop counts the
 * attempts that left it out, put another device there, added devices just before it, or
 * made their first mistake there. Blank answers are left out: they would mark every hop
 * and hide where the answered ones diverge. The caller passes attempts whose clusters share
 * a CNI mode, so hop n is the same kind of hop in each (names and addresses differ per seed).
 */
export function pathHopMisses(attempts: readonly PathHopAttempt[]): HopMisses[] {
  const answered = attempts.filter((a) => a.picked.length > 0);
  const length = Math.max(0, ...answered.map((a) => a.correct.length));
  const out: HopMisses[] = Array.from({ length }, (_, i) => ({
    hop: i + 1, attempts: 0, wrong: 0, missing: 0, substituted: 0, extraBefore: 0, firstDivergence: 0, share: 0,
  }));
  for (const a of answered) {
    for (let i = 0; i < a.correct.length; i++) out[i]!.attempts++;
    const extraAt = new Set<number>();
    let first: number | null = null;
    for (const step of alignPath(a.correct, a.picked)) {
      if (step.op === "match") continue;
      const hop = step.op === "extra" ? Math.min(step.beforeHop, a.correct.length) : step.hop;
      first ??= hop;
      if (step.op === "missing") out[hop - 1]!.missing++;
      else if (step.op === "substitute") out[hop - 1]!.substituted++;
      else extraAt.add(hop);
    }
    for (const hop of extraAt) out[hop - 1]!.extraBefore++;
    if (first !== null) out[first - 1]!.firstDivergence++;
  }
  for (const h of out) {
    h.wrong = h.missing + h.substituted;
    h.share = h.attempts === 0 ? 0 : h.wrong / h.attempts;
  }
  return out;
}

/** The hop most often missed (earliest on ties), or null when nobody missed any. */
export function worstHop(hops: readonly HopMisses[]): HopMisses | null {
  let worst: HopMisses | null = null;
  for (const h of hops) if (h.wrong > 0 && (!worst || h.share > worst.share)) worst = h;
  return worst;
}
