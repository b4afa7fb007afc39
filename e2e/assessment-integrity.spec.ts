import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { checkYourselfIds, loadBank, signIn, signUp, uniqueEmail, type E2eQuestion } from "./helpers";

/**
 * The attacker of issue 11: a learner with a graded assignment open tries every route that
 * could show its answer keys (a practice attempt at the same quiz, "review what I missed",
 * the quiz page, /api/check, "check answer" on the attempt, the assignment's own review, My
 * progress, the search index, the RSC payloads) and finds none. The test knows the key
 * (it reads the bank as the server does) and looks for every explanation and for "Correct
 * answer" in every response.
 */
const QUIZ = "vxlan-basics";
const INSTRUCTOR = { email: "instructor@example.com", password: "demo-instructor-pass" };

function originOf(page: Page): string {
  return new URL(page.url()).origin;
}

async function postJson(request: APIRequestContext, origin: string, url: string, data: unknown) {
  return request.post(url, { headers: { "content-type": "application/json", origin }, data: data as Record<string, unknown> });
}

/** Every secret of the graded questions: explanations (always key-revealing) and the review's "Correct answer" label. */
function leaks(text: string, graded: E2eQuestion[]): string[] {
  const found = graded.filter((q) => text.includes(q.explanation.slice(0, 60))).map((q) => `explanation of ${q.id}`);
  if (/Correct answer/.test(text)) found.push('"Correct answer"');
  return found;
}

test("with a graded assignment open, no route shows the learner a key of its questions", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const bank = loadBank(QUIZ);
  const publicIds = checkYourselfIds("vxlan");
  expect(publicIds.length).toBeGreaterThanOrEqual(3);
  const graded = bank.questions.filter((q) => !publicIds.includes(q.id));

  // The instructor sets the quiz as an assignment that closes tomorrow, with the default review options.
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  const origin = originOf(page);
  const cohort = await (await postJson(page.request, origin, "/api/cohorts", { name: `Integrity ${Date.now()}`, description: "", startDate: null })).json();
  const cohortId = cohort.cohort.id as string;
  const invite = await (await postJson(page.request, origin, `/api/cohorts/${cohortId}/invites`, { expiresInDays: 1, maxUses: null })).json();
  const created = await postJson(page.request, origin, `/api/cohorts/${cohortId}/assignments`, {
    title: "Graded VXLAN",
    quizId: QUIZ,
    opensAt: null,
    dueAt: new Date(Date.now() + 12 * 3_600_000).toISOString(),
    closesAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
    attemptsAllowed: 3,
  });
  expect(created.status(), await created.text()).toBe(201);
  const assignmentId = (await created.json()).assignment.id as string;

  // The learner joins and starts the graded attempt.
  const context = await browser.newContext();
  const learner = await context.newPage();
  await signUp(learner, uniqueEmail("attacker"), "attacker-learner-pass");
  expect((await postJson(learner.request, origin, "/api/cohorts/join", { code: invite.invite.code })).ok()).toBe(true);
  const start = await postJson(learner.request, origin, `/api/assignments/${assignmentId}/attempts`, {});
  expect(start.status()).toBe(201);
  const { attemptId, url: attemptUrl } = await start.json();

  const seen: Record<string, string> = {};
  const read = async (url: string, rsc = false) => {
    const res = await learner.request.get(url, rsc ? { headers: { rsc: "1" } } : undefined);
    seen[`${rsc ? "RSC " : ""}${url}`] = await res.text();
    return res;
  };

  // The graded attempt itself, as HTML and as the RSC payload: no key, no check-yourself question.
  await read(attemptUrl);
  await read(attemptUrl, true);
  for (const id of publicIds) expect(seen[attemptUrl], `check-yourself question ${id} is not graded`).not.toContain(`data-question-id="${id}"`);

  // 1. A practice attempt at the same quiz: refused, and the quiz page says why.
  const practice = await postJson(learner.request, origin, `/api/quizzes/${QUIZ}/attempts`, {});
  expect(practice.status()).toBe(409);
  expect((await practice.json()).error).toContain("Practice on this quiz is closed");
  await learner.goto(`/quizzes/${QUIZ}`);
  await expect(learner.getByTestId("practice-locked")).toContainText("Graded VXLAN");
  await read(`/quizzes/${QUIZ}`);

  // 2. "Check answer" on the graded attempt: refused (the default options show nothing immediately).
  const q0 = graded.find((q) => q.type === "single")!;
  const check = await postJson(learner.request, origin, `/api/attempts/${attemptId}/check`, { questionId: q0.id, answer: { choice: "a" } });
  expect(check.status()).toBe(403);
  seen["check"] = await check.text();

  // 3. /api/check (the lessons' check-yourself) grades only public questions.
  for (const q of graded.slice(0, 5)) {
    const res = await postJson(learner.request, origin, "/api/check", { quiz: QUIZ, question: q.id, answer: { choice: "a" } });
    expect(res.status(), q.id).toBe(404);
    seen[`api/check ${q.id}`] = await res.text();
  }

  // 4. "Review what I missed" has nothing of this quiz to draw.
  const missed = await postJson(learner.request, origin, "/api/quizzes/review-missed/attempts", {});
  expect(missed.status()).toBe(409);

  // 5. Submit the graded attempt blank: the review shows the score and says when the answers show.
  const submit = await postJson(learner.request, origin, `/api/attempts/${attemptId}/submit`, { answers: {} });
  expect(submit.ok(), await submit.text()).toBe(true);
  seen["submit"] = await submit.text();
  await learner.goto(attemptUrl);
  await expect(learner.getByTestId("score")).toContainText("Score: 0 /");
  await expect(learner.getByTestId("review-timing")).toContainText("Right answers and explanations show after the close date");
  await read(attemptUrl);
  await read(attemptUrl, true);

  // 6. Other pages the learner can reach.
  for (const url of ["/", "/me", "/search-index.json", `/lessons/vxlan`]) await read(url);
  await read("/me", true);

  for (const [where, text] of Object.entries(seen)) expect(leaks(text, graded), where).toEqual([]);
  await context.close();
});
