import { execFileSync } from "node:child_process";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { headerLink, headerRows, signIn, signUp, uniqueEmail } from "./helpers";

/**
 * Course guidance (issue 15): the lesson and quiz catalogues, the home's "what next" block,
 * each lesson's best result and weak topics, the header's Teach and Admin links, and the
 * words (plurals, percentages), on a phone and a laptop, signed out and signed in.
 */
const PRACTICE_QUIZ = "flannel-basics"; // not assigned in the demo cohort, so its practice is open
const PRACTICE_LESSON = "flannel";

async function postJson(request: APIRequestContext, page: Page, url: string, data: unknown) {
  const origin = new URL(page.url()).origin;
  return request.post(url, { headers: { "content-type": "application/json", origin }, data: data as Record<string, unknown> });
}

for (const viewport of [
  { label: "phone", width: 390, height: 844 },
  { label: "laptop", width: 1280, height: 800 },
]) {
  test.describe(`guidance on a ${viewport.label}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });

    test("the header is two rows at most, signed out and signed in; on a phone the account links fold into a menu", async ({ page }) => {
      await page.goto("/");
      await expect(page.locator("html")).toHaveAttribute("data-viewer", "signed-out");
      expect(await headerRows(page)).toBeLessThanOrEqual(2);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
      const email = uniqueEmail(`header-${viewport.label}`);
      await signUp(page, email, "header-rows-pass-1");
      await page.goto("/lessons");
      expect(await headerRows(page)).toBeLessThanOrEqual(2);
      const menu = page.getByRole("navigation", { name: "Main" }).locator("summary", { hasText: "Account" });
      if (viewport.width >= 600) {
        await expect(menu).toBeHidden();
        await expect(page.getByRole("link", { name: "My progress" })).toBeVisible();
        return;
      }
      // Folded: closed, the links are out of the way and out of the accessibility tree.
      await expect(page.getByRole("link", { name: "My progress" })).toBeHidden();
      await menu.click();
      await expect(page.getByRole("link", { name: email })).toBeVisible();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      // Escape closes it and gives focus back to the menu button; a tap outside closes it too.
      await page.keyboard.press("Escape");
      await expect(page.getByRole("link", { name: "My progress" })).toBeHidden();
      await expect(menu).toBeFocused();
      await menu.click();
      await page.mouse.click(viewport.width / 2, viewport.height - 100);
      await expect(page.getByRole("link", { name: "My progress" })).toBeHidden();
      // A pick navigates and leaves the menu closed on the next page; the open menu covers nothing sideways.
      await menu.click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.getByRole("link", { name: "My progress" }).click();
      await expect(page).toHaveURL(/\/me$/);
      await expect(page.getByRole("link", { name: "My progress" })).toBeHidden();
    });

    test("signed out: catalogues from the header, a start prompt on home, the guidance APIs refuse", async ({ page }) => {
      await page.goto("/");
      const guidance = page.getByTestId("guidance");
      await expect(guidance).toContainText("Where to start");
      await expect(guidance.getByRole("link", { name: "signing in" })).toHaveAttribute("href", "/signin");
      const firstLesson = guidance.getByRole("link").first();
      await expect(firstLesson).toHaveAttribute("href", /^\/lessons\//);

      await (await headerLink(page, "Lessons")).click();
      await expect(page).toHaveURL(/\/lessons$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("All lessons");
      const lessons = page.getByTestId("lesson-catalogue").locator("li");
      expect(await lessons.count()).toBeGreaterThan(10);
      await expect(lessons.first()).toContainText("Topics:");
      await expect(lessons.first().locator("[data-status]")).toBeVisible();

      await (await headerLink(page, "Quizzes")).click();
      await expect(page).toHaveURL(/\/quizzes$/);
      const quiz = page.getByTestId("quiz-catalogue").locator(`li[data-quiz="${PRACTICE_QUIZ}"]`);
      await expect(quiz).toContainText(/\d+ questions/);
      await expect(quiz.getByRole("link", { name: /Flannel/ }).last()).toHaveAttribute("href", `/lessons/${PRACTICE_LESSON}`);
      await expect(page.locator("body")).not.toContainText("(s)");

      expect((await page.request.get("/api/guidance")).status()).toBe(401);
      expect((await page.request.get(`/api/progress/lessons/${PRACTICE_LESSON}/results`)).status()).toBe(401);
      await expect(page.getByRole("link", { name: "Teach" })).toHaveCount(0);
    });

    test("signed in: home says what is next, a lesson shows the best result and what to practise", async ({ page }) => {
      const email = uniqueEmail(`guide-${viewport.label}`);
      await signUp(page, email, "guidance-learner-pass");
      await page.goto("/");
      const guidance = page.getByTestId("guidance");
      await expect(guidance.getByTestId("guidance-lesson")).toContainText("Next lesson:");
      await expect(page.getByRole("link", { name: "Teach" })).toHaveCount(0);

      // Open the flannel lesson: it is now where the learner left off.
      await page.goto(`/lessons/${PRACTICE_LESSON}`);
      await expect(page.getByRole("button", { name: /Mark lesson as complete/ })).toBeVisible();
      await expect(page.getByTestId("lesson-results")).toContainText("No result on");
      await page.goto("/");
      await expect(guidance).toContainText("Continue where you left off");
      await expect(guidance.getByTestId("guidance-lesson").getByRole("link")).toHaveAttribute("href", `/lessons/${PRACTICE_LESSON}`);

      // A blank practice attempt scores 0: a result to show, and a weak topic to practise.
      const start = await postJson(page.request, page, `/api/quizzes/${PRACTICE_QUIZ}/attempts`, {});
      expect(start.ok(), await start.text()).toBe(true);
      const { attemptId } = (await start.json()) as { attemptId: string };
      const submit = await postJson(page.request, page, `/api/attempts/${attemptId}/submit`, { answers: {} });
      expect(submit.ok(), await submit.text()).toBe(true);

      await page.goto(`/lessons/${PRACTICE_LESSON}`);
      const results = page.getByTestId("lesson-results");
      const best = results.locator(`li[data-quiz="${PRACTICE_QUIZ}"]`);
      await expect(best).toContainText(/Your best on .+: 0 \/ \d+ \(0%\)/);
      await expect(best.getByRole("link")).toHaveAttribute("href", `/quizzes/${PRACTICE_QUIZ}/attempts/${attemptId}`);
      await expect(results.getByTestId("lesson-practise")).toContainText("Flannel");
      await expect(results.getByTestId("lesson-practise").getByRole("link").first()).toHaveAttribute("href", /^\/quizzes\//);

      await page.goto("/");
      await expect(guidance.getByTestId("guidance-practise")).toContainText("0% mastery");

      // The attempt's review shows the percentage beside the points.
      await page.goto(`/quizzes/${PRACTICE_QUIZ}/attempts/${attemptId}`);
      await expect(page.getByTestId("score")).toContainText(/Score: 0 \/ \d+ \(0%\)/);
    });

    test("the demo learner sees the demo cohort's open assignment in the guidance", async ({ page }) => {
      await signIn(page, "learner@example.com", "demo-learner-pass");
      await page.goto("/");
      await expect(page.getByTestId("guidance").getByTestId("guidance-assignment").first()).toContainText(/due .*\d{4}/);
      // The due date is in the reader's zone, named, with the machine-readable moment beside it.
      await expect(page.getByTestId("guidance-assignment").first().locator("time[datetime]")).toHaveCount(1);
    });

    test("forms: signed-in readers skip sign-in and sign-up, common and blank passwords are refused, the favicon is served", async ({ page }) => {
      for (const path of ["/favicon.ico", "/icon.svg"]) expect((await page.request.get(path)).status(), path).toBe(200);
      await page.goto("/signup");
      // Every field is drawn alike: the name input has the same border as the email input.
      const border = (label: string | RegExp) => page.getByLabel(label).evaluate((el) => getComputedStyle(el).borderTopWidth + " " + getComputedStyle(el).borderTopStyle);
      expect(await border("Name (optional)")).toBe(await border("Email"));
      await page.getByLabel("Email").fill(uniqueEmail("guide-pw"));
      await page.getByLabel(/^Password/).fill(" QwertyUIOP ");
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText(/one of the most common passwords/)).toBeVisible();
      await page.getByLabel(/^Password/).fill(" ".repeat(14));
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page.getByText("A password cannot be only spaces.")).toBeVisible();
      // The server refuses the same passwords, with the same words.
      for (const [password, message] of [["1234567890", /most common/], ["   short   ", /at least 10/]] as const) {
        const res = await page.request.post("/api/signup", { data: { email: uniqueEmail("guide-api"), password } });
        expect(res.status()).toBe(400);
        expect(JSON.stringify(await res.json())).toMatch(message);
      }

      await signUp(page, uniqueEmail(`guide-forms-${viewport.label}`), "guidance-forms-pass");
      await page.goto("/signin");
      await expect(page).toHaveURL(/\/me$/);
      await page.goto(`/signup?callbackUrl=${encodeURIComponent("/lessons/vxlan")}`);
      await expect(page).toHaveURL(/\/lessons\/vxlan$/);
      // Another site's address is never followed.
      await page.goto(`/signin?callbackUrl=${encodeURIComponent("https://evil.example/")}`);
      await expect(page).toHaveURL(/\/me$/);
    });

    test("search marks the matched terms in each result", async ({ page }) => {
      await page.goto("/lessons");
      // The header's account corner is filled once React runs: the search box then answers typing.
      await expect(page.locator(".user-menu a").first()).toBeVisible();
      const box = page.getByRole("combobox", { name: "Search lessons" });
      await box.click();
      await box.pressSequentially("<vxlan>");
      const first = page.getByRole("option").first();
      await expect(first).toBeVisible();
      const marks = first.locator("mark");
      expect(await marks.count()).toBeGreaterThan(0);
      for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toBe("vxlan");
      // The query is text: no element is made from it.
      await expect(page.locator("[role=listbox] vxlan")).toHaveCount(0);
    });

    test("joining a cohort confirms it, and My progress lists the cohort before it has assignments", async ({ page, browser }) => {
      await signIn(page, "instructor@example.com", "demo-instructor-pass");
      const cohortName = `Guidance cohort ${viewport.label} ${Date.now()}`;
      const created = await postJson(page.request, page, "/api/cohorts", { name: cohortName, description: "", startDate: null });
      expect(created.ok(), await created.text()).toBe(true);
      const cohortId = ((await created.json()) as { cohort: { id: string } }).cohort.id;
      const invite = await postJson(page.request, page, `/api/cohorts/${cohortId}/invites`, {});
      const code = ((await invite.json()) as { invite: { code: string } }).invite.code;

      const learner = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      await signUp(learner, uniqueEmail(`guide-join-${viewport.label}`), "guidance-joiner-pass");
      await learner.goto(`/join/${code}`);
      await learner.getByRole("button", { name: "Join the cohort" }).click();
      await expect(learner).toHaveURL(new RegExp(`/me\\?joined=${cohortId}`));
      await expect(learner.getByTestId("joined")).toHaveText(new RegExp(`You joined ${cohortName}`));
      await expect(learner.getByTestId("my-cohorts").locator(`[data-cohort="${cohortId}"]`)).toContainText("no assignments yet");
      // Someone else's cohort id in the URL confirms nothing.
      await learner.goto("/me?joined=not-my-cohort");
      await expect(learner.getByTestId("joined")).toHaveCount(0);
      await learner.close();
    });

    test("instructors see Teach, admins Teach and Admin, in the header", async ({ page, browser }) => {
      await signIn(page, "instructor@example.com", "demo-instructor-pass");
      await expect(await headerLink(page, "Teach")).toHaveAttribute("href", "/teach");
      await expect(page.getByRole("link", { name: "Admin", exact: true })).toHaveCount(0);
      await (await headerLink(page, "Teach")).click();
      await expect(page).toHaveURL(/\/teach$/);
      await expect(page.locator("body")).not.toContainText("(s)");

      const adminEmail = uniqueEmail(`guide-admin-${viewport.label}`);
      execFileSync("npx", ["tsx", "scripts/user-create.ts", "--email", adminEmail, "--role", "admin", "--password", "guidance-admin-pass"], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db" },
      });
      const admin = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
      await signIn(admin, adminEmail, "guidance-admin-pass");
      await expect(await headerLink(admin, "Teach")).toBeVisible();
      await (await headerLink(admin, "Admin")).click();
      await expect(admin).toHaveURL(/\/admin\/users/);
      // The corner was sized for an admin on this load: all its links sit inside the box (on a
      // phone they are in the open menu, which must fit on the screen).
      if (viewport.width < 600) await admin.locator("summary", { hasText: "Account" }).click();
      const box = viewport.width >= 600 ? await admin.locator(".user-menu").boundingBox() : { x: 0, width: viewport.width };
      const signOut = await admin.getByRole("button", { name: "Sign out" }).boundingBox();
      expect(box && signOut && signOut.x >= box.x && signOut.x + signOut.width <= box.x + box.width + 1).toBe(true);
      await admin.close();
    });
  });
}
