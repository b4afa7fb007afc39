/**
 * The rules of an assignment, as pure functions (no database): the policy that applies to
 * one learner after their accommodations, whether they may start or submit now, the
 * deadline of a new attempt, and the status shown in the gradebook. The server shell
 * (lib/assignments.server.ts) loads the rows and calls these.
 */

export interface AssignmentRules {
  opensAt: Date;
  dueAt: Date;
  /** After this no attempt may start or be submitted; null: never closes. */
  closesAt: Date | null;
  attemptsAllowed: number | null;
  timeLimitSeconds: number | null;
}

/** Per-learner accommodations (AssignmentOverride). */
export interface Accommodation {
  extraTimeSeconds: number;
  extraAttempts: number;
  dueAt: Date | null;
}

export type EffectivePolicy = AssignmentRules;

/**
 * The rules for one learner. A later due date from an override also pushes the close
 * date out to it (an accommodation must not be blocked by the class's close date); an
 * earlier one is ignored for closing. Extra time and attempts add to limited values only:
 * unlimited stays unlimited.
 */
export function effectivePolicy(rules: AssignmentRules, override: Accommodation | null): EffectivePolicy {
  if (!override) return rules;
  const dueAt = override.dueAt ?? rules.dueAt;
  const closesAt = rules.closesAt && dueAt > rules.closesAt ? dueAt : rules.closesAt;
  return {
    opensAt: rules.opensAt,
    dueAt,
    closesAt,
    attemptsAllowed: rules.attemptsAllowed === null ? null : rules.attemptsAllowed + override.extraAttempts,
    timeLimitSeconds: rules.timeLimitSeconds === null ? null : rules.timeLimitSeconds + override.extraTimeSeconds,
  };
}

export type StartCheck =
  | { ok: true }
  | { ok: false; reason: "not_open" | "closed" | "no_attempts_left"; message: string };

/** Whether a learner who has used `attemptsUsed` attempts may start another at `now`. */
export function checkStart(policy: EffectivePolicy, attemptsUsed: number, now: Date): StartCheck {
  if (now < policy.opensAt) {
    return { ok: false, reason: "not_open", message: `This assignment opens on ${formatUtc(policy.opensAt)}.` };
  }
  if (policy.closesAt && now >= policy.closesAt) {
    return { ok: false, reason: "closed", message: `This assignment closed on ${formatUtc(policy.closesAt)}.` };
  }
  if (policy.attemptsAllowed !== null && attemptsUsed >= policy.attemptsAllowed) {
    return { ok: false, reason: "no_attempts_left", message: `You have used all ${policy.attemptsAllowed} attempts at this assignment.` };
  }
  return { ok: true };
}

// An attempt's deadline (its time limit cut at the close date) and the server-side end of an
// attempt at that deadline are the quiz engine's: lib/attempts.server.ts gets this policy's
// timeLimitSeconds and closesAt from startAssignmentAttempt.

export function isLate(policy: EffectivePolicy, submittedAt: Date): boolean {
  return submittedAt > policy.dueAt;
}

export type AssignmentStatus = "not_started" | "in_progress" | "submitted" | "late";

export interface AttemptSummary {
  status: string;
  submittedAt: Date | null;
  score: number | null;
  maxScore: number | null;
}

export interface CellSummary {
  status: AssignmentStatus;
  /** Best submitted score as a fraction 0..1, or null when nothing was submitted. */
  bestFraction: number | null;
  bestScore: number | null;
  maxScore: number | null;
  attemptCount: number;
  lastSubmittedAt: Date | null;
}

/**
 * One learner's standing on a quiz assignment. "submitted": at least one attempt was
 * submitted by the (effective) due date; "late": submitted, but only after it. The score
 * follows the assignment's grading method: the best submitted attempt, the last one, or
 * the average of all submitted, whether on time or late; the status tells the instructor
 * whether the work was late.
 */
export function summariseQuizCell(policy: EffectivePolicy, attempts: readonly AttemptSummary[], method: "best" | "last" | "average" = "best"): CellSummary {
  const submitted = attempts.filter((a) => a.status === "submitted" && a.submittedAt);
  let best: AttemptSummary | null = null;
  for (const a of submitted) {
    const better = method === "last" ? !best || a.submittedAt! > best.submittedAt! : !best || fraction(a) > fraction(best);
    if (better) best = a;
  }
  if (method === "average" && submitted.length > 0) {
    // The mean fraction of the submitted attempts, shown as a score out of the latest maximum.
    const mean = submitted.reduce((sum, a) => sum + fraction(a), 0) / submitted.length;
    const max = best?.maxScore ?? 0;
    best = { status: "submitted", submittedAt: best?.submittedAt ?? null, score: mean * max, maxScore: max };
  }
  const onTime = submitted.some((a) => !isLate(policy, a.submittedAt!));
  const status: AssignmentStatus =
    submitted.length === 0 ? (attempts.length > 0 ? "in_progress" : "not_started") : onTime ? "submitted" : "late";
  const last = submitted.reduce<Date | null>((m, a) => (!m || a.submittedAt! > m ? a.submittedAt : m), null);
  return {
    status,
    bestFraction: best ? fraction(best) : null,
    bestScore: best?.score ?? null,
    maxScore: best?.maxScore ?? null,
    attemptCount: attempts.length,
    lastSubmittedAt: last,
  };
}

/**
 * One learner's standing on a lesson assignment: submitted when every lesson is complete
 * by the due date, late when the last one was completed after it, in progress when some
 * are complete. The "score" is the fraction of lessons completed.
 */
export function summariseLessonCell(
  policy: EffectivePolicy,
  lessonSlugs: readonly string[],
  completions: ReadonlyMap<string, Date>,
): CellSummary {
  const done = lessonSlugs.filter((s) => completions.has(s));
  const last = done.reduce<Date | null>((m, s) => {
    const at = completions.get(s)!;
    return !m || at > m ? at : m;
  }, null);
  const all = lessonSlugs.length > 0 && done.length === lessonSlugs.length;
  const status: AssignmentStatus = all ? (isLate(policy, last!) ? "late" : "submitted") : done.length > 0 ? "in_progress" : "not_started";
  return {
    status,
    bestFraction: lessonSlugs.length ? done.length / lessonSlugs.length : null,
    bestScore: done.length,
    maxScore: lessonSlugs.length,
    attemptCount: 0,
    lastSubmittedAt: all ? last : null,
  };
}

function fraction(a: AttemptSummary): number {
  return a.maxScore ? (a.score ?? 0) / a.maxScore : 0;
}

export function formatUtc(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}
