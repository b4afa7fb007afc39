import "server-only";
import { z } from "zod";
import {
  checkStart,
  effectivePolicy,
  summariseLessonCell,
  summariseQuizCell,
  type CellSummary,
  type EffectivePolicy,
} from "./assignment-policy";
import { startAttempt } from "./attempts.server";
import { getLesson } from "./content/lessons.server";
import { getBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import { boundedDate } from "./validation/safe-input";
import { fail, getManagedCohort, isStaff, NO_SUCH_COHORT, NOT_STAFF, type Actor, type Failure } from "./roles.server";

/**
 * Assignments: a quiz or a set of lessons set for a cohort, with its window and limits,
 * and per-learner accommodations. The rules themselves are pure (lib/assignment-policy.ts);
 * this module loads rows, checks the caller and applies them.
 */

const optionalPositiveInt = (max: number, message: string) =>
  z.number().int().min(1, message).max(max, message).nullable().optional().default(null);

export const assignmentInputSchema = z
  .object({
    title: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
    quizId: z.string().max(100).nullable().optional().default(null),
    lessonSlugs: z.array(z.string().max(100)).max(50).optional().default([]),
    opensAt: boundedDate("Enter a valid open date."),
    dueAt: boundedDate("Enter a valid due date."),
    closesAt: boundedDate("Enter a valid close date.").nullable().optional().default(null),
    attemptsAllowed: optionalPositiveInt(100, "Attempts allowed must be a whole number from 1 to 100."),
    timeLimitMinutes: optionalPositiveInt(600, "The time limit must be a whole number of minutes from 1 to 600."),
  })
  .superRefine((v, ctx) => {
    const hasQuiz = Boolean(v.quizId);
    const hasLessons = v.lessonSlugs.length > 0;
    if (hasQuiz === hasLessons) ctx.addIssue({ code: "custom", path: ["quizId"], message: "Choose a quiz or at least one lesson (not both)." });
    if (hasQuiz && !getBank(v.quizId!)) ctx.addIssue({ code: "custom", path: ["quizId"], message: `There is no quiz "${v.quizId}".` });
    for (const slug of v.lessonSlugs) {
      if (!getLesson(slug)) ctx.addIssue({ code: "custom", path: ["lessonSlugs"], message: `There is no lesson "${slug}".` });
    }
    if (v.dueAt <= v.opensAt) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "The due date must be after the open date." });
    if (v.closesAt && v.closesAt < v.dueAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "The close date cannot be before the due date." });
  });
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;

export const overrideInputSchema = z.object({
  userId: z.string().min(1).max(64),
  extraTimeMinutes: z.number().int().min(0).max(600).optional().default(0),
  extraAttempts: z.number().int().min(0).max(100).optional().default(0),
  dueAt: boundedDate("Enter a valid due date.").nullable().optional().default(null),
});
export type OverrideInput = z.infer<typeof overrideInputSchema>;

type AssignmentRow = Awaited<ReturnType<Db["assignment"]["findFirstOrThrow"]>>;
type OverrideRow = Awaited<ReturnType<Db["assignmentOverride"]["findFirstOrThrow"]>>;

export function lessonSlugsOf(a: { lessonSlugs: string }): string[] {
  try {
    const parsed: unknown = JSON.parse(a.lessonSlugs);
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === "string") : [];
  } catch {
    return [];
  }
}

/** A title for lists: the instructor's, else the quiz's, else the lessons'. */
export function assignmentTitle(a: { title: string; quizId: string | null; lessonSlugs: string }): string {
  if (a.title) return a.title;
  if (a.quizId) return getBank(a.quizId)?.title ?? a.quizId;
  return lessonSlugsOf(a).map((s) => getLesson(s)?.title ?? s).join(", ");
}

export function policyOf(assignment: AssignmentRow, override: OverrideRow | null): EffectivePolicy {
  return effectivePolicy(assignment, override);
}

export async function createAssignment(db: Db, actor: Actor, cohortId: string, input: AssignmentInput) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  const assignment = await db.assignment.create({
    data: {
      cohortId,
      title: input.title,
      quizId: input.quizId || null,
      lessonSlugs: JSON.stringify(input.quizId ? [] : input.lessonSlugs),
      opensAt: input.opensAt,
      dueAt: input.dueAt,
      closesAt: input.closesAt,
      attemptsAllowed: input.attemptsAllowed,
      timeLimitSeconds: input.timeLimitMinutes ? input.timeLimitMinutes * 60 : null,
    },
  });
  return { ok: true as const, assignment };
}

/** The assignment if the actor manages its cohort, else null. */
export async function getManagedAssignment(db: Db, actor: Actor, assignmentId: string) {
  if (!isStaff(actor)) return null;
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId } });
  if (!assignment || !(await getManagedCohort(db, actor, assignment.cohortId))) return null;
  return assignment;
}

export async function deleteAssignment(db: Db, actor: Actor, assignmentId: string) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const assignment = await getManagedAssignment(db, actor, assignmentId);
  if (!assignment) return fail(404, "No such assignment.");
  await db.assignment.delete({ where: { id: assignment.id } });
  return { ok: true as const };
}

/** Sets (or replaces) one learner's accommodations. The learner must be in the cohort. */
export async function setOverride(db: Db, actor: Actor, assignmentId: string, input: OverrideInput) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const assignment = await getManagedAssignment(db, actor, assignmentId);
  if (!assignment) return fail(404, "No such assignment.");
  const member = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: assignment.cohortId, userId: input.userId } } });
  if (!member || member.role !== "learner") return fail(400, "Some fields need attention.", { userId: "That person is not a learner in this cohort." });
  if (input.dueAt && input.dueAt <= assignment.opensAt) {
    return fail(400, "Some fields need attention.", { dueAt: "The due date must be after the open date." });
  }
  const data = { extraTimeSeconds: input.extraTimeMinutes * 60, extraAttempts: input.extraAttempts, dueAt: input.dueAt };
  const override = await db.assignmentOverride.upsert({
    where: { assignmentId_userId: { assignmentId, userId: input.userId } },
    create: { assignmentId, userId: input.userId, ...data },
    update: data,
  });
  return { ok: true as const, override };
}

export async function removeOverride(db: Db, actor: Actor, assignmentId: string, userId: string) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const assignment = await getManagedAssignment(db, actor, assignmentId);
  if (!assignment) return fail(404, "No such assignment.");
  await db.assignmentOverride.deleteMany({ where: { assignmentId, userId } });
  return { ok: true as const };
}

/** An assignment of a cohort the user is a learner in, with their override; null otherwise. */
async function getLearnerAssignment(db: Db, userId: string, assignmentId: string) {
  const assignment = await db.assignment.findUnique({ where: { id: assignmentId } });
  if (!assignment) return null;
  const member = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: assignment.cohortId, userId } } });
  if (!member || member.role !== "learner") return null;
  const override = await db.assignmentOverride.findUnique({ where: { assignmentId_userId: { assignmentId, userId } } });
  return { assignment, override, policy: policyOf(assignment, override) };
}

/**
 * Starts (or resumes) the learner's attempt at a quiz assignment: checks membership, the
 * window and the attempts left under their accommodations, then hands the quiz engine an
 * explicit policy (the attempt's deadline: time limit cut at the close date).
 */
export async function startAssignmentAttempt(
  db: Db,
  userId: string,
  assignmentId: string,
  now = new Date(),
): Promise<{ ok: true; attemptId: string; quizId: string; resumed: boolean } | Failure> {
  const found = await getLearnerAssignment(db, userId, assignmentId);
  if (!found) return fail(404, "No such assignment.");
  const { assignment, policy } = found;
  if (!assignment.quizId) return fail(409, "This assignment is a set of lessons, not a quiz.");
  const bank = getBank(assignment.quizId);
  if (!bank) return fail(404, "The quiz of this assignment no longer exists.");
  // The window and the attempts left are checked by startAttempt inside its lock, after it
  // looked for an open attempt: counting here, outside it, told a double click "all attempts
  // used" while the first click's attempt was open.
  // The quiz engine applies the learner's effective rules: the deadline is the time limit
  // (with extra time) cut at the close date (pushed out by a later due date), and an
  // attempt still open at that deadline is submitted by the server with its saved answers.
  const result = await startAttempt(db, {
    userId,
    bank,
    now,
    policy: { assignmentId, attemptsAllowed: policy.attemptsAllowed, timeLimitSeconds: policy.timeLimitSeconds, closesAt: policy.closesAt },
    admit: (used) => checkStart(policy, used, now),
  });
  if (!result.ok) return fail(result.status === 403 ? 409 : result.status, result.error);
  return { ok: true, attemptId: result.attempt.id, quizId: bank.id, resumed: result.resumed };
}

export interface MyAssignment {
  id: string;
  cohortName: string;
  title: string;
  kind: "quiz" | "lessons";
  quizId: string | null;
  lessons: { slug: string; title: string }[];
  opensAt: string;
  dueAt: string;
  closesAt: string | null;
  timeLimitSeconds: number | null;
  attemptsAllowed: number | null;
  summary: Omit<CellSummary, "lastSubmittedAt"> & { lastSubmittedAt: string | null };
  openAttemptId: string | null;
  canStart: boolean;
  blockedReason: string | null;
}

/** The learner's assignments across their cohorts, soonest due first, for the home page. */
export async function listMyAssignments(db: Db, userId: string, now = new Date()): Promise<MyAssignment[]> {
  const memberships = await db.cohortMembership.findMany({
    where: { userId, role: "learner" },
    include: { cohort: { include: { assignments: { include: { overrides: { where: { userId } } } } } } },
  });
  const assignments = memberships.flatMap((m) => m.cohort.assignments.map((a) => ({ a, cohortName: m.cohort.name })));
  if (assignments.length === 0) return [];
  const attempts = await db.quizAttempt.findMany({
    where: { userId, assignmentId: { in: assignments.map((x) => x.a.id) } },
    select: { id: true, assignmentId: true, status: true, submittedAt: true, score: true, maxScore: true },
  });
  const lessonSlugs = [...new Set(assignments.flatMap((x) => lessonSlugsOf(x.a)))];
  const completions = lessonSlugs.length
    ? await db.lessonProgress.findMany({ where: { userId, lessonSlug: { in: lessonSlugs }, status: "completed" } })
    : [];
  const completedAt = new Map(completions.filter((c) => c.completedAt).map((c) => [c.lessonSlug, c.completedAt!]));

  return assignments
    .map(({ a, cohortName }) => {
      const policy = policyOf(a, a.overrides[0] ?? null);
      const mine = attempts.filter((t) => t.assignmentId === a.id);
      const slugs = lessonSlugsOf(a);
      const summary = a.quizId ? summariseQuizCell(policy, mine) : summariseLessonCell(policy, slugs, completedAt);
      const open = mine.find((t) => t.status === "in_progress");
      const check = a.quizId ? checkStart(policy, mine.length, now) : { ok: true as const };
      return {
        id: a.id,
        cohortName,
        title: assignmentTitle(a),
        kind: a.quizId ? ("quiz" as const) : ("lessons" as const),
        quizId: a.quizId,
        lessons: slugs.map((slug) => ({ slug, title: getLesson(slug)?.title ?? slug })),
        opensAt: policy.opensAt.toISOString(),
        dueAt: policy.dueAt.toISOString(),
        closesAt: policy.closesAt?.toISOString() ?? null,
        timeLimitSeconds: policy.timeLimitSeconds,
        attemptsAllowed: policy.attemptsAllowed,
        summary: { ...summary, lastSubmittedAt: summary.lastSubmittedAt?.toISOString() ?? null },
        openAttemptId: open?.id ?? null,
        canStart: Boolean(a.quizId) && check.ok,
        blockedReason: check.ok ? null : check.message,
      };
    })
    .sort((x, y) => x.dueAt.localeCompare(y.dueAt));
}
