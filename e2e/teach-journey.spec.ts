import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { checkYourselfIds, loadBank, QUIZ_ID, signIn, signUp, uniqueEmail, type E2eQuestion } from "./helpers";

/**
 * The instructor's journey (issue 7): create a cohort, invite by link, assign a quiz with
 * a due date; a learner joins through the link and takes it; the instructor sees the score
 * in the gradebook and the item analysis, and downloads the CSV.
 */
const INSTRUCTOR = { email: "instructor@example.com", password: "demo-instructor-pass" };

/** A local date-time for a datetime-local input, `hours` from now. */
function localInput(hours: number): string {
  const d = new Date(Date.now() + hours * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Answers only the choice questions the learner is sure of: single and true/false, all
 * right except `wrong`; the other questions are left blank (zero points).
 */
async function answerChoiceQuestions(page: Page, questions: E2eQuestion[], wrong: E2eQuestion) {
  for (const q of questions) {
    const box = page.locator(`[data-question-id="${q.id}"]`);
    if (q.type === "single") {
      const pick = q.options!.find((o) => (q === wrong ? o.id !== q.answer : o.id === q.answer))!;
      await box.getByLabel(pick.text, { exact: true }).check();
    } else if (q.type === "truefalse") {
      await box.getByLabel(q.answer ? "True" : "False", { exact: true }).check();
    }
  }
}

test("an instructor assigns a quiz to a cohort; a learner joins by link and takes it; the gradebook, item analysis and CSV show it", async ({ page, browser }) => {
  const bank = loadBank(QUIZ_ID);
  // A graded draw leaves out the lesson's public check-yourself questions.
  const publicIds = new Set(checkYourselfIds("vxlan"));
  const graded = bank.questions.filter((q) => !publicIds.has(q.id));
  const cohortName = `E2E cohort ${Date.now()} "quoted", ünïcode`;
  const wrong = graded.find((q) => q.type === "single")!;
  const answered = graded.filter((q) => q.type === "single" || q.type === "truefalse");
  const expectedScore = answered.length - 1;
  const n = graded.length;

  // Instructor: a cohort, an invite link, an assignment with a due date.
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto("/teach");
  await page.getByLabel("Name").fill(cohortName);
  await page.getByLabel("Description").fill("Week one of onboarding");
  await page.getByRole("button", { name: "Create cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: cohortName })).toBeVisible();
  const cohortUrl = new URL(page.url()).pathname;
  const cohortId = cohortUrl.split("/").pop()!;

  await page.getByRole("button", { name: "Create invite" }).click();
  const invite = page.locator("[data-invite]").first();
  await expect(invite).toContainText("valid");
  const code = (await invite.getAttribute("data-invite"))!;
  await expect(invite).toContainText(`/join/${code}`);

  await page.getByText("Assign a quiz, a lab or lessons").click();
  const form = page.getByRole("form", { name: "New assignment" });
  await form.getByLabel("Title (optional)").fill("Week 1: VXLAN");
  await form.getByLabel("Quiz").selectOption(QUIZ_ID);
  await form.getByLabel("Opens").fill(localInput(-1));
  await form.getByLabel("Due", { exact: true }).fill(localInput(48));
  await form.getByLabel(/^Attempts allowed/).fill("2");
  await form.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByRole("link", { name: "Week 1: VXLAN" })).toBeVisible();
  await page.screenshot({ path: "test-results/teach-cohort.png", fullPage: true });

  // Learner: signs up, follows the invite link, joins, sees the assignment at home, takes it.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  const learnerEmail = uniqueEmail("cohort-learner");
  await signUp(learner, learnerEmail, "cohort-learner-pass", "Zoë =Learner");
  await learner.goto(`/join/${code}`);
  await expect(learner.getByRole("heading", { name: `Join ${cohortName}` })).toBeVisible();
  await learner.getByRole("button", { name: "Join the cohort" }).click();
  // Joining confirms on My progress, which lists the cohort; its assignments are on the home page.
  await expect(learner).toHaveURL(/\/me\?joined=/);
  await expect(learner.getByTestId("joined")).toContainText(`You joined ${cohortName}`);
  await expect(learner.getByTestId("my-cohorts")).toContainText(cohortName);
  await learner.goto("/");
  const card = learner.locator("[data-assignment]").filter({ hasText: "Week 1: VXLAN" });
  await expect(card).toContainText("Not started");
  await expect(card).toContainText("0 / 2 attempts");
  await card.getByRole("button", { name: "Start" }).click();
  await expect(learner).toHaveURL(/\/quizzes\/vxlan-basics\/attempts\//);
  await answerChoiceQuestions(learner, graded, wrong);
  learner.on("dialog", (d) => void d.accept()); // "some questions have no answer: submit anyway?"
  await learner.getByRole("button", { name: "Submit answers" }).click();
  await expect(learner.getByTestId("score")).toContainText(`Score: ${expectedScore} / ${n}`);
  await learner.goto("/");
  await expect(card).toContainText("Submitted");
  await expect(card).toContainText("1 / 2 attempts");
  await learner.screenshot({ path: "test-results/teach-learner-home.png" });

  // The learner cannot reach the instructor's tools, through pages or the API.
  expect((await learner.goto(cohortUrl))?.status()).toBe(404);
  expect((await learner.request.get(`/api/cohorts/${cohortId}/gradebook.csv`)).status()).toBe(403);
  const sneaky = await learner.request.post(`/api/cohorts/${cohortId}/assignments`, {
    data: { quizId: QUIZ_ID, opensAt: new Date().toISOString(), dueAt: new Date(Date.now() + 1e6).toISOString() },
  });
  expect(sneaky.status()).toBe(403);
  await learnerContext.close();

  // Instructor: gradebook, attempt review, item analysis, CSV.
  await page.goto(`${cohortUrl}/gradebook`);
  const row = page.locator(`[data-learner="${learnerEmail}"]`);
  const percent = Math.round((expectedScore / n) * 1000) / 10;
  await expect(row).toContainText("Submitted");
  await expect(row.getByTestId("cell-score")).toHaveText(`${percent}%`);
  await page.screenshot({ path: "test-results/teach-gradebook.png" });
  await row.getByRole("link", { name: "#1" }).click();
  await expect(page.getByTestId("score")).toContainText(`Score: ${expectedScore} / ${n}`);
  await page.goBack();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download gradebook (CSV)" }).click();
  const download = await downloadPromise;
  const csv = readFileSync((await download.path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n");
  expect(lines[0]).toBe("Email,Name,Week 1: VXLAN: score %,Week 1: VXLAN: status,Week 1: VXLAN: attempts,Week 1: VXLAN: grade changes");
  // The learner's name starts with "Zoë =" and the formula guard only touches a leading "=".
  expect(lines).toContain(`${learnerEmail},Zoë =Learner,${percent},Submitted,1,0`);

  const responses = await page.request.get(`/api/cohorts/${cohortId}/responses.csv`);
  expect(responses.headers()["content-type"]).toContain("text/csv");
  const responseText = await responses.text();
  expect(responseText.split("\r\n").filter((l) => l.includes(learnerEmail))).toHaveLength(n);
  expect(responseText).toContain(`,${wrong.id},`);

  await page.getByRole("link", { name: "Week 1: VXLAN" }).first().click();
  const item = page.locator(`[data-question-id="${wrong.id}"]`);
  await expect(item.getByTestId("facility")).toHaveText("0%");
  const wrongText = wrong.options!.find((o) => o.id !== wrong.answer)!.text;
  await expect(item).toContainText(`${wrongText} (1, 100%)`);
  const right = answered.find((q) => q.id !== wrong.id)!;
  await expect(page.locator(`[data-question-id="${right.id}"]`).getByTestId("facility")).toHaveText("100%");
  await page.screenshot({ path: "test-results/teach-item-analysis.png", fullPage: true });

  // The cohort dashboard: the learner's mastery of the quiz's topic, as a chart with its data.
  await page.goto(`${cohortUrl}/dashboard`);
  await expect(page.getByRole("img", { name: "Mastery per topic" })).toBeVisible();
  await page.getByText("Mastery per topic: data").click();
  const topicRow = page.getByRole("row", { name: /^VXLAN \(RFC 7348\)/ });
  await expect(topicRow).toContainText(`${Math.round((expectedScore / n) * 100)}%`);
  await expect(topicRow).toContainText("from 1 learner");
  await expect(topicRow).not.toContainText("(s)");
  await page.screenshot({ path: "test-results/teach-dashboard.png", fullPage: true });
});
