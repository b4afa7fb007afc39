import "server-only";
import { effectivePolicy } from "./assignment-policy";
import { practicePoolOf } from "./content/check-yourself.server";
import { getBank, type LoadedBank } from "./content/quiz-banks.server";
import type { Db } from "./db/client";
import {
  bankReviewOptions,
  describeReviewTiming,
  GRADED_ASSIGNMENT_REVIEW,
  parseStoredReviewOptions,
  reviewVisibility,
  type ReviewMoment,
  type ReviewOptions,
  type ReviewVisibility,
} from "./quiz";

/**
 * What a learner may see of an attempt, and which answer keys stay locked for them
 * (docs/decisions/014-assessment-integrity.md).
 *
 * A graded assignment on a quiz locks that quiz's keys for each of its learners from the
 * moment it exists until it closes for them (their effective close date; never, for an
 * assignment without one): while it can still be attempted, no other route shows a key of
 * its questions: practice attempts on the quiz cannot start, the reviews of every other
 * attempt (earlier practice, "review what I missed", the same quiz assigned in another
 * cohort) hide those questions' keys, grades and explanations, and "review what I missed"
 * does not draw them. The assignment's own review follows its review options.
 * "Check yourself" questions are public, so graded draws leave them out instead.
 */
export interface AnswerKeyLock {
  assignmentId: string;
  quizId: string;
  title: string;
  cohortName: string;
  /** When the lock ends (the learner's effective close date), or null: it never closes. */
  until: Date | null;
}

/** The learner's open locks at `now`, soonest ending first. */
export async function answerKeyLocks(db: Db, userId: string, now = new Date()): Promise<AnswerKeyLock[]> {
  const memberships = await db.cohortMembership.findMany({
    // An archived cohort's assignments are over: they lock nothing.
    where: { userId, role: "learner", cohort: { archivedAt: null } },
    select: {
      cohort: {
        select: {
          name: true,
          assignments: { where: { quizId: { not: null } }, include: { overrides: { where: { userId } } } },
        },
      },
    },
  });
  const locks: AnswerKeyLock[] = [];
  for (const m of memberships) {
    for (const a of m.cohort.assignments) {
      const policy = effectivePolicy(a, a.overrides[0] ?? null);
      if (policy.closesAt && policy.closesAt.getTime() <= now.getTime()) continue;
      const bank = getBank(a.quizId!);
      locks.push({ assignmentId: a.id, quizId: a.quizId!, title: a.title || bank?.title || a.quizId!, cohortName: m.cohort.name, until: policy.closesAt });
    }
  }
  return locks.sort((x, y) => (x.until?.getTime() ?? Infinity) - (y.until?.getTime() ?? Infinity));
}

/** The question ids whose keys the locks hide (a bank's public check-yourself questions excepted). */
export function lockedQuestionIds(locks: readonly AnswerKeyLock[], exceptAssignmentId: string | null = null): Set<string> {
  const ids = new Set<string>();
  for (const lock of locks) {
    if (lock.assignmentId === exceptAssignmentId) continue;
    const bank = getBank(lock.quizId);
    const publicIds = practicePoolOf(lock.quizId);
    for (const q of bank?.questions ?? []) if (!publicIds.has(q.id)) ids.add(q.id);
  }
  return ids;
}

/** The lock, if any, that keeps practice attempts at this quiz closed. */
export function practiceLockOn(locks: readonly AnswerKeyLock[], quizId: string): AnswerKeyLock | null {
  return locks.find((l) => l.quizId === quizId) ?? null;
}

export function describeLock(lock: AnswerKeyLock): string {
  const until = lock.until ? `it reopens when the assignment closes, ${lock.until.toISOString().replace("T", " ").slice(0, 16)} UTC` : "the assignment has no close date";
  return `Practice on this quiz is closed while your assignment "${lock.title}" (${lock.cohortName}) is open: ${until}.`;
}

export interface ReviewContext {
  options: ReviewOptions;
  moment: ReviewMoment;
  visibility: ReviewVisibility;
  /** Questions of this attempt whose key, grade and explanation stay hidden (another assignment's lock). */
  hiddenKeys: Set<string>;
  /** The locks behind `hiddenKeys`, for the page to name. */
  locks: AnswerKeyLock[];
  /** When each hidden part will show, as sentences for the page. */
  timing: string[];
  /** The pass mark that applies: the assignment's, else the quiz's. */
  passMark: number;
}

type AttemptForReview = { userId: string; assignmentId: string | null; status: string; closesAt: Date | null; questionIds: string };

/** The review options and moment of an attempt: its assignment's (with the learner's accommodations) or its bank's. */
export async function reviewContextOf(db: Db, attempt: AttemptForReview, bank: LoadedBank, now = new Date()): Promise<ReviewContext> {
  let options = bankReviewOptions(bank);
  let moment: ReviewMoment = { submitted: attempt.status === "submitted", dueAt: null, closesAt: attempt.closesAt, now };
  let passMark = bank.passMark;
  if (attempt.assignmentId) {
    const assignment = await db.assignment.findUnique({
      where: { id: attempt.assignmentId },
      include: { overrides: { where: { userId: attempt.userId } } },
    });
    if (assignment) {
      const policy = effectivePolicy(assignment, assignment.overrides[0] ?? null);
      options = parseStoredReviewOptions(assignment.reviewOptions, GRADED_ASSIGNMENT_REVIEW);
      moment = { ...moment, dueAt: policy.dueAt, closesAt: policy.closesAt };
      passMark = assignment.passMark ?? bank.passMark;
    }
  }
  const locks = await answerKeyLocks(db, attempt.userId, now);
  const locked = lockedQuestionIds(locks, attempt.assignmentId);
  const own = new Set(JSON.parse(attempt.questionIds) as string[]);
  const hiddenKeys = new Set([...locked].filter((id) => own.has(id)));
  const lockingQuizzes = new Set([...hiddenKeys].map((id) => questionQuiz(locks, id)).filter((q): q is string => q !== null));
  return {
    options,
    moment,
    visibility: reviewVisibility(options, moment),
    hiddenKeys,
    locks: locks.filter((l) => lockingQuizzes.has(l.quizId) && l.assignmentId !== attempt.assignmentId),
    timing: describeReviewTiming(options, moment),
    passMark,
  };
}

function questionQuiz(locks: readonly AnswerKeyLock[], questionId: string): string | null {
  for (const lock of locks) if (getBank(lock.quizId)?.questions.some((q) => q.id === questionId)) return lock.quizId;
  return null;
}

/**
 * Which of a learner's submitted attempts may show their score now, for lists such as My
 * progress: an assignment attempt by its review options, any attempt not while another
 * open assignment locks one of its questions.
 */
export async function attemptsWithVisibleScore(
  db: Db,
  userId: string,
  attempts: readonly (AttemptForReview & { id: string; quizId: string })[],
  now = new Date(),
): Promise<Set<string>> {
  const locks = await answerKeyLocks(db, userId, now);
  const assignmentIds = [...new Set(attempts.map((a) => a.assignmentId).filter((id): id is string => id !== null))];
  const assignments = assignmentIds.length
    ? await db.assignment.findMany({ where: { id: { in: assignmentIds } }, include: { overrides: { where: { userId } } } })
    : [];
  const byId = new Map(assignments.map((a) => [a.id, a]));
  const visible = new Set<string>();
  // The locked set depends only on which assignment is excepted: build it once per assignment, not per attempt.
  const lockedExcept = new Map<string | null, Set<string>>();
  for (const attempt of attempts) {
    if (attempt.status !== "submitted") continue;
    let locked = lockedExcept.get(attempt.assignmentId);
    if (!locked) lockedExcept.set(attempt.assignmentId, (locked = lockedQuestionIds(locks, attempt.assignmentId)));
    if ((JSON.parse(attempt.questionIds) as string[]).some((id) => locked.has(id))) continue;
    const assignment = attempt.assignmentId ? byId.get(attempt.assignmentId) : undefined;
    if (assignment) {
      const policy = effectivePolicy(assignment, assignment.overrides[0] ?? null);
      const options = parseStoredReviewOptions(assignment.reviewOptions, GRADED_ASSIGNMENT_REVIEW);
      if (!reviewVisibility(options, { submitted: true, dueAt: policy.dueAt, closesAt: policy.closesAt, now }).score) continue;
    } else {
      const bank = getBank(attempt.quizId);
      if (!bank || !reviewVisibility(bankReviewOptions(bank), { submitted: true, dueAt: null, closesAt: attempt.closesAt, now }).score) continue;
    }
    visible.add(attempt.id);
  }
  return visible;
}
