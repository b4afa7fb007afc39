import "server-only";
import { log } from "./observability/log";
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
import { startLabAttempt } from "./labs.server";
import { practicePoolOf } from "./content/check-yourself.server";
import { getLesson } from "./content/lessons.server";
import { getBank } from "./content/quiz-banks.server";
import { getLab } from "./labs";
import type { Db } from "./db/client";
import { appUrl, sendMail } from "./mail.server";
import {
  GRADED_ASSIGNMENT_REVIEW,
  parseStoredReviewOptions,
  REVIEW_PART_LABELS,
  REVIEW_PARTS,
  REVIEW_WHEN,
  REVIEW_WHEN_LABELS,
  type ReviewOptions,
} from "./quiz/review-options";
import { fail, getManagedCohort, isStaff, NO_SUCH_COHORT, NOT_STAFF, type Actor, type Failure } from "./roles.server";

/**
 * Assignments: a quiz or a set of lessons set for a cohort, with its window and limits,
 * and per-learner accommodations. The rules themselves are pure (lib/assignment-policy.ts);
 * this module loads rows, checks the caller and applies them.
 */

const reviewWhenField = z.enum(REVIEW_WHEN, { error: `Choose when it shows: ${REVIEW_WHEN.join(", ")}.` }).nullable().optional().default(null);

/**
 * A date from a form or API: empty (null, "", missing) is null, never 1970-01-01 (what
 * coercing null gives); anything else must be a real date in a sane range.
 */
function dateInput(label: string) {
  return z.union([z.string(), z.date(), z.null()]).optional().transform((v, ctx): Date | null => parseDateValue(v ?? null, label, ctx));
}

/** For edits: a missing date stays as it is (undefined); null or "" clears it. */
function dateEdit(label: string) {
  return z.union([z.string(), z.date(), z.null()]).optional().transform((v, ctx): Date | null | undefined => (v === undefined ? undefined : parseDateValue(v, label, ctx)));
}

function parseDateValue(v: string | Date | null, label: string, ctx: z.RefinementCtx): Date | null {
  if (v === null || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 2000 || d.getUTCFullYear() > 9999) {
    ctx.addIssue({ code: "custom", message: `Enter a valid ${label} (a date from the year 2000 to 9999).` });
    return z.NEVER;
  }
  return d;
}

export const GRADING_METHODS = ["best", "last", "average"] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];
const gradingMethodField = z.enum(GRADING_METHODS, { error: "Choose best, last or average." });
const passMarkField = z.number({ error: "The pass mark is a percentage from 0 to 100." }).min(0, "The pass mark is a percentage from 0 to 100.").max(100, "The pass mark is a percentage from 0 to 100.");

const optionalPositiveInt = (max: number, message: string) =>
  z.number().int().min(1, message).max(max, message).nullable().optional().default(null);

export const assignmentInputSchema = z
  .object({
    title: z.string().trim().max(120, "Use at most 120 characters.").optional().default(""),
    quizId: z.string().max(100).nullable().optional().default(null),
    labSlug: z.string().max(100).nullable().optional().default(null),
    lessonSlugs: z.array(z.string().max(100)).max(50).optional().default([]),
    // Empty means "open now" (an empty date must never coerce to 1970-01-01).
    opensAt: dateInput("open date"),
    dueAt: dateInput("due date").pipe(z.date({ error: "Enter a due date: every assignment needs one (the open date may stay empty for \"now\")." })),
    closesAt: dateInput("close date"),
    attemptsAllowed: optionalPositiveInt(100, "Attempts allowed must be a whole number from 1 to 100."),
    timeLimitMinutes: optionalPositiveInt(600, "The time limit must be a whole number of minutes from 1 to 600."),
    // Review options, one field per part (the teaching form is flat); empty: the graded default.
    reviewScore: reviewWhenField,
    reviewAnswers: reviewWhenField,
    reviewRightAnswers: reviewWhenField,
    reviewExplanations: reviewWhenField,
    gradingMethod: gradingMethodField.nullable().optional().default(null),
    /** Percent; empty: the quiz's own pass mark. */
    passMarkPercent: passMarkField.nullable().optional().default(null),
  })
  .superRefine((v, ctx) => {
    const hasQuiz = Boolean(v.quizId);
    const hasLab = Boolean(v.labSlug);
    const hasLessons = v.lessonSlugs.length > 0;
    if ([hasQuiz, hasLab, hasLessons].filter(Boolean).length !== 1) {
      ctx.addIssue({ code: "custom", path: ["quizId"], message: "Choose one thing to assign: a quiz, a lab, or at least one lesson." });
    }
    if (hasQuiz && !getBank(v.quizId!)) ctx.addIssue({ code: "custom", path: ["quizId"], message: `There is no quiz "${v.quizId}".` });
    if (hasLab && v.timeLimitMinutes) ctx.addIssue({ code: "custom", path: ["timeLimitMinutes"], message: "A lab has no time limit: set its due and close dates instead." });
    if (hasLab && !getLab(v.labSlug!)) ctx.addIssue({ code: "custom", path: ["labSlug"], message: `There is no lab "${v.labSlug}".` });
    for (const slug of v.lessonSlugs) {
      if (!getLesson(slug)) ctx.addIssue({ code: "custom", path: ["lessonSlugs"], message: `There is no lesson "${slug}".` });
    }
    if (v.opensAt && v.dueAt <= v.opensAt) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "The due date must be after the open date." });
    if (v.closesAt && v.closesAt < v.dueAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "The close date cannot be before the due date." });
  });
type ReviewField = "reviewScore" | "reviewAnswers" | "reviewRightAnswers" | "reviewExplanations" | "gradingMethod" | "passMarkPercent";
type ParsedAssignment = z.infer<typeof assignmentInputSchema>;
/** A validated assignment; the review fields may be left out (the graded default). */
export type AssignmentInput = Omit<ParsedAssignment, ReviewField | "labSlug"> & Partial<Pick<ParsedAssignment, ReviewField | "labSlug">>;

/** The teaching form's selects for the review options, one per part, with their current values. */
export function reviewOptionFields(current: ReviewOptions) {
  return REVIEW_PARTS.map((part) => ({
    kind: "select" as const,
    name: REVIEW_FIELD_OF[part],
    label: `Review: ${REVIEW_PART_LABELS[part].toLowerCase()} show`,
    options: REVIEW_WHEN.map((w) => ({ value: w, label: REVIEW_WHEN_LABELS[w] })),
    defaultValue: current[part],
  }));
}

/** The flat form field of each review part. */
export const REVIEW_FIELD_OF = { score: "reviewScore", answers: "reviewAnswers", rightAnswers: "reviewRightAnswers", explanations: "reviewExplanations" } as const;

/** The review options an assignment input sets, over the graded default. */
export function reviewOptionsOfInput(input: Pick<AssignmentInput, "reviewScore" | "reviewAnswers" | "reviewRightAnswers" | "reviewExplanations">): ReviewOptions {
  return {
    score: input.reviewScore ?? GRADED_ASSIGNMENT_REVIEW.score,
    answers: input.reviewAnswers ?? GRADED_ASSIGNMENT_REVIEW.answers,
    rightAnswers: input.reviewRightAnswers ?? GRADED_ASSIGNMENT_REVIEW.rightAnswers,
    explanations: input.reviewExplanations ?? GRADED_ASSIGNMENT_REVIEW.explanations,
  };
}

export const overrideInputSchema = z.object({
  userId: z.string().min(1).max(64),
  extraTimeMinutes: z.number().int().min(0).max(600).optional().default(0),
  extraAttempts: z.number().int().min(0).max(100).optional().default(0),
  dueAt: dateInput("due date"),
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

/** What an assignment sets: a quiz, a troubleshooting lab, or lessons to read. */
export type AssignmentKind = "quiz" | "lab" | "lessons";

export function assignmentKind(a: { quizId: string | null; labSlug?: string | null }): AssignmentKind {
  return a.quizId ? "quiz" : a.labSlug ? "lab" : "lessons";
}

/** A title for lists: the instructor's, else the quiz's or lab's, else the lessons'. */
export function assignmentTitle(a: { title: string; quizId: string | null; labSlug?: string | null; lessonSlugs: string }): string {
  if (a.title) return a.title;
  if (a.quizId) return getBank(a.quizId)?.title ?? a.quizId;
  if (a.labSlug) return `Lab: ${getLab(a.labSlug)?.title ?? a.labSlug}`;
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
      labSlug: input.quizId ? null : input.labSlug || null,
      lessonSlugs: JSON.stringify(input.quizId || input.labSlug ? [] : input.lessonSlugs),
      opensAt: input.opensAt ?? new Date(),
      dueAt: input.dueAt,
      closesAt: input.closesAt,
      attemptsAllowed: input.attemptsAllowed,
      timeLimitSeconds: input.timeLimitMinutes ? input.timeLimitMinutes * 60 : null,
      reviewOptions: JSON.stringify(reviewOptionsOfInput(input)),
      gradingMethod: input.gradingMethod ?? "best",
      passMark: input.passMarkPercent === null || input.passMarkPercent === undefined ? null : input.passMarkPercent / 100,
    },
  });
  // Not awaited: the assignment exists whatever the mail does; a failure is logged.
  void mailNewAssignment(db, cohort.name, assignment).catch((error: unknown) => {
    log.warn("new-assignment mails not sent", { assignmentId: assignment.id, error });
  });
  return { ok: true as const, assignment };
}

/**
 * Tells each learner of the cohort whose address is verified about a new assignment: its
 * title, the quiz (or lessons), the due date and a link. Unverified addresses get nothing
 * (the address may not be theirs: docs/decisions/015-email-verification.md).
 */
async function mailNewAssignment(db: Db, cohortName: string, assignment: AssignmentRow) {
  const learners = await db.cohortMembership.findMany({
    where: { cohortId: assignment.cohortId, role: "learner", user: { emailVerified: { not: null }, disabledAt: null } },
    select: { user: { select: { email: true } } },
  });
  const title = assignmentTitle(assignment);
  const what = assignment.quizId
    ? `Quiz: ${getBank(assignment.quizId)?.title ?? assignment.quizId}`
    : assignment.labSlug
      ? `Troubleshooting lab: ${getLab(assignment.labSlug)?.title ?? assignment.labSlug}`
      : `Lessons: ${lessonSlugsOf(assignment).map((s) => getLesson(s)?.title ?? s).join(", ")}`;
  const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  await Promise.allSettled(
    learners.map(({ user }) =>
      sendMail({
        to: user.email,
        subject: `New assignment in "${cohortName}": ${title}`,
        text: [
          `Your instructor set a new assignment in the cohort "${cohortName}".`,
          "",
          `Title: ${title}`,
          what,
          `Opens: ${when(assignment.opensAt)}`,
          `Due: ${when(assignment.dueAt)}`,
          "",
          `Start it from your assignments: ${appUrl("/")}`,
        ].join("\n"),
      }),
    ),
  );
}

/**
 * An edit of an assignment: every field may be left out (unchanged); null clears the
 * optional ones. The quiz or lessons cannot change once set (attempts depend on them):
 * delete and recreate for that.
 */
export const assignmentEditSchema = z
  .object({
    title: z.string().trim().max(120, "Use at most 120 characters.").optional(),
    opensAt: dateEdit("open date"),
    dueAt: dateEdit("due date"),
    closesAt: dateEdit("close date"),
    attemptsAllowed: z.number().int().min(1, "Attempts allowed must be a whole number from 1 to 100.").max(100, "Attempts allowed must be a whole number from 1 to 100.").nullable().optional(),
    timeLimitMinutes: z.number().int().min(1, "The time limit must be a whole number of minutes from 1 to 600.").max(600, "The time limit must be a whole number of minutes from 1 to 600.").nullable().optional(),
    reviewScore: z.enum(REVIEW_WHEN).nullable().optional(),
    reviewAnswers: z.enum(REVIEW_WHEN).nullable().optional(),
    reviewRightAnswers: z.enum(REVIEW_WHEN).nullable().optional(),
    reviewExplanations: z.enum(REVIEW_WHEN).nullable().optional(),
    gradingMethod: gradingMethodField.nullable().optional(),
    passMarkPercent: passMarkField.nullable().optional(),
    quizId: z.unknown().optional(),
    labSlug: z.unknown().optional(),
    lessonSlugs: z.unknown().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.quizId !== undefined || v.labSlug !== undefined || v.lessonSlugs !== undefined) {
      const path = v.quizId !== undefined ? "quizId" : v.labSlug !== undefined ? "labSlug" : "lessonSlugs";
      ctx.addIssue({ code: "custom", path: [path], message: "The quiz, lab or lessons of an assignment cannot change; delete it and create a new one." });
    }
  });
export type AssignmentEdit = z.infer<typeof assignmentEditSchema>;

/** The stored grading method, read strictly (anything unknown is "best"). */
export function gradingMethodOf(a: { gradingMethod: string }): GradingMethod {
  return (GRADING_METHODS as readonly string[]).includes(a.gradingMethod) ? (a.gradingMethod as GradingMethod) : "best";
}

export async function updateAssignment(db: Db, actor: Actor, assignmentId: string, edit: AssignmentEdit, now = new Date()) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const current = await getManagedAssignment(db, actor, assignmentId);
  if (!current) return fail(404, "No such assignment.");
  // Empty "opens" means "immediately": an assignment already open stays as it is.
  const opensAt = edit.opensAt === undefined ? current.opensAt : (edit.opensAt ?? (current.opensAt <= now ? current.opensAt : now));
  if (edit.dueAt === null) return fail(400, "Some fields need attention.", { dueAt: "Enter a due date: every assignment needs one." });
  const dueAt = edit.dueAt ?? current.dueAt;
  const closesAt = edit.closesAt === undefined ? current.closesAt : edit.closesAt;
  if (dueAt <= opensAt) return fail(400, "Some fields need attention.", { dueAt: "The due date must be after the open date." });
  if (closesAt && closesAt < dueAt) return fail(400, "Some fields need attention.", { closesAt: "The close date cannot be before the due date." });
  const review = parseStoredReviewOptions(current.reviewOptions, GRADED_ASSIGNMENT_REVIEW);
  const pick = <T,>(v: T | null | undefined, fallback: T) => (v === undefined || v === null ? fallback : v);
  const assignment = await db.assignment.update({
    where: { id: current.id },
    data: {
      title: edit.title ?? current.title,
      opensAt,
      dueAt,
      closesAt,
      attemptsAllowed: edit.attemptsAllowed === undefined ? current.attemptsAllowed : edit.attemptsAllowed,
      timeLimitSeconds: edit.timeLimitMinutes === undefined ? current.timeLimitSeconds : edit.timeLimitMinutes === null ? null : edit.timeLimitMinutes * 60,
      reviewOptions: JSON.stringify({
        score: pick(edit.reviewScore, review.score),
        answers: pick(edit.reviewAnswers, review.answers),
        rightAnswers: pick(edit.reviewRightAnswers, review.rightAnswers),
        explanations: pick(edit.reviewExplanations, review.explanations),
      }),
      gradingMethod: pick(edit.gradingMethod, current.gradingMethod),
      passMark: edit.passMarkPercent === undefined ? current.passMark : edit.passMarkPercent === null ? null : edit.passMarkPercent / 100,
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
  if (!assignment.quizId) return fail(409, assignment.labSlug ? "This assignment is a lab: start it from the lab." : "This assignment is a set of lessons, not a quiz.");
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
    // Lessons show some of the bank's questions as "check yourself", graded for anyone by
    // /api/check: their keys are public, so a graded draw leaves them out.
    excludeQuestionIds: practicePoolOf(bank.id),
    policy: { assignmentId, attemptsAllowed: policy.attemptsAllowed, timeLimitSeconds: policy.timeLimitSeconds, closesAt: policy.closesAt },
    admit: (used) => checkStart(policy, used, now),
  });
  if (!result.ok) return fail(result.status === 403 ? 409 : result.status, result.error);
  return { ok: true, attemptId: result.attempt.id, quizId: bank.id, resumed: result.resumed };
}

/**
 * Starts (or resumes) the learner's attempt at a lab assignment: membership here; the window
 * and the attempts left inside the lab's start lock (a double click opens one attempt). The
 * attempt keeps the learner's close date and refuses commands and submits after it.
 */
export async function startLabAssignmentAttempt(
  db: Db,
  userId: string,
  assignmentId: string,
  now = new Date(),
): Promise<{ ok: true; attemptId: string; labSlug: string; resumed: boolean } | Failure> {
  const found = await getLearnerAssignment(db, userId, assignmentId);
  if (!found) return fail(404, "No such assignment.");
  const { assignment, policy } = found;
  if (!assignment.labSlug) return fail(409, "This assignment is not a lab.");
  const result = await startLabAttempt(db, {
    userId,
    slug: assignment.labSlug,
    assignmentId,
    closesAt: policy.closesAt,
    now,
    admit: (used) => {
      const check = checkStart(policy, used, now);
      return check.ok ? { ok: true } : { ok: false, message: check.message };
    },
  });
  if (!result.ok) return fail(result.status === 400 ? 409 : result.status, result.error);
  return { ok: true, attemptId: result.attempt.id, labSlug: result.attempt.labSlug, resumed: result.resumed };
}

export interface MyAssignment {
  id: string;
  cohortName: string;
  title: string;
  kind: AssignmentKind;
  quizId: string | null;
  labSlug: string | null;
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
    where: { userId, role: "learner", cohort: { archivedAt: null } },
    include: { cohort: { include: { assignments: { include: { overrides: { where: { userId } } } } } } },
  });
  const assignments = memberships.flatMap((m) => m.cohort.assignments.map((a) => ({ a, cohortName: m.cohort.name })));
  if (assignments.length === 0) return [];
  const assignmentIds = assignments.map((x) => x.a.id);
  const [quizAttempts, labAttempts] = await Promise.all([
    db.quizAttempt.findMany({
      where: { userId, assignmentId: { in: assignmentIds } },
      select: { id: true, assignmentId: true, status: true, submittedAt: true, score: true, maxScore: true },
    }),
    db.labAttempt.findMany({
      // An attempt closed unscored because the lab changed is no attempt at all.
      where: { userId, assignmentId: { in: assignmentIds }, status: { not: "abandoned" } },
      select: { id: true, assignmentId: true, status: true, submittedAt: true, score: true, maxScore: true },
    }),
  ]);
  const attempts = [...quizAttempts, ...labAttempts];
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
      const kind = assignmentKind(a);
      const summary = kind !== "lessons" ? summariseQuizCell(policy, mine, gradingMethodOf(a)) : summariseLessonCell(policy, slugs, completedAt);
      const open = mine.find((t) => t.status === "in_progress");
      const check = kind !== "lessons" ? checkStart(policy, mine.length, now) : { ok: true as const };
      return {
        id: a.id,
        cohortName,
        title: assignmentTitle(a),
        kind,
        quizId: a.quizId,
        labSlug: a.labSlug,
        lessons: slugs.map((slug) => ({ slug, title: getLesson(slug)?.title ?? slug })),
        opensAt: policy.opensAt.toISOString(),
        dueAt: policy.dueAt.toISOString(),
        closesAt: policy.closesAt?.toISOString() ?? null,
        timeLimitSeconds: policy.timeLimitSeconds,
        attemptsAllowed: policy.attemptsAllowed,
        summary: { ...summary, lastSubmittedAt: summary.lastSubmittedAt?.toISOString() ?? null },
        openAttemptId: open?.id ?? null,
        canStart: kind !== "lessons" && check.ok,
        blockedReason: check.ok ? null : check.message,
      };
    })
    .sort((x, y) => x.dueAt.localeCompare(y.dueAt));
}
