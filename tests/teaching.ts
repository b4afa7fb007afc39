/**
 * Teaching fixtures for the DB tests: a cohort, an assignment on a quiz, learners who join,
 * and answers built from a bank's key (right, or wrong where asked). Each call creates what
 * it needs, so tests share no hidden state.
 */
import { createAssignment } from "../lib/assignments.server";
import { createCohort, createInvite, joinCohort } from "../lib/cohorts.server";
import { getBank } from "../lib/content/quiz-banks.server";
import type { Db } from "../lib/db/client";
import type { Actor } from "../lib/roles.server";

export const HOUR = 3_600_000;
export const actor = (u: { id: string; role: string }) => ({ id: u.id, role: u.role }) as Actor;

export async function cohortOf(db: Db, owner: Actor, name = "Onboarding") {
  const r = await createCohort(db, owner, { name, description: "", startDate: null });
  if (!r.ok) throw new Error(r.error);
  return r.cohort;
}

type AssignmentFields = Parameters<typeof createAssignment>[3];

/** An assignment open from an hour ago to an hour from now (override any field). */
async function assign(db: Db, owner: Actor, cohortId: string, what: Partial<AssignmentFields>, over: Partial<AssignmentFields>) {
  const r = await createAssignment(db, owner, cohortId, {
    title: "",
    quizId: null,
    lessonSlugs: [],
    opensAt: new Date(Date.now() - HOUR),
    dueAt: new Date(Date.now() + HOUR),
    closesAt: null,
    attemptsAllowed: null,
    timeLimitMinutes: null,
    ...what,
    ...over,
  });
  if (!r.ok) throw new Error(r.error);
  return r.assignment;
}

export function assignQuiz(db: Db, owner: Actor, cohortId: string, quizId: string, over: Partial<AssignmentFields> = {}) {
  return assign(db, owner, cohortId, { quizId }, over);
}

export function assignLab(db: Db, owner: Actor, cohortId: string, labSlug: string, over: Partial<AssignmentFields> = {}) {
  return assign(db, owner, cohortId, { labSlug }, over);
}

/** Joins each learner to the cohort through a fresh invite. */
export async function joinAll(db: Db, owner: Actor, cohortId: string, learners: readonly Actor[]) {
  const invite = await createInvite(db, owner, cohortId, { expiresInDays: null, maxUses: null });
  if (!invite.ok) throw new Error(invite.error);
  for (const l of learners) {
    const joined = await joinCohort(db, l, invite.invite.code);
    if (!joined.ok) throw new Error(joined.error);
  }
}

/** Answers to the given questions of a bank: right from the key, except the ids listed as wrong. */
export function answersFor(quizId: string, questionIds: readonly string[], wrong: ReadonlySet<string> = new Set()) {
  const bank = getBank(quizId)!;
  const out: Record<string, unknown> = {};
  for (const id of questionIds) {
    const q = bank.questions.find((x) => x.id === id)!;
    const bad = wrong.has(id);
    if (q.type === "single") out[id] = { choice: bad ? q.options.find((o) => o.id !== q.answer)!.id : q.answer };
    else if (q.type === "multiple") out[id] = { choices: bad ? [q.options.find((o) => !q.answer.includes(o.id))!.id] : q.answer };
    else if (q.type === "truefalse") out[id] = { value: bad ? !q.answer : q.answer };
    else if (q.type === "numeric") out[id] = { value: bad ? q.answer.value + 1000 : q.answer.value };
    else if (q.type === "text") out[id] = { text: bad ? "nope" : q.answer.accepted[0] };
    else throw new Error(`${quizId} has a ${q.type} question; this helper answers only the types that bank uses`);
  }
  return out;
}

