import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { parse } from "yaml";
import { createClient } from "@libsql/client";
import pg from "pg";
import { labCleanupScript, labScript } from "../lib/packet-walk";
import { instantiatePathQuestion, pathKeyAsAnswer, pathQuestionScenario, quizBankSchema, type PathQuestion, type QuizBank } from "../lib/quiz";
import { signUp, uniqueEmail } from "./helpers";

/**
 * The quiz engine end to end: a timed quiz running out (server auto-submit), two tabs
 * submitting one attempt, a path question answered by clicking the diagram, the review page,
 * and no answer key in any response before submission. The test reads the attempt's seed
 * from the database the server uses, so it can compute the engine's key like the server.
 */
const databaseUrl = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";

function loadBank(id: string): QuizBank {
  return quizBankSchema.parse(parse(readFileSync(path.join(process.cwd(), "e2e", "fixtures", "quizzes", `${id}.yaml`), "utf8")));
}

/** One number about an attempt, read with the plain drivers (the generated Prisma client does not load under Playwright's transpiler). `sql` ends where the attempt id goes. */
async function attemptNumber(sql: string, attemptId: string): Promise<number> {
  if (databaseUrl.startsWith("file:")) {
    const client = createClient({ url: databaseUrl });
    try {
      const result = await client.execute({ sql: `${sql}?`, args: [attemptId] });
      return Number(result.rows[0]?.n);
    } finally {
      client.close();
    }
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(`${sql}$1`, [attemptId]);
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

/** The attempt's stored seed. */
const seedOf = (attemptId: string) => attemptNumber('SELECT "seed" AS n FROM "QuizAttempt" WHERE "id" = ', attemptId);
/** Whether the server has stored a matching answer with both prompts paired (1) or not yet (0); the autosave is debounced. */
const matchSaved = (attemptId: string, promptIds: readonly string[]) =>
  attemptNumber(`SELECT COUNT(*) AS n FROM "QuestionResponse" WHERE "questionId" = 'zz-match' ${promptIds.map((id) => `AND "answer" LIKE '%"${id}":%'`).join(" ")} AND "attemptId" = `, attemptId);

async function startQuiz(page: Page, quizId: string, button = "Start the quiz"): Promise<string> {
  await page.goto(`/quizzes/${quizId}`);
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/attempts\//);
  return new URL(page.url()).pathname.split("/").pop()!;
}

test("a timed quiz runs out: the server submits the saved answers, late saves get a 409, and the miss feeds review", async ({ page }) => {
  await signUp(page, uniqueEmail("timed"), "timed-password-1");
  const attemptId = await startQuiz(page, "zz-e2e-timed");
  await expect(page.getByTestId("time-left")).toHaveText(/0:0\d/);
  const box = page.locator('[data-question-id="zz-timed-port"]');
  await box.getByLabel("8472", { exact: true }).check();
  await expect(page.getByTestId("save-state")).toHaveText("All answers saved.");
  // Leave the second question unanswered and wait: no click on Submit.
  await expect(page.getByTestId("score")).toHaveText(/Score: 1 \/ 2/, { timeout: 20_000 });
  await expect(page.getByTestId("auto-submitted")).toBeVisible();
  await expect(page.getByText("ZZ-SENTINEL-TIMED-EXPLANATION-2", { exact: false })).toBeVisible();

  const late = await page.request.put(`/api/attempts/${attemptId}/answers`, { data: { answers: { "zz-timed-vni": { value: 24 } } } });
  expect(late.status()).toBe(409);
  expect((await late.json()).error).toContain("already submitted");

  // My progress: mastery per topic and a practice round built from the miss.
  await page.goto("/me");
  await expect(page.getByTestId("mastery")).toContainText("VXLAN (RFC 7348)");
  await expect(page.getByTestId("mastery-chart")).toBeVisible();
  await page.getByRole("button", { name: "Practise what I missed" }).click();
  await expect(page).toHaveURL(/\/quizzes\/review-missed\/attempts\//);
  await expect(page.locator("[data-question-id]")).toHaveCount(1);
  await expect(page.locator('[data-question-id="zz-timed-vni"]')).toBeVisible();
});

test("an expired attempt is submitted by the server even when no page is open", async ({ page }) => {
  await signUp(page, uniqueEmail("away"), "away-password-1");
  const attemptId = await startQuiz(page, "zz-e2e-timed");
  await page.locator('[data-question-id="zz-timed-port"]').getByLabel("4789", { exact: true }).check();
  await expect(page.getByTestId("save-state")).toHaveText("All answers saved.");
  await page.goto("about:blank");
  await page.waitForTimeout(9_000);
  const submit = await page.request.post(`/api/attempts/${attemptId}/submit`, { data: { answers: { "zz-timed-port": { choice: "b" } } } });
  expect(submit.status()).toBe(200);
  // Graded as saved before the deadline (the wrong 4789), not with the late answer.
  expect(await submit.json()).toMatchObject({ autoSubmitted: true, score: 0, maxScore: 2 });
});

test("two tabs submitting the same attempt grade it once and show the same result", async ({ page }) => {
  await signUp(page, uniqueEmail("tabs"), "tabs-password-1");
  await startQuiz(page, "zz-e2e-timed");
  const url = page.url();
  const second = await page.context().newPage();
  await second.goto(url);
  for (const p of [page, second]) p.on("dialog", (d) => void d.accept());
  await second.locator('[data-question-id="zz-timed-port"]').getByLabel("8472", { exact: true }).check();
  await page.locator('[data-question-id="zz-timed-port"]').getByLabel("8472", { exact: true }).check();
  await Promise.all([page.getByRole("button", { name: "Submit answers" }).click(), second.getByRole("button", { name: "Submit answers" }).click()]);
  await expect(page.getByTestId("score")).toHaveText(/Score: 1 \/ 2/);
  await expect(second.getByTestId("score")).toHaveText(/Score: 1 \/ 2/);
  await page.goto("/quizzes/zz-e2e-timed");
  await expect(page.getByRole("link", { name: /^Attempt \d+$/ })).toHaveCount(1);
  await second.close();
});

test("a path question answered by clicking the diagram, graded by the engine, then reviewed; no key leaks before submission", async ({ page }) => {
  const bank = loadBank("zz-e2e-engine");
  const sentinels = bank.questions.flatMap((q) => [
    q.explanation,
    ...("options" in q ? q.options.flatMap((o) => (o.misconception ? [o.misconception] : [])) : []),
    ...(q.type === "matching" ? q.prompts.flatMap((p) => Object.values(p.misconceptions ?? {})) : []),
  ]);
  expect(sentinels.length).toBe(5);
  const bodies: string[] = [];
  page.on("response", (r) => {
    bodies.push(`${r.url()}\n`);
    void r.text().then((t) => bodies.push(t), () => undefined);
  });

  await signUp(page, uniqueEmail("path"), "path-password-1");
  const attemptId = await startQuiz(page, "zz-e2e-engine");
  const seed = await seedOf(attemptId);
  const question = (id: string) => bank.questions.find((q) => q.id === id) as PathQuestion;
  const devices = pathKeyAsAnswer(instantiatePathQuestion(question("zz-path-devices"), seed)).devices!;
  const port = pathKeyAsAnswer(instantiatePathQuestion(question("zz-path-port"), seed)).value!;
  expect(devices.length).toBeGreaterThan(5);

  // Click the devices on the diagram, in order; a wrong click, then "Undo last".
  const diagram = page.locator('[data-question-id="zz-path-devices"]');
  await diagram.locator(`[data-device="${devices.at(-1)}"]`).click();
  await diagram.getByRole("button", { name: "Undo last" }).click();
  for (const key of devices) await diagram.locator(`[data-device="${key}"]`).click();
  await diagram.screenshot({ path: "test-results/path-widget.png" });
  await expect(diagram.locator('[aria-label*="picked as number"]')).toHaveCount(devices.length);
  // Each device button says where it is (eth0 and cni0 exist on every node) and whether it is picked.
  const first = diagram.locator(`[data-device="${devices[0]}"]`);
  await expect(first).toHaveAttribute("aria-pressed", "true");
  await expect(first).toHaveAttribute("aria-label", / on [^,]+, (host namespace|pod [^,]+), picked as number 1$/);
  await expect(diagram.locator('[role="button"][aria-pressed="false"]').first()).toHaveAttribute("aria-label", / on [^,]+, (host namespace|pod [^,]+)$/);
  await page.locator('[data-question-id="zz-path-port"]').getByRole("spinbutton").fill(String(port));
  // Ordering: move "Outer Ethernet" etc. into place with the buttons; matching: pick one wrong pair.
  const order = page.locator('[data-question-id="zz-order"]');
  for (const text of ["Outer Ethernet", "Outer IPv4", "Outer UDP", "VXLAN header"]) {
    for (let i = 0; i < 4; i++) {
      const items = await order.locator("li").allTextContents();
      const at = items.findIndex((t) => t.startsWith(text));
      const target = ["Outer Ethernet", "Outer IPv4", "Outer UDP", "VXLAN header"].indexOf(text);
      if (at <= target) break;
      await order.getByRole("button", { name: `Move "${text}" up` }).click();
    }
  }
  const match = page.locator('[data-question-id="zz-match"]');
  await match.getByLabel("flannel VXLAN").selectOption({ label: "4789" });
  await match.getByLabel("Calico VXLAN").selectOption({ label: "4789" });
  await expect(page.getByTestId("save-state")).toHaveText("All answers saved.");
  // "saved" can still show from an earlier batch while the last one (the matching, changed last) waits for its debounce.
  const matchPrompts = (bank.questions.find((q) => q.id === "zz-match") as Extract<QuizBank["questions"][number], { type: "matching" }>).prompts.map((p) => p.id);
  await expect.poll(() => matchSaved(attemptId, matchPrompts), { timeout: 15_000 }).toBe(1);

  // The reload resumes the autosaved answers (the diagram still shows the path).
  await page.reload();
  await expect(diagram.locator('[aria-label*="picked as number"]')).toHaveCount(devices.length);

  // Before submitting: the attempt page, its RSC payload, every script and every API response so far.
  const cookies = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const html = await (await page.request.get(page.url(), { headers: { cookie: cookies } })).text();
  bodies.push(html, await (await page.request.get(page.url(), { headers: { cookie: cookies, RSC: "1" } })).text());
  for (const src of [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]!)) bodies.push(await (await page.request.get(src)).text());
  expect(html).toContain("zz-path-devices");
  // The diagram ships the cluster, never the walk; the VXLAN dstport detail would answer the port question.
  expect(html).not.toContain("dstport");
  for (const body of bodies) for (const s of sentinels) expect(body.includes(s), `leaked before submission: ${s.slice(0, 50)}`).toBe(false);

  // The lab of a path question gives its path away: not before submission.
  const labUrl = `/api/attempts/${attemptId}/lab/zz-path-devices`;
  expect((await page.request.get(labUrl)).status()).toBe(409);

  // Bad input is a 400 with a message, never a 500, and changes nothing.
  for (const data of [{ answers: { "zz-path-devices": { devices: "node1" } } }, { answers: { "zz-path-devices": { devices: ["nowhere/host/eth9"] } } }, { answers: { "zz-order": { order: ["a", "a", "b", "c"] } } }, { nonsense: 1 }]) {
    const bad = await page.request.put(`/api/attempts/${attemptId}/answers`, { data });
    expect(bad.status(), JSON.stringify(data)).toBe(400);
    expect((await bad.json()).error).toBeTruthy();
  }
  const notJson = await page.request.post(`/api/attempts/${attemptId}/submit`, { data: "{not json", headers: { "content-type": "application/json" } });
  expect(notJson.status()).toBe(400);

  await page.getByRole("button", { name: "Submit answers" }).click();
  // Path 1 + port 1 + ordering 1 + matching 1/2.
  await expect(page.getByTestId("score")).toHaveText(/Score: 3\.50 \/ 4/);
  const reviewed = page.locator('section[data-question-id="zz-path-devices"]');
  await expect(reviewed.getByText("Correct", { exact: true })).toBeVisible();
  await expect(reviewed).toContainText("ZZ-SENTINEL-PATH-EXPLANATION");
  await expect(reviewed).toContainText("Your answer:");
  // The review draws the path on the diagram (one drawing: the learner's path is the right one) and lists it as text.
  await expect(reviewed.getByRole("img", { name: "Your path, the right path" })).toBeVisible();
  await expect(reviewed.getByTestId("path-right").locator("li")).toHaveCount(devices.length);
  await expect(reviewed.getByTestId("path-yours")).toHaveCount(0);
  await reviewed.screenshot({ path: "test-results/path-review.png" });
  // After submission the review offers the cluster the question was graded on as a lab: the
  // same script the engine writes for that generated cluster (tests/kernel runs this emitter).
  const offer = reviewed.getByTestId("path-lab");
  await offer.locator("summary").click();
  await expect(offer).toContainText("cnia-");
  const cluster = pathQuestionScenario(question("zz-path-devices"), seed).cluster;
  const [download] = await Promise.all([page.waitForEvent("download"), offer.getByRole("link", { name: /setup script/ }).click()]);
  expect(download.suggestedFilename()).toBe("cnia-lab-zz-path-devices.sh");
  expect(readFileSync(await download.path(), "utf8")).toBe(labScript(cluster));
  expect(await (await page.request.get(`${labUrl}?part=cleanup`)).text()).toBe(labCleanupScript(cluster));
  expect((await page.request.get(`${labUrl}?part=everything`)).status()).toBe(400);
  expect((await page.request.get(`/api/attempts/${attemptId}/lab/zz-order`)).status()).toBe(404);
  // Someone else, and nobody, get nothing.
  const stranger = await page.context().browser()!.newContext({ baseURL: new URL(page.url()).origin });
  const other = await stranger.newPage();
  expect((await other.request.get(labUrl)).status()).toBe(401);
  await signUp(other, uniqueEmail("lab-stranger"), "lab-stranger-pass");
  expect((await other.request.get(labUrl)).status()).toBe(404);
  await stranger.close();
  const matched = page.locator('section[data-question-id="zz-match"]');
  await expect(matched.getByText("Partly correct")).toBeVisible();
  await expect(matched).toContainText("Correct answer: flannel VXLAN → 8472; Calico VXLAN → 4789");
  await expect(matched).toContainText("ZZ-SENTINEL-MATCH-MISCONCEPTION");
});
