import { readdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";

/**
 * Full-page axe (every rule axe runs by default, no include/exclude) over every lesson, in the
 * light and the dark theme, and over the signed-in pages a learner sees: course home, quiz,
 * attempt form, review and My progress. Zero violations.
 */
const LESSONS = readdirSync(path.join(process.cwd(), "content", "lessons"))
  .filter((f) => f.endsWith(".mdx"))
  .map((f) => f.replace(/\.mdx$/, ""))
  .sort();

async function hydrated(page: Page) {
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^(Sign in|My progress)$/ })).toBeVisible();
}

async function expectNoViolations(page: Page, label: string) {
  // Next streams the <title> in with the metadata; on a loaded machine axe could run before it landed.
  await expect(page).toHaveTitle(/\S/);
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("the lesson list is read from content/lessons", () => {
  expect(LESSONS.length).toBeGreaterThanOrEqual(18);
  expect(LESSONS).toContain("flannel-vxlan");
});

test("code blocks are reachable with the keyboard, named after their language, and scroll with arrow keys", { tag: "@static" }, async ({ page }) => {
  // A phone-width viewport, so that long command output overflows its block.
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto("/lessons/flannel-vxlan");
  await hydrated(page);
  await expect(page.getByRole("group", { name: "Code: bash" }).first()).toBeVisible();
  const pre = page.locator("pre");
  const overflowing = await pre.evaluateAll((els) => els.findIndex((el) => el.scrollWidth > el.clientWidth));
  expect(overflowing).toBeGreaterThanOrEqual(0);
  const block = pre.nth(overflowing);
  await expect(block).toHaveAttribute("tabindex", "0");
  await expect(block).toHaveAttribute("aria-label", /^Code(: \w+)?$/);
  await block.focus();
  await expect(block).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => block.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});

for (const slug of LESSONS) {
  test(`axe: lesson ${slug}, light and dark, whole page`, { tag: "@static" }, async ({ page }) => {
    // axe over a long lesson is slow on a shared two-core machine; not a timing assertion.
    test.setTimeout(120_000);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`/lessons/${slug}`);
      await hydrated(page);
      await expectNoViolations(page, `${colorScheme} /lessons/${slug}`);
    }
    // A CSS-module class that does not exist renders as the word "undefined".
    await expect(page.locator('[class~="undefined"], [class~="null"], [class~="false"]')).toHaveCount(0);
  });
}

// The signed-in learner's pages (home, quiz, attempt form, review, My progress) and every
// instructor and admin page are checked in both themes by e2e/page-gallery.spec.ts.
