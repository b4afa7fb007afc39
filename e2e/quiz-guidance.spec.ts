import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

/**
 * Issue 15, the attempt form: a question navigator with the answered count, a submit
 * confirmation that names the unanswered questions, focus and scroll on the results after
 * submitting, and a countdown that is not read out every second.
 */
async function startQuiz(page: Page, quizId: string): Promise<void> {
  await page.goto(`/quizzes/${quizId}`);
  await page.getByRole("button", { name: "Start the quiz" }).click();
  await expect(page).toHaveURL(/\/attempts\//);
}

for (const width of [390, 1280]) {
  test(`at ${width} px: the navigator counts answers, the confirmation names what is missing, and the results take focus`, async ({ page }) => {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 800 });
    await signUp(page, uniqueEmail(`nav${width}`), "navigator-pass-1");
    await startQuiz(page, "flannel-basics");
    const boxes = page.locator("[data-question-id]");
    const n = await boxes.count();
    expect(n).toBeGreaterThan(3);
    const nav = page.getByRole("navigation", { name: "Questions" });
    await expect(nav.getByTestId("answered-count")).toHaveText(`0 of ${n} answered`);
    await expect(nav.getByRole("link")).toHaveCount(n);
    await expect(nav.getByRole("link", { name: "Question 2, not answered" })).toBeVisible();

    // Answer the first single-choice question, wherever it is, by its first option.
    const types = await boxes.evaluateAll((els) => els.map((el) => el.getAttribute("data-question-type")));
    const singleNumber = types.indexOf("single") + 1;
    expect(singleNumber).toBeGreaterThan(0);
    await boxes.nth(singleNumber - 1).locator('input[type="radio"]').first().check();
    await expect(nav.getByTestId("answered-count")).toHaveText(`1 of ${n} answered`);
    await expect(nav.getByRole("link", { name: `Question ${singleNumber}, answered` })).toBeVisible();

    // The navigator link takes the reader to the question.
    await nav.getByRole("link", { name: `Question ${n}, not answered` }).click();
    await expect(page).toHaveURL(new RegExp(`#question-${n}$`));
    await expect(boxes.nth(n - 1)).toBeInViewport();

    const others = Array.from({ length: n }, (_, i) => i + 1).filter((q) => q !== singleNumber);
    const expected = others.length === 1 ? `Question ${others[0]} has no answer.` : `Questions ${others.slice(0, -1).join(", ")} and ${others.at(-1)} have no answer.`;
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.accept();
    });
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect.poll(() => asked).toBe(`${expected} Submit anyway?`);

    const heading = page.getByTestId("results-heading");
    await expect(page.getByTestId("score")).toBeVisible();
    await expect(heading).toBeFocused();
    await expect(heading).toBeInViewport();
    // A reload of the results does not grab focus again.
    await page.reload();
    await expect(page.getByTestId("score")).toBeVisible();
    await expect(heading).not.toBeFocused();
  });
}

test("the countdown is silent; its announcements live in a separate region that speaks only at thresholds", async ({ page }) => {
  await signUp(page, uniqueEmail("timer"), "timer-pass-12");
  await startQuiz(page, "zz-e2e-timed");
  await expect(page.getByTestId("time-left")).toHaveText(/0:0\d/);
  await expect(page.getByRole("timer")).toHaveAttribute("aria-live", "off");
  const announcement = page.getByTestId("time-announcement");
  await expect(announcement).toHaveAttribute("aria-live", "assertive");
  // Eight seconds from the start: the 10 s threshold was already behind, so nothing is said while it counts down.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(1000);
    await expect(announcement).toHaveText("");
  }
});
