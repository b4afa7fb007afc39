/**
 * Troubleshooting-lab attempts against the real database (SQLite and PostgreSQL): the
 * command log is the state, replayed under the attempt's row lock; racing commands get
 * distinct places in the log; another learner's attempt is missing; a submitted attempt
 * takes no more commands; grading reads the state the logged fixes left; lab assignments
 * keep their window and attempt limit; the gradebook shows lab scores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listMyAssignments, startLabAssignmentAttempt } from "../../lib/assignments.server";
import { getGradebook, getLabAttemptForInstructor, gradebookToCsv } from "../../lib/gradebook.server";
import { getLab } from "../../lib/labs";
import { gradedLabAnswersOf } from "../../lib/mastery.server";
import { labReviewOf, MAX_COMMANDS_PER_ATTEMPT, runLabCommand, shownHints, startLabAttempt, submitLabAttempt, takeLabHint } from "../../lib/labs.server";
import { createTestUser } from "../factories";
import { actor, assignLab, cohortOf, HOUR, joinAll } from "../teaching";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;

const LAB = "vxlan-after-maintenance";
const NODE1 = { node: "node1", netns: "host" as const };
const FIX = "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink";
const RIGHT = { node: "node1", table: "route" as const, entry: "10.244.2.0/24" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

async function started(userId: string) {
  const r = await startLabAttempt(t.db, { userId, slug: LAB });
  if (!r.ok) throw new Error(r.error);
  return r.attempt;
}

describe(`lab attempts on ${testProvider}`, () => {
  it("the lab the tests use exists with the fix and diagnosis they assume", () => {
    const lab = getLab(LAB);
    expect(lab?.fix?.map((f) => f.line)).toContain(FIX);
    expect(lab?.diagnosis).toMatchObject({ node: "node1", table: "route" });
  });

  it("parallel starts open one attempt; a second start resumes it", async () => {
    const u = await createTestUser(t.db);
    const results = await Promise.all(Array.from({ length: 6 }, () => startLabAttempt(t.db, { userId: u.id, slug: LAB })));
    const ids = new Set(results.map((r) => (r.ok ? r.attempt.id : r.error)));
    expect(ids.size).toBe(1);
    expect(await t.db.labAttempt.count({ where: { userId: u.id } })).toBe(1);
    expect(await startLabAttempt(t.db, { userId: u.id, slug: "no-such-lab" })).toMatchObject({ ok: false, status: 404 });
  });

  it("a fix stays in place for the next command: the log is replayed", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    const before = await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: "ip route" });
    expect(before).toMatchObject({ ok: true, seq: 0, changed: false });
    expect(before.ok && before.output).not.toContain("10.244.2.0/24");
    const fix = await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: FIX });
    expect(fix).toMatchObject({ ok: true, seq: 1, changed: true });
    const after = await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: "ip route" });
    expect(after.ok && after.output).toContain("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
    const logged = await t.db.labCommand.findMany({ where: { attemptId: a.id }, orderBy: { seq: "asc" } });
    expect(logged.map((c) => [c.seq, c.line, c.change !== null])).toEqual([
      [0, "ip route", false],
      [1, FIX, true],
      [2, "ip route", false],
    ]);
  });

  it("racing commands each get their own place in the log, and none is lost", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    const lines = ["ip route", "ip neigh", "bridge fdb show", "ip -br link", "ip addr", "sysctl net.ipv4.ip_forward", "ip route get 10.244.2.2", "ip -d link show flannel.1"];
    const results = await Promise.all(lines.map((line) => runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line })));
    expect(results.every((r) => r.ok)).toBe(true);
    const seqs = results.map((r) => (r.ok ? r.seq : -1)).sort((x, y) => x - y);
    expect(seqs).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(await t.db.labCommand.count({ where: { attemptId: a.id } })).toBe(8);
  });

  it("another learner's attempt is missing for every operation", async () => {
    const owner = await createTestUser(t.db);
    const other = await createTestUser(t.db);
    const a = await started(owner.id);
    expect(await runLabCommand(t.db, { userId: other.id, attemptId: a.id, target: NODE1, line: "ip route" })).toMatchObject({ ok: false, status: 404 });
    expect(await takeLabHint(t.db, { userId: other.id, attemptId: a.id })).toMatchObject({ ok: false, status: 404 });
    expect(await submitLabAttempt(t.db, { userId: other.id, attemptId: a.id, diagnosis: RIGHT })).toMatchObject({ ok: false, status: 404 });
    expect(await t.db.labCommand.count({ where: { attemptId: a.id } })).toBe(0);
  });

  it("a shell the lab does not have is a 400, logged nowhere", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    expect(await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: { node: "node9", netns: "host" }, line: "ip route" })).toMatchObject({ ok: false, status: 400 });
    expect(await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: { node: "node1", netns: "pod:nobody" }, line: "ip route" })).toMatchObject({ ok: false, status: 400 });
    expect(await t.db.labCommand.count({ where: { attemptId: a.id } })).toBe(0);
  });

  it("grades the state the logged fix left, full marks with the right diagnosis; a repeat submit returns the same grade", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: FIX });
    const graded = await submitLabAttempt(t.db, { userId: u.id, attemptId: a.id, diagnosis: RIGHT });
    expect(graded.ok).toBe(true);
    if (!graded.ok) return;
    expect(graded.score).toBe(graded.maxScore);
    expect(graded.maxScore).toBeGreaterThan(0);
    const again = await submitLabAttempt(t.db, { userId: u.id, attemptId: a.id, diagnosis: { node: "node2", table: "fdb", entry: "x" } });
    expect(again).toEqual(graded);
    expect(await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: "ip route" })).toMatchObject({ ok: false, status: 409 });
    expect(await takeLabHint(t.db, { userId: u.id, attemptId: a.id })).toMatchObject({ ok: false, status: 409 });
  });

  it("without the fix, the state checks fail and only the diagnosis scores", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: "ip route" });
    const graded = await submitLabAttempt(t.db, { userId: u.id, attemptId: a.id, diagnosis: RIGHT });
    expect(graded.ok).toBe(true);
    if (!graded.ok) return;
    expect(graded.score).toBeGreaterThan(0);
    expect(graded.score).toBeLessThan(graded.maxScore);
    expect(graded.checks.find((c) => c.id === "fixed")?.passed).toBe(false);
  });

  it("hints are kept with the attempt and never repeat", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    const first = await takeLabHint(t.db, { userId: u.id, attemptId: a.id });
    const second = await takeLabHint(t.db, { userId: u.id, attemptId: a.id });
    expect(first.ok && first.hint).toBeTruthy();
    expect(second.ok && second.hint).toBeTruthy();
    expect(first.ok && second.ok && first.hint !== second.hint).toBe(true);
    const row = await t.db.labAttempt.findUniqueOrThrow({ where: { id: a.id } });
    expect(shownHints(row)).toEqual([first.ok && first.hint, second.ok && second.hint]);
  });

  it("stops at the command limit with a 409 and keeps what it logged", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    await t.db.labCommand.createMany({
      data: Array.from({ length: MAX_COMMANDS_PER_ATTEMPT }, (_, seq) => ({ attemptId: a.id, seq, node: "node1", netns: "host", line: "true", output: "", exitCode: 0 })),
    });
    const refused = await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: "ip route" });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(await t.db.labCommand.count({ where: { attemptId: a.id } })).toBe(MAX_COMMANDS_PER_ATTEMPT);
  });

  it("a lab assignment: one attempt allowed, closed after its close date, scored in the gradebook and its CSV", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const learner = actor(await createTestUser(t.db));
    const cohort = await cohortOf(t.db, owner);
    await joinAll(t.db, owner, cohort.id, [learner]);
    const assignment = await assignLab(t.db, owner, cohort.id, LAB, { attemptsAllowed: 1 });
    const starts = await Promise.all([1, 2, 3].map(() => startLabAssignmentAttempt(t.db, learner.id, assignment.id)));
    const ids = new Set(starts.map((s) => (s.ok ? s.attemptId : s.error)));
    expect(ids.size).toBe(1);
    const attemptId = [...ids][0]!;
    await runLabCommand(t.db, { userId: learner.id, attemptId, target: NODE1, line: FIX });
    const graded = await submitLabAttempt(t.db, { userId: learner.id, attemptId, diagnosis: RIGHT });
    expect(graded.ok).toBe(true);
    expect(await startLabAssignmentAttempt(t.db, learner.id, assignment.id)).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("all 1 attempts") });

    const mine = await listMyAssignments(t.db, learner.id);
    expect(mine.find((m) => m.id === assignment.id)).toMatchObject({ kind: "lab", labSlug: LAB, summary: { status: "submitted", bestFraction: 1 } });

    const book = await getGradebook(t.db, owner, cohort.id);
    const cell = book?.rows.find((r) => r.learner.id === learner.id)?.cells.find((c) => c.assignmentId === assignment.id);
    expect(cell).toMatchObject({ kind: "lab", status: "submitted", bestFraction: 1, attemptIds: [attemptId] });
    expect(gradebookToCsv(book!)).toContain("100");

    const review = await getLabAttemptForInstructor(t.db, owner, cohort.id, attemptId);
    expect(review?.attempt.commands.map((c) => c.line)).toEqual([FIX]);
    const stranger = actor(await createTestUser(t.db, { role: "instructor" }));
    expect(await getLabAttemptForInstructor(t.db, stranger, cohort.id, attemptId)).toBeNull();
    expect(await getLabAttemptForInstructor(t.db, learner, cohort.id, attemptId)).toBeNull();
  });

  it("a lab assignment past its close date refuses commands and submits of an attempt still open", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const learner = actor(await createTestUser(t.db));
    const cohort = await cohortOf(t.db, owner);
    await joinAll(t.db, owner, cohort.id, [learner]);
    const assignment = await assignLab(t.db, owner, cohort.id, LAB, { dueAt: new Date(Date.now() + HOUR), closesAt: new Date(Date.now() + 2 * HOUR) });
    const start = await startLabAssignmentAttempt(t.db, learner.id, assignment.id);
    if (!start.ok) throw new Error(start.error);
    // The close date passes while the attempt is open.
    await t.db.labAttempt.update({ where: { id: start.attemptId }, data: { closesAt: new Date(Date.now() - 1000) } });
    expect(await runLabCommand(t.db, { userId: learner.id, attemptId: start.attemptId, target: NODE1, line: "ip route" })).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("closed") });
    expect(await submitLabAttempt(t.db, { userId: learner.id, attemptId: start.attemptId, diagnosis: RIGHT })).toMatchObject({ ok: false, status: 409 });
  });

  it("the answer key of a practice attempt waits while an assignment of the same lab is open; an assignment's follows its review options", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const learner = actor(await createTestUser(t.db));
    const practice = await started(learner.id);
    await submitLabAttempt(t.db, { userId: learner.id, attemptId: practice.id, diagnosis: RIGHT });
    const submitted = await t.db.labAttempt.findUniqueOrThrow({ where: { id: practice.id } });
    expect(await labReviewOf(t.db, submitted)).toMatchObject({ showScore: true, showKey: true });

    const cohort = await cohortOf(t.db, owner);
    await joinAll(t.db, owner, cohort.id, [learner]);
    const assignment = await assignLab(t.db, owner, cohort.id, LAB, { closesAt: new Date(Date.now() + 2 * HOUR) });
    expect(await labReviewOf(t.db, submitted)).toMatchObject({ showScore: true, showKey: false });

    const start = await startLabAssignmentAttempt(t.db, learner.id, assignment.id);
    if (!start.ok) throw new Error(start.error);
    await submitLabAttempt(t.db, { userId: learner.id, attemptId: start.attemptId, diagnosis: RIGHT });
    const graded = await t.db.labAttempt.findUniqueOrThrow({ where: { id: start.attemptId } });
    // The graded default: the score at once, the answer after the close date.
    expect(await labReviewOf(t.db, graded)).toMatchObject({ showScore: true, showKey: false });
    expect(await labReviewOf(t.db, graded, new Date(Date.now() + 3 * HOUR))).toMatchObject({ showScore: true, showKey: true });
    expect(await labReviewOf(t.db, submitted, new Date(Date.now() + 3 * HOUR))).toMatchObject({ showKey: true });
  });

  it("graded labs count towards the mastery of their lessons' topics", async () => {
    const u = await createTestUser(t.db);
    const a = await started(u.id);
    await runLabCommand(t.db, { userId: u.id, attemptId: a.id, target: NODE1, line: FIX });
    await submitLabAttempt(t.db, { userId: u.id, attemptId: a.id, diagnosis: RIGHT });
    const answers = await gradedLabAnswersOf(t.db, u.id, () => true);
    expect(answers.map((x) => x.topic).sort()).toEqual(expect.arrayContaining(["flannel", "vxlan"]));
    expect(answers.every((x) => x.fraction === 1 && x.questionId === `lab:${LAB}`)).toBe(true);
    expect(await gradedLabAnswersOf(t.db, u.id, () => false)).toEqual([]);
  });
});
