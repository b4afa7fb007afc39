import { expect, test } from "@playwright/test";
import { startExtraServer } from "./app-server";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * The test-only banks (e2e/fixtures/quizzes, ids zz-e2e-*) exist only on a server started
 * with TEST_QUIZ_BANKS_DIR. This spec starts a second server of the same production
 * build and database WITHOUT that setting, as production runs, and checks that no route
 * lists, serves, starts or assigns them, while the suite's own server (with the setting) does.
 */
const mainPort = Number(process.env.E2E_PORT ?? 3100);
const plainPort = mainPort + 2;
const plainURL = `http://127.0.0.1:${plainPort}`;
const TEST_BANKS = ["zz-e2e-timed", "zz-e2e-engine"];

let server: { stop(): void } | null = null;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startExtraServer(plainPort, { TEST_QUIZ_BANKS_DIR: undefined });
});

test.afterAll(() => server?.stop());

test("the e2e server, started with TEST_QUIZ_BANKS_DIR, serves the test banks (so the check below can fail)", async ({ request }) => {
  for (const id of TEST_BANKS) expect((await request.get(`/quizzes/${id}`)).status(), id).toBe(200);
});

test("a production server without the test-only setting has no route to the test banks", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: plainURL, extraHTTPHeaders: { origin: plainURL } });
  const page = await context.newPage();
  for (const id of TEST_BANKS) {
    expect((await page.request.get(`/quizzes/${id}`)).status(), `GET /quizzes/${id}`).toBe(404);
  }
  const index = await (await page.request.get("/search-index.json")).text();
  expect(index).not.toMatch(/zz-e2e|ZZ-SENTINEL|E2E:/);

  // Signed in, starting one is refused as a missing quiz.
  await signUp(page, uniqueEmail("nobanks"), "no-test-banks-pass-1");
  for (const id of TEST_BANKS) {
    const start = await page.request.post(`/api/quizzes/${id}/attempts`, { headers: { "content-type": "application/json", origin: plainURL }, data: {} });
    expect(start.status(), `start ${id}`).toBe(404);
  }
  // Neither the course home nor the learner's pages mention them.
  for (const url of ["/", "/me"]) {
    const html = await (await page.request.get(url)).text();
    expect(html, url).not.toMatch(/zz-e2e|ZZ-SENTINEL|E2E: /);
  }
  await context.close();

  // An instructor's assignment picker does not offer them.
  const staff = await browser.newContext({ baseURL: plainURL, extraHTTPHeaders: { origin: plainURL } });
  const teacher = await staff.newPage();
  await signIn(teacher, "instructor@example.com", "demo-instructor-pass");
  await teacher.goto("/teach");
  await teacher.locator('a[href^="/teach/cohorts/"]').first().click();
  await teacher.waitForURL(/\/teach\/cohorts\/[^/]+$/);
  await expect(teacher.getByText("Assign a quiz, a lab or lessons")).toBeVisible();
  const picker = await teacher.content();
  expect(picker).toContain("vxlan-basics");
  expect(picker).not.toMatch(/zz-e2e|E2E: /);
  await staff.close();
});
