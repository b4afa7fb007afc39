import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAssignmentAttempt } from "../../lib/assignments.server";
import { submitAttempt } from "../../lib/attempts.server";
import { getBank } from "../../lib/content/quiz-banks.server";
import { getItemAnalysis } from "../../lib/gradebook.server";
import { instantiatePathQuestion, pathKeyAsAnswer, type PathQuestion } from "../../lib/quiz/path-questions";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";
import { actor, assignQuiz, cohortOf } from "../teaching";

let t: TestDatabase;
const QUIZ = "zz-e2e-engine";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`item analysis of path questions (${testProvider})`, () => {
  it("counts per hop the learners who leave the right path, with each attempt's key regenerated from its seed", async () => {
    const owner = actor(await createTestUser(t.db, { role: "instructor" }));
    const cohortId = (await cohortOf(t.db, owner, "Paths")).id;
    const a = { assignment: await assignQuiz(t.db, owner, cohortId, QUIZ) };
    const bank = getBank(QUIZ)!;
    const question = bank.questions.find((q) => q.id === "zz-path-devices") as PathQuestion;

    // Eight learners. Seeds pick the CNI mode at random, so roles are dealt per mode: in each
    // mode the 1st, 5th… click the right path, the 2nd, 4th… skip the third device, the 3rd
    // leaves it blank. The largest mode has at least 4 attempts, hence at least 2 skippers.
    const taken: { mode: string; skipped: boolean; blank: boolean }[] = [];
    for (let i = 0; i < 8; i++) {
      const learner = await createTestUser(t.db);
      await t.db.cohortMembership.create({ data: { cohortId, userId: learner.id } });
      const started = await startAssignmentAttempt(t.db, learner.id, a.assignment.id);
      if (!started.ok) throw new Error(started.error);
      const { seed } = await t.db.quizAttempt.findUniqueOrThrow({ where: { id: started.attemptId } });
      const instance = instantiatePathQuestion(question, seed);
      const right = pathKeyAsAnswer(instance).devices!;
      const mode = instance.topology.cluster.mode;
      const nth = taken.filter((x) => x.mode === mode).length;
      const blank = nth === 2;
      const skipped = nth % 2 === 1;
      const devices = skipped ? [...right.slice(0, 2), ...right.slice(3)] : right;
      const r = await submitAttempt(t.db, { attemptId: started.attemptId, userId: learner.id, bank, answers: blank ? {} : { "zz-path-devices": { devices } } });
      if (!r.ok) throw new Error(r.error);
      taken.push({ mode, skipped, blank });
    }

    const analysis = await getItemAnalysis(t.db, owner, cohortId, a.assignment.id);
    const row = analysis!.rows.find((r) => r.questionId === "zz-path-devices")!;
    const heatmap = row.hopHeatmap!;
    expect(heatmap).not.toBeNull();
    const inMode = taken.filter((x) => x.mode === heatmap.mode);
    expect(heatmap.attemptsInMode).toBe(inMode.length);
    expect(heatmap.attemptsInOtherModes).toBe(8 - inMode.length);
    const answered = inMode.filter((x) => !x.blank).length;
    const skippers = inMode.filter((x) => x.skipped).length;
    expect(skippers).toBeGreaterThanOrEqual(2);
    // Aligned to the right path: the skippers miss hop 3 only; every other hop is right for everyone.
    expect(heatmap.hops[0]).toMatchObject({ hop: 1, attempts: answered, wrong: 0 });
    expect(heatmap.hops[1]).toMatchObject({ hop: 2, attempts: answered, wrong: 0 });
    expect(heatmap.hops[2]).toMatchObject({ hop: 3, attempts: answered, wrong: skippers, missing: skippers, firstDivergence: skippers });
    for (const h of heatmap.hops.slice(3)) expect(h, `hop ${h.hop}`).toMatchObject({ wrong: 0 });
    expect(heatmap.representativePath.length).toBe(heatmap.hops.length);
    // Other questions get no heatmap.
    expect(analysis!.rows.filter((r) => r.hopHeatmap).map((r) => r.questionId)).toEqual(["zz-path-devices"]);
    // Generating 8 clusters and grading 8 attempts takes a while on a loaded machine.
  }, 120_000);
});
