import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, smallSvgTexts, uniqueEmail } from "./helpers";

/**
 * Every page type, as learners, instructors and admins see it, at 390 and 1280 px in the light
 * and the dark theme: a full-page screenshot of each (test-results/gallery/, to be looked at)
 * and full-page axe (every default rule) with zero violations, no page wider than the screen and
 * no SVG text under 12 CSS px. Every lesson is also checked one by one in e2e/a11y.spec.ts;
 * here each page type once.
 */
const GALLERY = "test-results/gallery";
mkdirSync(GALLERY, { recursive: true });
const SCREENS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Loads `url` at both widths in both themes: screenshot, axe, no sideways scroll. */
async function capture(page: Page, name: string, url: string, ready: (page: Page) => Promise<void> = async () => {}) {
  const problems: string[] = [];
  for (const screen of SCREENS) {
    await page.setViewportSize(screen);
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(url);
      await expect(page).toHaveTitle(/\S/);
      await ready(page);
      // The signed-in header and status badges are filled on the client: wait for the account corner.
      await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
      await page.waitForLoadState("networkidle");
      const label = `${name} ${screen.width}px ${colorScheme}`;
      await page.screenshot({ path: `${GALLERY}/${name}-${screen.width}-${colorScheme}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${label}: the page is ${overflow} px wider than the screen`);
      // No SVG text (diagrams, charts) under 12 CSS px at this size.
      const small = await smallSvgTexts(page);
      if (small.length > 0) problems.push(`${label}: SVG text under 12 px: ${small.slice(0, 5).join("; ")}`);
      // axe in both themes on the desktop and in the light theme on the phone: colours do not
      // change with width, and the phone run still sees the phone layout (three runs, not four).
      if (screen.width < 500 && colorScheme === "dark") continue;
      const result = await new AxeBuilder({ page }).analyze();
      problems.push(...result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`));
    }
  }
  expect(problems).toEqual([]);
}

test.describe("page gallery", () => {
  // Screenshots and axe over many full pages on a two-core machine; not a timing assertion.
  test.describe.configure({ timeout: 600_000 });

  test("pages anyone can open", async ({ page }) => {
    await capture(page, "home", "/");
    await capture(page, "lesson", "/lessons/flannel-vxlan", async (p) => {
      await p.getByTestId("packet-walk-diagram").first().waitFor();
    });
    await capture(page, "lesson-catalogue", "/lessons");
    await capture(page, "quiz-catalogue", "/quizzes");
    await capture(page, "quiz-signed-out", "/quizzes/flannel-basics");
    await capture(page, "signin", "/signin");
    await capture(page, "signup", "/signup");
    await capture(page, "forgot-password", "/forgot-password");
    await capture(page, "join", "/join");
    await capture(page, "not-found", "/no-such-page");
  });

  test("a learner's pages, then the instructor's and the admin's on the same data", async ({ page, browser }) => {
    // A learner joins the demo cohort, submits its assignment, and leaves a practice attempt open.
    const learnerEmail = uniqueEmail("gallery-learner");
    await signUp(page, learnerEmail, "gallery-learner-pass", "Gallery Learner");
    await page.goto("/join/DEMOJOIN23");
    await page.getByRole("button", { name: "Join the cohort" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/join"));
    await page.goto("/");
    const card = page.locator("[data-assignment]").first();
    await card.getByRole("button", { name: "Start" }).click();
    await expect(page).toHaveURL(/\/attempts\//);
    const assignedAttempt = new URL(page.url()).pathname;
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Submit answers" }).click();
    await expect(page.getByTestId("score")).toBeVisible();
    await capture(page, "attempt-review", assignedAttempt, async (p) => {
      await p.getByTestId("score").waitFor();
    });

    await page.goto("/quizzes/flannel-basics");
    await page.getByRole("button", { name: /^Start (the quiz|a new attempt)$/ }).click();
    await expect(page).toHaveURL(/\/attempts\//);
    await capture(page, "attempt-form", new URL(page.url()).pathname, async (p) => {
      await p.getByRole("button", { name: "Submit answers" }).waitFor();
    });
    await capture(page, "quiz", "/quizzes/flannel-basics");
    await capture(page, "my-progress", "/me");
    await capture(page, "account", "/me/account");

    // The instructor: cohorts, one cohort, its gradebook, dashboard, an assignment's item analysis and the learner's attempt.
    const instructor = await browser.newContext();
    const teach = await instructor.newPage();
    await signIn(teach, "instructor@example.com", "demo-instructor-pass");
    await capture(teach, "teach", "/teach");
    await teach.goto("/teach");
    const cohortUrl = (await teach.getByRole("link", { name: "Demo cohort: Kubernetes networking onboarding" }).getAttribute("href"))!;
    await capture(teach, "cohort", cohortUrl);
    await capture(teach, "gradebook", `${cohortUrl}/gradebook`);
    await capture(teach, "dashboard", `${cohortUrl}/dashboard`);
    await teach.goto(`${cohortUrl}/gradebook`);
    const row = teach.locator(`[data-learner="${learnerEmail}"]`);
    const reviewUrl = (await row.getByRole("link", { name: "#1" }).getAttribute("href"))!;
    await capture(teach, "instructor-attempt-review", reviewUrl);
    await teach.goto(cohortUrl);
    const assignmentUrl = (await teach.locator(`a[href^="${cohortUrl}/assignments/"]`).first().getAttribute("href"))!;
    await capture(teach, "item-analysis", assignmentUrl);
    await instructor.close();

    // The admin, made with the CLI as an operator would.
    const adminEmail = uniqueEmail("gallery-admin");
    execFileSync("npx", ["tsx", "scripts/user-create.ts", "--email", adminEmail, "--role", "admin", "--password", "gallery-admin-pass"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db" },
    });
    const admin = await browser.newContext();
    const adminPage = await admin.newPage();
    await signIn(adminPage, adminEmail, "gallery-admin-pass");
    await capture(adminPage, "admin-users", `/admin/users?q=${encodeURIComponent(learnerEmail)}`);
    await admin.close();
  });
});
