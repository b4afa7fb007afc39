import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * Roles: the first admin comes from the CLI (`npm run user:create`); the admin promotes a
 * learner to instructor in the app; the new instructor sees only their own cohorts, and a
 * learner cannot call the admin API.
 */
test("an admin made with user:create promotes a learner, who then manages only their own cohorts", async ({ page, browser }) => {
  const adminEmail = uniqueEmail("admin");
  const adminPassword = "admin-password-e2e";
  const out = execFileSync("npx", ["tsx", "scripts/user-create.ts", "--email", adminEmail, "--role", "admin", "--password", adminPassword], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db" },
  });
  expect(out).toContain(`created ${adminEmail} with role admin`);

  // Someone signs up: a learner, so /teach is a 404 and the admin API a 403.
  const context = await browser.newContext();
  const newcomer = await context.newPage();
  const email = uniqueEmail("future-instructor");
  await signUp(newcomer, email, "future-instructor-pass");
  expect((await newcomer.goto("/teach"))?.status()).toBe(404);
  const me = await newcomer.request.put("/api/admin/users/anyone/role", { data: { role: "admin" } });
  expect(me.status()).toBe(403);

  // Bad input to the teaching API is a clear 4xx, not a 500.
  await page.goto("/");
  const asInstructor = await browser.newContext();
  const inst = await asInstructor.newPage();
  await signIn(inst, "instructor@example.com", "demo-instructor-pass");
  const plain = await inst.request.post("/api/cohorts", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ name: "x" }) });
  expect(plain.status()).toBe(415);
  const empty = await inst.request.post("/api/cohorts", { data: {} });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { fieldErrors: Record<string, string> }).fieldErrors.name).toBeTruthy();
  const badJoin = await inst.request.post("/api/cohorts/join", { data: { code: "NO-SUCH-CODE" } });
  expect(badJoin.status()).toBe(404);
  await asInstructor.close();

  // The admin promotes them.
  await signIn(page, adminEmail, adminPassword);
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  await page.getByLabel(`Role of ${email}`).selectOption("instructor");
  await expect(page.getByRole("status")).toContainText(`${email} is now instructor.`);
  // The admin sees every cohort, the demo one included.
  await page.goto("/teach");
  const demoHref = await page.getByRole("link", { name: "Demo cohort: Kubernetes networking onboarding" }).getAttribute("href");
  const demoId = demoHref!.split("/").pop()!;

  // The new instructor: /teach works, their own cohort appears, the demo cohort is a 404.
  await newcomer.goto("/teach");
  await expect(newcomer.getByRole("heading", { name: "Teaching" })).toBeVisible();
  await expect(newcomer.getByText("No cohorts yet.")).toBeVisible();
  expect((await newcomer.goto(`/teach/cohorts/${demoId}`))?.status()).toBe(404);
  expect((await newcomer.request.get(`/api/cohorts/${demoId}/gradebook.csv`)).status()).toBe(404);
  const invite = await newcomer.request.post(`/api/cohorts/${demoId}/invites`, { data: {} });
  expect(invite.status()).toBe(404);
  await context.close();
});
