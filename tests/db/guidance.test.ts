import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { submitAttempt } from "../../lib/attempts.server";
import { listMyCohorts } from "../../lib/cohorts.server";
import { getBank } from "../../lib/content/quiz-banks.server";
import { guidanceFor, lessonResultsFor } from "../../lib/guidance.server";
import { startPracticeAttempt } from "../../lib/practice.server";
import { markLessonComplete, markLessonStarted } from "../../lib/progress.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";
import { actor, answersFor, assignQuiz, cohortOf, joinAll } from "../teaching";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

/** A practice attempt at `quizId`, submitted with every question wrong except `right` of them. */
async function practise(userId: string, quizId: string, right: number) {
  const bank = getBank(quizId)!;
  const started = await startPracticeAttempt(t.db, userId, bank);
  if (!started.ok) throw new Error(started.error);
  const ids = JSON.parse(started.attempt.questionIds) as string[];
  const answerable = ids.filter((id) => ["single", "multiple", "truefalse", "numeric", "text"].includes(bank.questions.find((q) => q.id === id)!.type));
  const wrong = new Set(answerable.slice(right));
  const submitted = await submitAttempt(t.db, { attemptId: started.attempt.id, userId, bank, answers: answersFor(quizId, answerable, wrong) });
  if (!submitted.ok) throw new Error("submit failed");
  return started.attempt.id;
}

describe(`course guidance (${testProvider})`, () => {
  it("continues the lesson left in progress and points a newcomer at the first lesson", async () => {
    const fresh = await createTestUser(t.db);
    const first = await guidanceFor(t.db, fresh.id);
    expect(first.nextLesson).toMatchObject({ state: "not_started" });
    expect(first.practise).toBeNull();

    await markLessonComplete(t.db, fresh.id, first.nextLesson!.slug);
    await markLessonStarted(t.db, fresh.id, "flannel");
    expect((await guidanceFor(t.db, fresh.id)).nextLesson).toMatchObject({ slug: "flannel", state: "in_progress" });
  });

  it("shows a lesson's best attempt and practises its weak topic; an assignment's lock moves practice elsewhere", async () => {
    const learner = await createTestUser(t.db);
    const low = await practise(learner.id, "flannel-basics", 0);
    const results = await lessonResultsFor(t.db, learner.id, "flannel");
    const flannelQuiz = results!.quizzes.find((q) => q.id === "flannel-basics")!;
    expect(flannelQuiz.best).toMatchObject({ attemptId: low, score: 0, href: `/quizzes/flannel-basics/attempts/${low}` });
    expect(flannelQuiz.best!.maxScore).toBeGreaterThan(0);
    expect(results!.practise.map((p) => p.topic)).toContain("flannel");
    expect((await guidanceFor(t.db, learner.id)).practise).toMatchObject({ topic: "flannel", topicTitle: expect.any(String) });

    // While a graded assignment on flannel-basics is open, its practice is closed: the suggestion names another quiz or none.
    const instructor = await createTestUser(t.db, { role: "instructor" });
    const cohort = await cohortOf(t.db, actor(instructor));
    await joinAll(t.db, actor(instructor), cohort.id, [actor(learner)]);
    await assignQuiz(t.db, actor(instructor), cohort.id, "flannel-basics");
    const locked = await guidanceFor(t.db, learner.id);
    expect(locked.practise?.quiz.id).not.toBe("flannel-basics");
    expect(locked.assignments).toHaveLength(1);
    expect(locked.assignments[0]!.href).toBe("#my-assignments-heading");
  });

  it("answers null for a lesson that does not exist", async () => {
    const u = await createTestUser(t.db);
    expect(await lessonResultsFor(t.db, u.id, "no-such-lesson")).toBeNull();
  });
});

describe(`my cohorts (${testProvider})`, () => {
  it("lists a cohort the learner joined even before it has assignments", async () => {
    const instructor = await createTestUser(t.db, { role: "instructor" });
    const learner = await createTestUser(t.db);
    const empty = await cohortOf(t.db, actor(instructor), "Empty so far");
    await joinAll(t.db, actor(instructor), empty.id, [actor(learner)]);
    const mine = await listMyCohorts(t.db, learner.id);
    expect(mine.map((m) => ({ name: m.cohort.name, assignments: m.cohort._count.assignments }))).toEqual([{ name: "Empty so far", assignments: 0 }]);
    expect(await listMyCohorts(t.db, instructor.id)).toEqual([]);
  });
});
