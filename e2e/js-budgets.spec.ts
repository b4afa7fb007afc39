import { expect, test, type APIRequestContext } from "@playwright/test";
import { firstLoadJs } from "../bench/first-load-js";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * First-load JavaScript budgets per page type, in gzipped bytes of the chunks each served
 * page references (bench/first-load-js.ts). Sizes, not times: the same build gives the same
 * bytes, so this cannot flake, and any change that grows a page past its budget fails here.
 *
 * The budgets are ceilings at today's sizes plus a small margin, so nothing grows unnoticed
 * while issue 14 ("Ship less") brings them down to its goals (home ≤ 100 kB, lesson
 * ≤ 110 kB, ≤ 140 kB with the live diagram); each step that lands lowers its budget here.
 */
const KB = 1024;
const BUDGETS: Record<string, number> = {
  // measured 2026-12-02 (kB): home 219.1, lessons 258.4, sign-in 218.6, quiz 186.0, attempt 219.6, /me 186.0, gradebook 185.5
  home: 228 * KB,
  lesson: 268 * KB,
  "lesson with a live diagram": 268 * KB,
  "sign-in": 228 * KB,
  "quiz page": 194 * KB,
  "quiz attempt": 229 * KB,
  "my progress": 194 * KB,
  gradebook: 194 * KB,
};

async function measure(request: APIRequestContext, url: string) {
  const res = await request.get(url);
  expect(res.status(), url).toBe(200);
  return firstLoadJs(await res.text());
}

test("every page type's first-load JS stays within its budget", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const figures: Record<string, { url: string; bytes: number; chunks: number }> = {};
  const record = async (name: string, request: APIRequestContext, url: string) => {
    const m = await measure(request, url);
    figures[name] = { url, bytes: m.bytes, chunks: m.chunks.length };
  };

  await record("home", page.request, "/");
  await record("lesson", page.request, "/lessons/vxlan");
  await record("lesson with a live diagram", page.request, "/lessons/flannel-vxlan");
  await record("sign-in", page.request, "/signin");

  await signUp(page, uniqueEmail("budgets"), "budget-learner-pass");
  await record("quiz page", page.request, "/quizzes/flannel-basics");
  const started = await page.request.post("/api/quizzes/flannel-basics/attempts", { data: {} });
  expect(started.ok(), await started.text()).toBe(true);
  const { attemptId } = (await started.json()) as { attemptId: string };
  await record("quiz attempt", page.request, `/quizzes/flannel-basics/attempts/${attemptId}`);
  await record("my progress", page.request, "/me");

  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, "instructor@example.com", "demo-instructor-pass");
  const teach = await (await teacher.request.get("/teach")).text();
  const cohortId = /\/teach\/cohorts\/([A-Za-z0-9_-]+)/.exec(teach)?.[1];
  expect(cohortId, "the demo instructor has a cohort").toBeTruthy();
  await record("gradebook", teacher.request, `/teach/cohorts/${cohortId}/gradebook`);

  console.info(
    ["first-load JS, gzipped (budget):", ...Object.entries(figures).map(([name, f]) => `  ${name.padEnd(28)} ${(f.bytes / KB).toFixed(1).padStart(6)} kB in ${f.chunks} chunks (${(BUDGETS[name]! / KB).toFixed(0)} kB)  ${f.url}`)].join("\n"),
  );
  const over = Object.entries(figures)
    .filter(([name, f]) => f.bytes > BUDGETS[name]!)
    .map(([name, f]) => `${name}: ${(f.bytes / KB).toFixed(1)} kB > ${(BUDGETS[name]! / KB).toFixed(0)} kB`);
  expect(over).toEqual([]);
  expect(Object.keys(figures).sort()).toEqual(Object.keys(BUDGETS).sort());
});
