import "server-only";
import { z } from "zod";
import { getManagedAssignment } from "./assignments.server";
import { getBank, type LoadedBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import { gradeAnswer, type Answer, type Question } from "./quiz";
import { fail, isStaff, NOT_STAFF, type Actor, type Failure } from "./roles.server";
import { plural } from "./text/plural";

/**
 * Grades changed after submission, by instructors: a regrade after a bank fix (previewed as
 * a dry run, then applied) and a manual override of one response's points with a comment
 * the learner sees. Both leave a GradeChange row (who, when, old and new values), shown in
 * the gradebook, the drill-down and the responses CSV. A manual override wins over later
 * regrades: the instructor's judgement is not undone by a key change.
 */

export interface RegradeChange {
  questionId: string;
  oldPoints: number | null;
  newPoints: number;
  maxPoints: number;
}

export interface RegradeRow {
  attemptId: string;
  userId: string;
  oldScore: number;
  newScore: number;
  maxScore: number;
  changes: RegradeChange[];
  /** Overridden responses the regrade leaves alone. */
  keptOverrides: number;
}

type AttemptWithResponses = Awaited<ReturnType<typeof submittedAttemptsOf>>[number];

function submittedAttemptsOf(db: Db, assignmentId: string) {
  return db.quizAttempt.findMany({
    where: { assignmentId, status: "submitted" },
    include: { responses: true },
    orderBy: [{ userId: "asc" }, { attemptNumber: "asc" }],
  });
}

/** What grading the attempt again with the bank as it is now would change. Pure over the loaded rows. */
export function regradeOf(attempt: AttemptWithResponses, bank: LoadedBank): RegradeRow {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const responses = new Map(attempt.responses.map((r) => [r.questionId, r]));
  const changes: RegradeChange[] = [];
  let newScore = 0;
  let maxScore = 0;
  let keptOverrides = 0;
  for (const id of JSON.parse(attempt.questionIds) as string[]) {
    const question = byId.get(id);
    const response = responses.get(id);
    if (!question) continue;
    const answer = response ? (JSON.parse(response.answer) as Answer | null) : null;
    const result = gradeAnswer(question, answer, attempt.seed);
    maxScore += result.maxPoints;
    if (response?.manualPoints !== null && response?.manualPoints !== undefined) {
      keptOverrides++;
      newScore += response.manualPoints;
      continue;
    }
    newScore += result.points;
    if (response?.points !== result.points || response?.maxPoints !== result.maxPoints) {
      changes.push({ questionId: id, oldPoints: response?.points ?? null, newPoints: result.points, maxPoints: result.maxPoints });
    }
  }
  return { attemptId: attempt.id, userId: attempt.userId, oldScore: attempt.score ?? 0, newScore, maxScore, changes, keptOverrides };
}

async function managedQuizAssignment(db: Db, actor: Actor, assignmentId: string): Promise<{ failure: Failure } | { bank: LoadedBank }> {
  if (!isStaff(actor)) return { failure: fail(403, NOT_STAFF) };
  const assignment = await getManagedAssignment(db, actor, assignmentId);
  if (!assignment) return { failure: fail(404, "No such assignment.") };
  const bank = assignment.quizId ? getBank(assignment.quizId) : null;
  if (!bank) return { failure: fail(409, "This assignment has no quiz to regrade.") };
  return { bank };
}

/** The dry run: per submitted attempt that would change, old → new, and nothing written. */
export async function previewRegrade(db: Db, actor: Actor, assignmentId: string): Promise<{ ok: true; rows: RegradeRow[]; attempts: number } | Failure> {
  const found = await managedQuizAssignment(db, actor, assignmentId);
  if ("failure" in found) return found.failure;
  const attempts = await submittedAttemptsOf(db, assignmentId);
  const rows = attempts.map((a) => regradeOf(a, found.bank)).filter((r) => r.changes.length > 0 || r.newScore !== r.oldScore);
  return { ok: true, rows, attempts: attempts.length };
}

/** Applies the regrade: changed responses and scores are written, each change recorded. */
export async function applyRegrade(db: Db, actor: Actor, assignmentId: string, now = new Date()): Promise<{ ok: true; changedAttempts: number; changedResponses: number } | Failure> {
  const found = await managedQuizAssignment(db, actor, assignmentId);
  if ("failure" in found) return found.failure;
  let changedAttempts = 0;
  let changedResponses = 0;
  for (const attempt of await submittedAttemptsOf(db, assignmentId)) {
    const row = regradeOf(attempt, found.bank);
    if (row.changes.length === 0 && row.newScore === row.oldScore) continue;
    const questions = new Map(found.bank.questions.map((q) => [q.id, q]));
    await db.$transaction(async (tx) => {
      for (const c of row.changes) {
        const correct = c.newPoints >= c.maxPoints;
        const where = { attemptId_questionId: { attemptId: attempt.id, questionId: c.questionId } };
        const data = { points: c.newPoints, maxPoints: c.maxPoints, correct, gradedAt: now };
        await tx.questionResponse.upsert({ where, update: data, create: { attemptId: attempt.id, questionId: c.questionId, answer: "null", savedAt: now, ...data } });
        await tx.gradeChange.create({
          data: {
            attemptId: attempt.id, questionId: c.questionId, kind: "regrade", byUserId: actor.id,
            oldPoints: c.oldPoints, newPoints: c.newPoints, oldScore: row.oldScore, newScore: row.newScore,
            comment: describeQuestion(questions.get(c.questionId)),
          },
        });
      }
      await tx.quizAttempt.update({ where: { id: attempt.id }, data: { score: row.newScore, maxScore: row.maxScore } });
    });
    changedAttempts++;
    changedResponses += row.changes.length;
  }
  return { ok: true, changedAttempts, changedResponses };
}

function describeQuestion(q: Question | undefined): string {
  return q ? `Regraded with the current key of ${q.id}.` : "Regraded.";
}

export const overrideInputSchema = z.object({
  questionId: z.string().min(1).max(100),
  points: z.number({ error: "Points must be a number." }).finite().min(0, "Points cannot be negative."),
  comment: z.string().trim().min(1, "Say why: the learner sees this comment with the grade.").max(1000, "Use at most 1000 characters."),
});
export type OverrideInput = z.infer<typeof overrideInputSchema>;

/**
 * Sets the points of one response of a submitted assignment attempt by hand, with a
 * comment, and updates the attempt's score. The cohort's instructors only (404 otherwise).
 */
export async function overrideResponse(db: Db, actor: Actor, attemptId: string, input: OverrideInput, now = new Date()) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const attempt = await db.quizAttempt.findUnique({ where: { id: attemptId }, include: { responses: true } });
  if (!attempt?.assignmentId || !(await getManagedAssignment(db, actor, attempt.assignmentId))) return fail(404, "No such attempt.");
  if (attempt.status !== "submitted") return fail(409, "The attempt is still in progress: grades can be changed once it is submitted.");
  const ids = JSON.parse(attempt.questionIds) as string[];
  if (!ids.includes(input.questionId)) return fail(400, "Some fields need attention.", { questionId: "That question is not in this attempt." });
  const bank = getBank(attempt.quizId);
  const question = bank?.questions.find((q) => q.id === input.questionId);
  const response = attempt.responses.find((r) => r.questionId === input.questionId);
  const maxPoints = response?.maxPoints ?? (question ? gradeAnswer(question, null, attempt.seed).maxPoints : 1);
  if (input.points > maxPoints) return fail(400, "Some fields need attention.", { points: `At most ${plural(maxPoints, "point")} on this question.` });
  const oldPoints = response?.points ?? null;
  const result = await db.$transaction(async (tx) => {
    const data = { points: input.points, maxPoints, correct: input.points >= maxPoints, manualPoints: input.points, manualComment: input.comment, gradedAt: now };
    await tx.questionResponse.upsert({
      where: { attemptId_questionId: { attemptId, questionId: input.questionId } },
      update: data,
      create: { attemptId, questionId: input.questionId, answer: "null", savedAt: now, ...data },
    });
    const rows = await tx.questionResponse.findMany({ where: { attemptId, questionId: { in: ids } }, select: { points: true } });
    const newScore = rows.reduce((s, r) => s + (r.points ?? 0), 0);
    await tx.quizAttempt.update({ where: { id: attemptId }, data: { score: newScore } });
    await tx.gradeChange.create({
      data: { attemptId, questionId: input.questionId, kind: "override", byUserId: actor.id, oldPoints, newPoints: input.points, oldScore: attempt.score, newScore, comment: input.comment },
    });
    return newScore;
  });
  return { ok: true as const, score: result, maxScore: attempt.maxScore ?? 0 };
}

/** The grade changes of some attempts, newest first, with who made them. */
export async function gradeChangesOf(db: Db, attemptIds: readonly string[]) {
  if (attemptIds.length === 0) return [];
  const changes = await db.gradeChange.findMany({ where: { attemptId: { in: [...attemptIds] } }, orderBy: { createdAt: "desc" } });
  const people = await db.user.findMany({ where: { id: { in: [...new Set(changes.map((c) => c.byUserId))] } }, select: { id: true, email: true, name: true } });
  const who = new Map(people.map((p) => [p.id, p.name ?? p.email]));
  return changes.map((c) => ({ ...c, by: who.get(c.byUserId) ?? "(deleted account)" }));
}
