import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { LESSON_SLUG, signIn } from "./helpers";

/**
 * Run by scripts/test-all.sh as a second Playwright invocation, i.e. against a freshly
 * started server: what the journey stored must still be there.
 */
test("@after-restart progress and the graded attempt survive a server restart", async ({ page }) => {
  const saved = JSON.parse(readFileSync("test-results/journey.json", "utf8")) as { email: string; password: string; attemptUrl: string; score: string };
  await signIn(page, saved.email, saved.password);
  await page.goto("/me");
  await expect(page.locator(`[data-lesson="${LESSON_SLUG}"]`)).toContainText("Completed");
  await expect(page.locator("table")).toContainText(saved.score);
  await page.goto(saved.attemptUrl);
  await expect(page.getByTestId("score")).toContainText(`Score: ${saved.score}`);
});
