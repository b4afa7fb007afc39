import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * Issue 11 points 8 and 9 in the browser: an instructor edits an assignment instead of
 * deleting it, changes one grade by hand with a comment the learner then sees, finds the
 * change in the gradebook, and archives the cohort.
 */
const INSTRUCTOR = { email: "instructor@example.com", password: "demo-instructor-pass" };

async function postJson(request: APIRequestContext, origin: string, url: string, data: unknown) {
  return request.post(url, { headers: { "content-type": "application/json", origin }, data: data as Record<string, unknown> });
}

test("an instructor edits an assignment, sets a grade by hand with a comment the learner sees, and archives the cohort", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  const origin = new URL(page.url()).origin;
  const cohortName = `Grading ${Date.now()}`;
  const cohortId = (await (await postJson(page.request, origin, "/api/cohorts", { name: cohortName, description: "", startDate: null })).json()).cohort.id as string;
  const code = (await (await postJson(page.request, origin, `/api/cohorts/${cohortId}/invites`, { expiresInDays: 1, maxUses: null })).json()).invite.code as string;
  const created = await postJson(page.request, origin, `/api/cohorts/${cohortId}/assignments`, {
    title: "Graded by hand", quizId: "vxlan-basics", opensAt: null, dueAt: new Date(Date.now() + 3_600_000).toISOString(), attemptsAllowed: 1,
  });
  expect(created.status(), await created.text()).toBe(201);
  const assignmentId = (await created.json()).assignment.id as string;

  // A learner joins and submits a blank attempt: 0 points.
  const context = await browser.newContext();
  const learner = await context.newPage();
  await signUp(learner, uniqueEmail("graded"), "graded-learner-pass");
  expect((await postJson(learner.request, origin, "/api/cohorts/join", { code })).ok()).toBe(true);
  const { attemptId, url: attemptUrl } = await (await postJson(learner.request, origin, `/api/assignments/${assignmentId}/attempts`, {})).json();
  expect((await postJson(learner.request, origin, `/api/attempts/${attemptId}/submit`, { answers: {} })).ok()).toBe(true);

  // Edit: the form shows the current dates in the browser's time zone; allow a second attempt.
  await page.goto(`/teach/cohorts/${cohortId}/assignments/${assignmentId}`);
  await page.getByText("Edit the assignment").click();
  const edit = page.getByRole("form", { name: "Edit assignment" });
  await expect(edit.getByLabel("Due", { exact: true })).not.toHaveValue("");
  await edit.getByLabel(/^Attempts allowed/).fill("2");
  await edit.getByLabel("Grade from").selectOption("last");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("status")).toHaveText("Saved.");
  await expect(page.getByText("2 attempts")).toBeVisible();
  await expect(page.getByTestId("assignment-rules")).toContainText("the last submitted attempt");
  // A bad edit names the field and changes nothing.
  await edit.getByLabel("Due", { exact: true }).fill("");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByRole("alert")).toBeVisible();
  await expect(edit.locator(".field-error")).toContainText("due date");

  // Change one grade by hand.
  await page.goto(`/teach/cohorts/${cohortId}/attempts/${attemptId}`);
  await page.getByText("Change a grade by hand").click();
  const grade = page.getByRole("form", { name: "Change a grade" });
  await grade.getByLabel("Points").fill("1");
  await grade.getByLabel(/^Comment/).fill("Blank, but you explained it in class: full marks.");
  await grade.getByRole("button", { name: "Save the grade" }).click();
  await expect(page.getByTestId("grade-changes")).toContainText("Set by hand");
  await expect(page.getByTestId("score")).toContainText("Score: 1 /");

  await page.goto(`/teach/cohorts/${cohortId}/gradebook`);
  await expect(page.getByTestId("cell-changes")).toContainText("1 grade change");

  // The learner sees the grade and the comment.
  await learner.goto(attemptUrl);
  await expect(learner.getByTestId("score")).toContainText("Score: 1 /");
  await expect(learner.getByTestId("grade-comment")).toContainText("explained it in class");
  await context.close();

  // Archive the cohort: it leaves the teaching list.
  await page.goto(`/teach/cohorts/${cohortId}`);
  page.on("dialog", (d) => void d.accept());
  await page.getByText("Rename or archive").click();
  await page.getByRole("button", { name: "Archive the cohort" }).click();
  await expect(page.getByTestId("cohort-archived")).toBeVisible();
  await page.goto("/teach");
  await expect(page.getByRole("link", { name: cohortName })).toHaveCount(0);
  await page.getByText("Archived cohorts").click();
  await expect(page.getByRole("link", { name: cohortName })).toBeVisible();
});
