import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * Troubleshooting labs end to end in Chromium: the catalogue and a lesson link to a lab; a
 * learner opens it, investigates in the terminal (xterm.js), takes a hint, fixes the fault
 * and is graded by the state the commands left; nothing of the answer key reaches the
 * browser before the submit. Then an instructor assigns a lab to a cohort, a learner does
 * it from the home page, and the gradebook and the attempt review show the score and every
 * command the learner ran.
 */
const LAB = "vxlan-after-maintenance";
const FIX = "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink";
const INSTRUCTOR = { email: "instructor@example.com", password: "demo-instructor-pass" };

/** The terminal's visible text (xterm's DOM rows). */
function terminalText(page: Page): Promise<string> {
  return page.locator(".xterm-rows").innerText();
}

/** Types a command line into the terminal and waits until the server's answer is printed. */
async function run(page: Page, line: string, expectInOutput?: string | RegExp) {
  const frame = page.locator("[data-commands-answered]");
  const before = Number(await frame.getAttribute("data-commands-answered"));
  await page.locator(".xterm").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
  await expect(frame).toHaveAttribute("data-commands-answered", String(before + 1), { timeout: 15_000 });
  if (expectInOutput) await expect.poll(() => terminalText(page)).toMatch(expectInOutput);
}

async function expectNoAxeViolations(page: Page, label: string) {
  await expect(page).toHaveTitle(/\S/);
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** Nothing on the page is wider than the viewport (the terminal and the panel fit a phone). */
async function expectNoHorizontalOverflow(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

async function openShell(page: Page, name: string) {
  await page.getByRole("group", { name: "Open a shell on" }).getByRole("button", { name, exact: true }).click();
}

test("a learner investigates, fixes and is graded; no answer key reaches the browser first", async ({ page }) => {
  const bodies: string[] = [];
  let submitted = false;
  // What the lab's own pages and API send (the lessons legitimately teach the commands a fix uses).
  page.on("response", async (res) => {
    if (submitted || !/\/(labs|api\/labs?|api\/lab-attempts)(\/|$|\?)/.test(new URL(res.url()).pathname)) return;
    const type = res.headers()["content-type"] ?? "";
    if (!/json|html|javascript|text\/x-component/.test(type)) return;
    bodies.push(await res.text().catch(() => ""));
  });

  await signUp(page, uniqueEmail("lab"), "lab-learner-pass-1");
  await page.goto("/labs");
  expect(await page.getByTestId("lab-catalogue").locator("[data-lab]").count()).toBeGreaterThanOrEqual(12);
  await expectNoAxeViolations(page, "/labs");
  await page.goto("/lessons/flannel-vxlan");
  await page.getByRole("link", { name: "Nothing on node2 answers node1" }).first().click();
  await expect(page).toHaveURL(new RegExp(`/labs/${LAB}$`));
  await expectNoAxeViolations(page, LAB);
  await page.getByRole("button", { name: "Start the lab" }).click();
  await expect(page).toHaveURL(new RegExp(`/labs/${LAB}/attempts/`));
  await expect(page.locator(".xterm-rows")).toContainText("help", { timeout: 20_000 });
  await expectNoAxeViolations(page, "attempt");
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoHorizontalOverflow(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Reproduce from the pod, then look at node1's routes.
  await run(page, "ping -c 1 10.244.2.2", /100% packet loss/);
  await openShell(page, "node1");
  await run(page, "ip route", /10\.244\.1\.0\/24 dev cni0/);
  await run(page, "ip rout frob", /Command "frob" is unknown|Error/);
  await run(page, "kubectl get nodes", /node2/);
  await run(page, "rm -rf /", /command not found/);

  // A hint, chosen from what has not been looked at.
  await page.getByRole("button", { name: "Give me a hint" }).click();
  await expect(page.getByRole("complementary").locator("p").first()).not.toBeEmpty();

  // Before the fix: nothing the server sent names the fault, the diagnosis or the fix.
  const before = bodies.join("\n");
  expect(before).not.toContain("missing-route");
  expect(before).not.toContain("ifNotObserved");
  expect(before).not.toContain(FIX);
  expect(before).not.toContain('"diagnosis"');
  expect(before).not.toContain('"entries"');
  expect(bodies.length).toBeGreaterThan(5);

  await run(page, FIX);
  await openShell(page, `pod httpd-app-675b65488d-9w69v (on node1)`);
  await run(page, "ping -c 1 10.244.2.2", /1 received/);

  const aside = page.getByRole("complementary", { name: "Hints and diagnosis" });
  await aside.getByLabel("Node", { exact: true }).selectOption("node1");
  await aside.getByLabel("Table", { exact: true }).selectOption("route");
  await aside.getByLabel(/^Entry/).fill("10.244.2.0/24");
  submitted = true;
  await aside.getByRole("button", { name: "Submit for grading" }).click();
  await expect(page.getByTestId("lab-score")).toContainText("(100%)");
  await expect(page.getByRole("heading", { name: "What was wrong" })).toBeVisible();
  await expect(page.getByText("One fix:")).toBeVisible();
  await expectNoAxeViolations(page, "graded attempt");

  // The log survives a reload, read-only.
  await page.reload();
  await expect(page.locator(".xterm-rows")).toContainText("read-only", { timeout: 20_000 });
  await expect.poll(() => terminalText(page)).toContain("onlink");

  await page.goto("/me");
  await expect(page.getByTestId("lab-attempts")).toContainText("100%");
});

test("bad input to the lab API gets a clear 4xx and is not logged", async ({ page }) => {
  await signUp(page, uniqueEmail("lab-bad"), "lab-learner-pass-2");
  const start = await page.request.post(`/api/labs/${LAB}/attempts`, { data: {} });
  expect(start.status()).toBe(201);
  const { attemptId } = (await start.json()) as { attemptId: string };
  const post = (data: unknown) => page.request.post(`/api/lab-attempts/${attemptId}/commands`, { data: data as object });
  const at = (node: string, netns: string, line: string) => ({ target: { node, netns }, line });
  expect((await post(at("node1", "host", "x".repeat(4097)))).status()).toBe(400);
  expect((await post(at("node1", "elsewhere", "ip route"))).status()).toBe(400);
  expect((await post(at("node9", "host", "ip route"))).status()).toBe(400);
  expect((await post(at("node1", "host", "ip route\u0000"))).status()).toBe(400);
  expect((await post({ node: "node1", netns: "host", line: "ip route" })).status()).toBe(400);
  const control = await post(at("node1", "host", "ip \u001b[31mroute"));
  expect(control.status()).toBe(200);
  expect(((await control.json()) as { exitCode: number }).exitCode).not.toBe(0);
  expect((await page.request.post(`/api/lab-attempts/not-an-attempt/commands`, { data: at("node1", "host", "ip route") })).status()).toBe(404);
  const submit = await page.request.post(`/api/lab-attempts/${attemptId}/submit`, { data: { diagnosis: { node: "node1", table: "nonsense" } } });
  expect(submit.status()).toBe(400);
  expect(((await submit.json()) as { fieldErrors?: Record<string, string> }).fieldErrors).toBeTruthy();
  // Signed out, every lab route answers 401.
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.post(`http://127.0.0.1:${new URL(page.url()).port}/api/lab-attempts/${attemptId}/commands`, { data: at("node1", "host", "ip route") })).status()).toBe(401);
  await anonymous.close();
});

test("an instructor assigns a lab; the learner does it from the home page; the gradebook and the review show the score and the commands", async ({ page, browser }) => {
  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  await page.goto("/teach");
  const cohortName = `Lab cohort ${Date.now()}`;
  await page.getByLabel("Name").fill(cohortName);
  await page.getByRole("button", { name: "Create cohort" }).click();
  await expect(page.getByRole("heading", { level: 1, name: cohortName })).toBeVisible();
  const cohortUrl = new URL(page.url()).pathname;
  await page.getByRole("button", { name: "Create invite" }).click();
  const code = (await page.locator("[data-invite]").first().getAttribute("data-invite"))!;
  await page.getByText("Assign a quiz, a lab or lessons").click();
  const form = page.getByRole("form", { name: "New assignment" });
  await form.getByLabel("…or a troubleshooting lab").selectOption(LAB);
  const due = new Date(Date.now() + 48 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  await form.getByLabel("Due", { exact: true }).fill(`${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}T${pad(due.getHours())}:${pad(due.getMinutes())}`);
  await form.getByRole("button", { name: "Assign" }).click();
  await expect(page.getByRole("link", { name: /^Lab: / })).toBeVisible();

  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  const email = uniqueEmail("lab-cohort");
  await signUp(learner, email, "lab-learner-pass-3");
  await learner.goto(`/join/${code}`);
  await learner.getByRole("button", { name: /Join/ }).click();
  await expect(learner).toHaveURL(/\/me\?joined=/);
  await learner.goto("/");
  const card = learner.locator("[data-assignment]").filter({ hasText: "Lab:" });
  await expect(card).toContainText("troubleshooting lab");
  await card.getByRole("button", { name: "Start" }).click();
  await expect(learner).toHaveURL(new RegExp(`/labs/${LAB}/attempts/`));
  await expect(learner.locator(".xterm-rows")).toContainText("help", { timeout: 20_000 });
  await openShell(learner, "node1");
  await run(learner, "ip route");
  await run(learner, FIX);
  const aside = learner.getByRole("complementary", { name: "Hints and diagnosis" });
  await aside.getByLabel("Node", { exact: true }).selectOption("node1");
  await aside.getByLabel("Table", { exact: true }).selectOption("fdb");
  await aside.getByRole("button", { name: "Submit for grading" }).click();
  await expect(learner.getByTestId("lab-score")).toBeVisible();
  // An assignment's answer key waits for its close date (the graded default).
  await expect(learner.getByTestId("lab-key-hidden")).toBeVisible();
  await expect(learner.getByText("One fix:")).toHaveCount(0);
  const scoreText = (await learner.getByTestId("lab-score").innerText()).match(/\((\d+)%\)/)?.[1];
  expect(Number(scoreText)).toBeGreaterThan(0);
  expect(Number(scoreText)).toBeLessThan(100);
  await learnerContext.close();

  await page.goto(`${cohortUrl}/gradebook`);
  const row = page.locator(`[data-learner="${email}"]`);
  await expect(row).toContainText("Submitted");
  await expect(row.getByTestId("cell-score")).toHaveText(`${scoreText}%`);
  await row.getByRole("link", { name: "#1" }).click();
  await expect(page).toHaveURL(/\/lab-attempts\//);
  const commands = page.getByTestId("lab-commands");
  await expect(commands).toContainText("node1# ip route");
  await expect(commands).toContainText(`node1# ${FIX}`);
  await expect(commands).toContainText("changed:");
});
