import { expect, test, type APIRequestContext, type Page, type Response } from "@playwright/test";
import { firstLoadJs, gzipBytesOfChunk } from "../bench/first-load-js";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * First-load JavaScript budgets per page type, in gzipped bytes of the chunks each served
 * page references (bench/first-load-js.ts). Sizes, not times: the same build gives the same
 * bytes, so this cannot flake, and any change that grows a page past its budget fails here.
 *
 * The budgets are ceilings at today's sizes plus about 3%, so nothing grows unnoticed. Of
 * every page's first load, ~129 kB is React and Next's app router themselves, which no page
 * can shed: docs/decisions/017-first-load-javascript.md says what the rest is made of.
 */
const KB = 1024;
const BUDGETS: Record<string, number> = {
  // measured 2026-12-02 after issue 14 (kB): home 142.8, lessons 146.1, sign-in 142.0, quiz 139.2, attempt 143.4,
  // /me 139.2, gradebook 138.6; before it: home 219.1, lessons 258.4, sign-in 218.6, quiz 186.0, attempt 219.6.
  home: 147 * KB,
  lesson: 151 * KB,
  "lesson with a live diagram": 151 * KB,
  // 185.8 at first; 193.6 after the diagram viewport (zoom, full screen, following the packet),
  // the per-hop panel sizers and the lesson's best-result block (session 6); 198.6 with the lab
  // panel and each hop's lab command (the lab emitter's naming and quoting, issue 16) and the
  // engine's kernel-checked behaviour (bridged DNAT, rp_filter, underlay filters) (session 7).
  "lesson with the live diagram loaded": 205 * KB,
  "sign-in": 147 * KB,
  "quiz page": 144 * KB,
  "quiz attempt": 148 * KB,
  "my progress": 144 * KB,
  gradebook: 143 * KB,
  // Troubleshooting labs (session 8, measured 139.3 / 143.2 / 231.7): the terminal's xterm.js
  // (~85 kB gzipped) loads only on a lab attempt, after the page mounts (decision 021).
  "lab catalogue": 143 * KB,
  "lab attempt": 148 * KB,
  "lab attempt with the terminal loaded": 239 * KB,
};

/** Every chunk a real browser fetched for `url` until `ready` resolved and the network went idle. */
async function chunksFetched(page: Page, url: string, ready: () => Promise<void>) {
  const fetched = new Set<string>();
  const onResponse = (res: Response) => {
    const m = /\/_next\/(static\/chunks\/[A-Za-z0-9_.~-]+\.js)$/.exec(new URL(res.url()).pathname);
    if (m) fetched.add(m[1]!);
  };
  page.on("response", onResponse);
  await page.goto(url);
  await ready();
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  return { bytes: [...fetched].reduce((sum, c) => sum + gzipBytesOfChunk(c), 0), chunks: [...fetched] };
}

/** The chunks of `url` once the live diagram on it came into view and loaded (components/packet-walk/lazy-packet-walk.tsx defers it until then). */
function withDiagramLoaded(page: Page, url: string) {
  return chunksFetched(page, url, async () => {
    const diagram = page.getByTestId("packet-walk-diagram").first();
    await diagram.scrollIntoViewIfNeeded();
    // The diagram is live once a step re-renders it in the browser (a click before that is the server's HTML only).
    await expect(async () => {
      await diagram.getByRole("button", { name: "Step forward" }).click();
      await expect(diagram).not.toHaveAttribute("data-hop-index", "0", { timeout: 500 });
    }).toPass({ timeout: 20_000 });
  });
}

/** The chunks of a lab attempt once its terminal (xterm.js, imported when the page mounts) is up. */
function withTerminalLoaded(page: Page, url: string) {
  return chunksFetched(page, url, () => expect(page.locator(".xterm-rows")).toContainText("help", { timeout: 20_000 }));
}

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
  const loaded = await withDiagramLoaded(page, "/lessons/flannel-vxlan");
  figures["lesson with the live diagram loaded"] = { url: "/lessons/flannel-vxlan", bytes: loaded.bytes, chunks: loaded.chunks.length };

  await signUp(page, uniqueEmail("budgets"), "budget-learner-pass");
  await record("quiz page", page.request, "/quizzes/flannel-basics");
  const started = await page.request.post("/api/quizzes/flannel-basics/attempts", { data: {} });
  expect(started.ok(), await started.text()).toBe(true);
  const { attemptId } = (await started.json()) as { attemptId: string };
  await record("quiz attempt", page.request, `/quizzes/flannel-basics/attempts/${attemptId}`);
  await record("my progress", page.request, "/me");
  await record("lab catalogue", page.request, "/labs");
  const lab = await page.request.post("/api/labs/vxlan-after-maintenance/attempts", { data: {} });
  expect(lab.ok(), await lab.text()).toBe(true);
  const labUrl = ((await lab.json()) as { url: string }).url;
  await record("lab attempt", page.request, labUrl);
  const terminal = await withTerminalLoaded(page, labUrl);
  figures["lab attempt with the terminal loaded"] = { url: labUrl, bytes: terminal.bytes, chunks: terminal.chunks.length };

  const teacher = await (await browser.newContext()).newPage();
  await signIn(teacher, "instructor@example.com", "demo-instructor-pass");
  const teach = await (await teacher.request.get("/teach")).text();
  const cohortId = /\/teach\/cohorts\/([A-Za-z0-9_-]+)/.exec(teach)?.[1];
  expect(cohortId, "the demo instructor has a cohort").toBeTruthy();
  await record("gradebook", teacher.request, `/teach/cohorts/${cohortId}/gradebook`);

  console.info(
    ["first-load JS, gzipped (budget):", ...Object.entries(figures).map(([name, f]) => `  ${name.padEnd(36)} ${(f.bytes / KB).toFixed(1).padStart(6)} kB in ${f.chunks} chunks (${(BUDGETS[name]! / KB).toFixed(0)} kB)  ${f.url}`)].join("\n"),
  );
  const over = Object.entries(figures)
    .filter(([name, f]) => f.bytes > BUDGETS[name]!)
    .map(([name, f]) => `${name}: ${(f.bytes / KB).toFixed(1)} kB > ${(BUDGETS[name]! / KB).toFixed(0)} kB`);
  expect(over).toEqual([]);
  expect(Object.keys(figures).sort()).toEqual(Object.keys(BUDGETS).sort());
});
