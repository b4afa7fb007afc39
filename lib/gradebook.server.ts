import "server-only";
import { isLate, summariseLessonCell, summariseQuizCell, type CellSummary } from "./assignment-policy";
import { assignmentKind, assignmentTitle, gradingMethodOf, lessonSlugsOf, policyOf, type AssignmentKind } from "./assignments.server";
import { getBank, type LoadedBank } from "./content/quiz-banks.server";
import { toCsv } from "./csv";
import { numbersInSeries } from "./attempt-series";
import type { Db } from "./db/client";
import { analyseItems, pathHopMisses, type HopMisses, type ItemStats, type PathHopAttempt, type ScoredAttempt } from "./item-analysis";
import type { ClusterTopology } from "./packet-walk";
import { describeAnswer, describeCorrectAnswer, type Answer, type Question } from "./quiz";
import { instantiatePathQuestion, pathKeyAsAnswer } from "./quiz/path-questions";
import { getManagedCohort, isStaff, type Actor } from "./roles.server";

/**
 * Results for instructors: the gradebook (learners × assignments), one learner's attempt
 * for review, item analysis, CSV exports. Everything starts from `getManagedCohort`, so an
 * instructor only ever reads the cohorts they own or co-teach.
 */

export interface GradebookCell extends CellSummary {
  kind: AssignmentKind;
  assignmentId: string;
  attemptIds: string[];
  /** Regrades and overrides recorded on this learner's attempts. */
  gradeChanges: number;
}

export async function getGradebook(db: Db, actor: Actor, cohortId: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const [memberships, assignments] = await Promise.all([
    db.cohortMembership.findMany({
      where: { cohortId, role: "learner" },
      include: { user: { select: { id: true, email: true, name: true } } },
    }),
    db.assignment.findMany({ where: { cohortId }, include: { overrides: true }, orderBy: [{ dueAt: "asc" }, { createdAt: "asc" }] }),
  ]);
  const learnerIds = memberships.map((m) => m.userId);
  const [attempts, labAttempts, completions] = await Promise.all([
    db.quizAttempt.findMany({
      where: { assignmentId: { in: assignments.map((a) => a.id) }, userId: { in: learnerIds } },
      select: { id: true, userId: true, assignmentId: true, status: true, submittedAt: true, score: true, maxScore: true, attemptNumber: true },
      orderBy: { attemptNumber: "asc" },
    }),
    db.labAttempt.findMany({
      where: { assignmentId: { in: assignments.filter((a) => a.labSlug).map((a) => a.id) }, userId: { in: learnerIds }, status: { not: "abandoned" } },
      select: { id: true, userId: true, assignmentId: true, status: true, submittedAt: true, score: true, maxScore: true, attemptNumber: true },
      orderBy: { attemptNumber: "asc" },
    }),
    db.lessonProgress.findMany({
      where: { userId: { in: learnerIds }, status: "completed", lessonSlug: { in: [...new Set(assignments.flatMap(lessonSlugsOf))] } },
    }),
  ]);
  // Grade changes after submission (regrades, overrides), counted per attempt for the cells.
  const changes = attempts.length
    ? await db.gradeChange.groupBy({ by: ["attemptId"], where: { attemptId: { in: attempts.map((a) => a.id) } }, _count: { _all: true } })
    : [];
  const changesOf = new Map(changes.map((c) => [c.attemptId, c._count._all]));
  const learners = memberships
    .map((m) => m.user)
    .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email));
  const rows = learners.map((learner) => {
    const done = new Map(completions.filter((c) => c.userId === learner.id && c.completedAt).map((c) => [c.lessonSlug, c.completedAt!]));
    const cells: GradebookCell[] = assignments.map((a) => {
      const policy = policyOf(a, a.overrides.find((o) => o.userId === learner.id) ?? null);
      const kind = assignmentKind(a);
      const mine = (kind === "lab" ? labAttempts : attempts).filter((t) => t.assignmentId === a.id && t.userId === learner.id);
      const summary = kind !== "lessons" ? summariseQuizCell(policy, mine, gradingMethodOf(a)) : summariseLessonCell(policy, lessonSlugsOf(a), done);
      return { ...summary, kind, assignmentId: a.id, attemptIds: mine.map((t) => t.id), gradeChanges: mine.reduce((n, t) => n + (changesOf.get(t.id) ?? 0), 0) };
    });
    return { learner, cells };
  });
  return {
    cohort,
    assignments: assignments.map((a) => ({ ...a, displayTitle: assignmentTitle(a), lessons: lessonSlugsOf(a) })),
    rows,
  };
}

export const STATUS_LABEL: Record<CellSummary["status"], string> = {
  not_started: "Not started",
  in_progress: "In progress",
  submitted: "Submitted",
  late: "Late",
};

/** Percent with no trailing noise: 66.7, 100. */
export function percent(fraction: number | null): number | null {
  return fraction === null ? null : Math.round(fraction * 1000) / 10;
}

/** The gradebook as CSV: one row per learner, three columns per assignment. */
export function gradebookToCsv(book: NonNullable<Awaited<ReturnType<typeof getGradebook>>>): string {
  const header = ["Email", "Name"];
  for (const a of book.assignments) {
    header.push(`${a.displayTitle}: score %`, `${a.displayTitle}: status`, `${a.displayTitle}: attempts`, `${a.displayTitle}: grade changes`);
  }
  const rows = book.rows.map(({ learner, cells }) => [
    learner.email,
    learner.name ?? "",
    ...cells.flatMap((c) => [percent(c.bestFraction), STATUS_LABEL[c.status], c.attemptCount, c.gradeChanges]),
  ]);
  return toCsv(header, rows);
}

/**
 * One attempt of a cohort learner for its instructor's review, or null when the attempt is
 * not part of an assignment of a cohort the actor manages (indistinguishable from missing).
 */
export async function getAttemptForInstructor(db: Db, actor: Actor, cohortId: string, attemptId: string) {
  if (!isStaff(actor)) return null;
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const attempt = await db.quizAttempt.findFirst({
    where: { id: attemptId, assignment: { cohortId } },
    include: { responses: true, user: { select: { id: true, email: true, name: true } }, assignment: { include: { overrides: true } } },
  });
  if (!attempt?.assignment) return null;
  const policy = policyOf(attempt.assignment, attempt.assignment.overrides.find((o) => o.userId === attempt.userId) ?? null);
  return { cohort, attempt, late: attempt.submittedAt ? isLate(policy, attempt.submittedAt) : false };
}

/**
 * One lab attempt of a cohort learner for its instructor: the commands they ran (with what
 * each printed), the hints they took, their diagnosis and the checks. Null when it is not an
 * attempt at an assignment of a cohort the actor manages.
 */
export async function getLabAttemptForInstructor(db: Db, actor: Actor, cohortId: string, attemptId: string) {
  if (!isStaff(actor)) return null;
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const attempt = await db.labAttempt.findFirst({
    where: { id: attemptId, assignment: { cohortId } },
    include: { commands: { orderBy: { seq: "asc" } }, user: { select: { id: true, email: true, name: true } }, assignment: { include: { overrides: true } } },
  });
  if (!attempt?.assignment) return null;
  const policy = policyOf(attempt.assignment, attempt.assignment.overrides.find((o) => o.userId === attempt.userId) ?? null);
  return { cohort, attempt, late: attempt.submittedAt ? isLate(policy, attempt.submittedAt) : false };
}

function parseStoredAnswer(json: string): Answer | null {
  try {
    return JSON.parse(json) as Answer | null;
  } catch {
    return null;
  }
}

/**
 * The labels of the wrong parts of an answer, for "most-chosen wrong answers": for
 * multiple choice each wrongly ticked option; otherwise the answer as the review shows it.
 */
export function wrongAnswerLabels(question: Question, answer: Answer | null, correct: boolean, attemptSeed: number): string[] {
  if (answer === null || correct) return [];
  if (question.type === "multiple") {
    const key = new Set(question.answer);
    return question.options.filter((o) => (answer as Answer<"multiple">).choices.includes(o.id) && !key.has(o.id)).map((o) => o.text);
  }
  // Path questions are generated from the attempt seed, so their answers read per attempt.
  return [describeAnswer(question, answer, attemptSeed)];
}

export interface ItemAnalysisRow extends ItemStats {
  prompt: string;
  topic: string;
  type: string;
  correctAnswer: string;
  /** Device-order path questions only: where learners leave the right path. */
  hopHeatmap: PathHopHeatmap | null;
}

/**
 * Per-hop misses of a device-order path question, drawn over one representative cluster.
 * Seeds may stage the question in different CNI modes with paths of different shapes, so
 * only the attempts in the most common mode are counted (the rest are reported as a number).
 */
export interface PathHopHeatmap {
  mode: string;
  attemptsInMode: number;
  attemptsInOtherModes: number;
  /** The first analysed attempt's cluster in that mode, and its right path (hop n = position n). */
  topology: ClusterTopology;
  representativePath: string[];
  hops: HopMisses[];
}

function pathHopHeatmap(question: Question, attempts: readonly { seed: number; responses: { questionId: string; answer: string }[] }[]): PathHopHeatmap | null {
  if (question.type !== "path" || question.ask !== "device-order") return null;
  const byMode = new Map<string, { topology: ClusterTopology; rows: PathHopAttempt[] }>();
  for (const a of attempts) {
    const response = a.responses.find((r) => r.questionId === question.id);
    if (!response) continue;
    // Each attempt's key is regenerated from its seed, exactly as grading does.
    const instance = instantiatePathQuestion(question, a.seed);
    const answer = parseStoredAnswer(response.answer) as { devices?: unknown } | null;
    const picked = Array.isArray(answer?.devices) ? answer.devices.filter((d): d is string => typeof d === "string") : [];
    const mode = instance.topology.cluster.mode;
    const group = byMode.get(mode) ?? { topology: instance.topology, rows: [] };
    group.rows.push({ correct: pathKeyAsAnswer(instance).devices ?? [], picked });
    byMode.set(mode, group);
  }
  const [mode, group] = [...byMode].sort((x, y) => y[1].rows.length - x[1].rows.length || x[0].localeCompare(y[0]))[0] ?? [];
  if (!mode || !group) return null;
  const total = [...byMode.values()].reduce((n, g) => n + g.rows.length, 0);
  return {
    mode,
    attemptsInMode: group.rows.length,
    attemptsInOtherModes: total - group.rows.length,
    topology: group.topology,
    representativePath: [...(group.rows[0]?.correct ?? [])],
    hops: pathHopMisses(group.rows),
  };
}

/**
 * Item analysis of a quiz assignment over each learner's FIRST submitted attempt: later
 * attempts come after the learner has seen the answers, which would inflate facility
 * and blur discrimination.
 */
export async function getItemAnalysis(db: Db, actor: Actor, cohortId: string, assignmentId: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const assignment = await db.assignment.findFirst({ where: { id: assignmentId, cohortId } });
  if (!assignment?.quizId) return null;
  const bank = getBank(assignment.quizId);
  if (!bank) return null;
  const attempts = await db.quizAttempt.findMany({
    where: { assignmentId, status: "submitted" },
    include: { responses: true },
    orderBy: [{ submittedAt: "asc" }],
  });
  const firstPerLearner = new Map<string, (typeof attempts)[number]>();
  for (const a of attempts) if (!firstPerLearner.has(a.userId)) firstPerLearner.set(a.userId, a);
  const firstAttempts = [...firstPerLearner.values()];
  const scored = firstAttempts.map((a) => toScoredAttempt(a, bank));
  const stats = analyseItems(bank.questions.map((q) => q.id), scored);
  const rows: ItemAnalysisRow[] = stats.map((s) => {
    const q = bank.questions.find((x) => x.id === s.questionId)!;
    // A path question has no single key: each attempt's cluster is generated from its seed.
    const correctAnswer = q.type === "path" ? "computed per attempt by the packet-walk engine" : describeCorrectAnswer(q);
    return { ...s, prompt: q.prompt, topic: q.topic, type: q.type, correctAnswer, hopHeatmap: pathHopHeatmap(q, firstAttempts) };
  });
  return { cohort, assignment, bank: { id: bank.id, title: bank.title }, attemptsAnalysed: scored.length, rows };
}

function toScoredAttempt(
  a: { id: string; seed: number; score: number | null; maxScore: number | null; responses: { questionId: string; answer: string; points: number | null; maxPoints: number | null; correct: boolean | null }[] },
  bank: LoadedBank,
): ScoredAttempt {
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  return {
    attemptId: a.id,
    totalFraction: a.maxScore ? (a.score ?? 0) / a.maxScore : 0,
    responses: a.responses.flatMap((r) => {
      const q = byId.get(r.questionId);
      if (!q) return [];
      const answer = parseStoredAnswer(r.answer);
      return [
        {
          questionId: r.questionId,
          fraction: r.maxPoints ? (r.points ?? 0) / r.maxPoints : 0,
          answered: answer !== null,
          wrongAnswers: wrongAnswerLabels(q, answer, r.correct === true, a.seed),
        },
      ];
    }),
  };
}

/** Every graded response of the cohort's quiz assignments, one CSV row each. */
export async function responsesCsv(db: Db, actor: Actor, cohortId: string): Promise<string | null> {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const assignments = await db.assignment.findMany({ where: { cohortId }, include: { overrides: true } });
  const attempts = await db.quizAttempt.findMany({
    where: { assignmentId: { in: assignments.map((a) => a.id) }, status: "submitted" },
    include: { responses: true, user: { select: { email: true, name: true } }, gradeChanges: { orderBy: { createdAt: "desc" } } },
    orderBy: [{ submittedAt: "asc" }],
  });
  const changers = await db.user.findMany({
    where: { id: { in: [...new Set(attempts.flatMap((t) => t.gradeChanges.map((c) => c.byUserId)))] } },
    select: { id: true, email: true },
  });
  const changerEmail = new Map(changers.map((u) => [u.id, u.email]));
  // Attempt numbers within each learner's series of this assignment, as the gradebook shows them.
  const numbers = numbersInSeries(
    await db.quizAttempt.findMany({
      where: { assignmentId: { in: assignments.map((a) => a.id) } },
      select: { id: true, userId: true, quizId: true, assignmentId: true, attemptNumber: true },
    }),
  );
  const header = [
    "Assignment", "Quiz", "Email", "Name", "Attempt", "Attempt id", "Started (UTC)", "Submitted (UTC)", "Late",
    "Question id", "Topic", "Question", "Answer", "Points", "Max points", "Correct",
    "Set by hand", "Grade comment", "Last change", "Changed by", "Changed at (UTC)", "Points before",
  ];
  const rows = attempts.flatMap((t) => {
    const a = assignments.find((x) => x.id === t.assignmentId)!;
    const bank = a.quizId ? getBank(a.quizId) : null;
    const policy = policyOf(a, a.overrides.find((o) => o.userId === t.userId) ?? null);
    const order = (JSON.parse(t.questionIds) as string[]).reduce((m, id, i) => m.set(id, i), new Map<string, number>());
    return [...t.responses]
      .sort((x, y) => (order.get(x.questionId) ?? 0) - (order.get(y.questionId) ?? 0))
      .map((r) => {
        const q = bank?.questions.find((x) => x.id === r.questionId);
        const answer = parseStoredAnswer(r.answer);
        return [
          assignmentTitle(a), a.quizId, t.user.email, t.user.name ?? "", numbers.get(t.id) ?? "", t.id,
          t.startedAt.toISOString(), t.submittedAt?.toISOString() ?? "", t.submittedAt && isLate(policy, t.submittedAt) ? "yes" : "no",
          r.questionId, q?.topic ?? "", q?.prompt ?? "", q ? describeAnswer(q, answer, t.seed) : r.answer,
          r.points, r.maxPoints, r.correct === null ? "" : r.correct ? "yes" : "no",
          ...changeColumns(t.gradeChanges.find((c) => c.questionId === r.questionId), r),
        ];
      });
  });
  return toCsv(header, rows);

  function changeColumns(change: { kind: string; byUserId: string; createdAt: Date; oldPoints: number | null } | undefined, r: { manualPoints: number | null; manualComment: string | null }) {
    return [
      r.manualPoints !== null ? "yes" : "no",
      r.manualComment ?? "",
      change ? (change.kind === "override" ? "set by hand" : "regrade") : "",
      change ? (changerEmail.get(change.byUserId) ?? "(deleted account)") : "",
      change ? change.createdAt.toISOString() : "",
      change?.oldPoints ?? "",
    ];
  }
}
