import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";
import { MESSAGES } from "../lib/validation/auth-rules";

/**
 * Accounts people expect (issue 12 part 4; docs/decisions/016-accounts-and-reset.md), end to
 * end against the suite's real SMTP server (e2e/smtp/server.mjs): forgot password → mail →
 * reset, which signs out every other browser; change of email confirmed from the new
 * address; export of my data; deleting my account; an admin disabling a user, whose open
 * session stops working at once. Every user here is made by the spec itself.
 */
const MAIL_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 26}`;

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

async function mailsTo(request: APIRequestContext, address: string, subject: string, count = 1): Promise<ReceivedMail[]> {
  let mails: ReceivedMail[] = [];
  await expect
    .poll(async () => {
      const all = (await (await request.get(`${MAIL_URL}/mails?to=${encodeURIComponent(address)}`)).json()) as ReceivedMail[];
      mails = all.filter((m) => m.subject.includes(subject));
      return mails.length;
    }, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  return mails;
}

function linkIn(mail: ReceivedMail): string {
  const m = /https?:\/\/\S+token=\S+/.exec(mail.text);
  if (!m) throw new Error(`no link in "${mail.subject}"`);
  return new URL(m[0]).pathname + new URL(m[0]).search;
}

async function expectSignedOut(page: Page) {
  await page.goto("/me");
  await expect(page).toHaveURL(/\/signin/);
  expect((await page.request.get("/api/me/export")).status()).toBe(401);
}

test("forgot password: the mailed link sets a new password once and signs out every other browser", async ({ page, browser }) => {
  const email = uniqueEmail("forgot");
  // Browser A stays signed in with the old password.
  const other = await browser.newContext();
  const old = await other.newPage();
  await signUp(old, email, "old-password-123");
  await old.goto("/me");
  await expect(old.getByText(`Signed in as ${email}.`)).toBeVisible();

  // Browser B forgot the password.
  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send me a reset link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account uses that address");
  const [mail] = await mailsTo(page.request, email, "Reset your CNI Academy password");
  expect(mail!.text).toContain("30 minutes");
  const link = linkIn(mail!);
  expect(link).toMatch(/^\/reset-password\?token=/);

  await page.goto(link);
  // The form hints before sending, with the sign-up rules (NIST SP 800-63B); the token stays unused.
  for (const [bad, hint] of [["short", MESSAGES.passwordShort], [" ".repeat(12), MESSAGES.passwordBlank], ["Password123", MESSAGES.passwordCommon]] as const) {
    await page.getByLabel(/^New password/).fill(bad);
    await page.getByRole("button", { name: "Set the new password" }).click();
    await expect(page.locator(".field-error")).toHaveText(hint);
  }
  // The server holds the same rules when the form is bypassed.
  const token = new URL(link, "http://x").searchParams.get("token");
  const direct = await page.request.post("/api/password/reset", { data: { token, password: "password123" } });
  expect(direct.status()).toBe(400);
  expect((await direct.json()).fieldErrors?.password).toBe(MESSAGES.passwordCommon);
  await page.getByLabel(/^New password/).fill("new-password-456");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("status")).toContainText("signed out everywhere");

  // The link works once.
  await page.goto(link);
  await page.getByLabel(/^New password/).fill("third-password-789");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.locator(".form-error")).toContainText("already used");

  // Browser A's open session ended with the reset.
  await expectSignedOut(old);
  await other.close();

  // The old password no longer signs in; the new one does.
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("old-password-123");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".form-error")).toContainText("do not match");
  await signIn(page, email, "new-password-456");
});

test("sign-up with a registered address answers as for a new one and mails the owner a way back in", async ({ page, request }) => {
  const email = uniqueEmail("again");
  await signUp(page, email, "owners-password-1");
  const taken = await request.post("/api/signup", { data: { email, password: "someone-elses-pw" } });
  const fresh = await request.post("/api/signup", { data: { email: uniqueEmail("new"), password: "someone-elses-pw" } });
  expect([taken.status(), fresh.status()]).toEqual([202, 202]);
  expect(await taken.json()).toEqual(await fresh.json());
  const [notice] = await mailsTo(request, email, "You already have an account");
  expect(linkIn(notice!)).toMatch(/^\/reset-password\?token=/);
});

test("account settings: rename, change email from the new address, export my data, delete my account", async ({ page }) => {
  const email = uniqueEmail("settings");
  const next = uniqueEmail("settings-new");
  await signUp(page, email, "settings-password-1");
  await page.goto("/me/account");

  const nameForm = page.getByRole("form", { name: "Change name" });
  await nameForm.getByLabel("Display name").fill("Renamed Learner");
  await nameForm.getByRole("button", { name: "Save name" }).click();
  await expect(nameForm.getByRole("status")).toContainText("saved");

  // The new address must be confirmed from its own mailbox; until then the old one stays.
  const emailForm = page.getByRole("form", { name: "Change email" });
  await emailForm.getByLabel("New email").fill(next);
  await emailForm.getByLabel("Current password").fill("not-my-password");
  await emailForm.getByRole("button", { name: "Send a confirmation link to the new address" }).click();
  await expect(emailForm.getByRole("alert")).toContainText("did not match");
  await emailForm.getByLabel("New email").fill(next);
  await emailForm.getByLabel("Current password").fill("settings-password-1");
  await emailForm.getByRole("button", { name: "Send a confirmation link to the new address" }).click();
  await expect(emailForm.getByRole("status")).toContainText(`A link is on its way to ${next}`);
  await expect(page.getByTestId("pending-email")).toContainText(next);
  await expect(page.getByRole("link", { name: email })).toBeVisible();

  const [mail] = await mailsTo(page.request, next, "Confirm your new email");
  await page.goto(linkIn(mail!));
  await page.getByRole("button", { name: "Confirm my new email" }).click();
  await expect(page.getByTestId("email-changed")).toContainText(next);
  await page.goto("/me/account");
  await expect(page.getByRole("link", { name: next })).toBeVisible();
  await expect(page.getByTestId("email-status")).toContainText("Email confirmed");

  // Export my data: a JSON download of this account, without the password hash.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export my data" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^cni-academy-my-data-.*\.json$/);
  const text = readFileSync((await download.path())!, "utf8");
  const data = JSON.parse(text) as { profile: { email: string; name: string; hasPassword: boolean } };
  expect(data.profile).toMatchObject({ email: next, name: "Renamed Learner", hasPassword: true });
  expect(text).not.toMatch(/passwordHash|tokenHash|\$2[aby]\$/);

  // Delete: the password confirms it; afterwards the account is gone.
  const deleteForm = page.getByRole("form", { name: "Delete my account" });
  await deleteForm.getByLabel("Your password, to confirm").fill("wrong-password-0");
  await deleteForm.getByRole("button", { name: "Delete my account and all my data" }).click();
  await expect(deleteForm.getByRole("alert")).toContainText("did not match");
  await deleteForm.getByLabel("Your password, to confirm").fill("settings-password-1");
  await deleteForm.getByRole("button", { name: "Delete my account and all my data" }).click();
  await expect(page).toHaveURL(/account=deleted/);
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.goto("/signin");
  await page.getByLabel("Email").fill(next);
  await page.getByLabel("Password").fill("settings-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator(".form-error")).toContainText("do not match");
});

test("an admin disables a user (their open session stops at once), enables them, sends a reset and deletes them", async ({ page, browser }) => {
  const adminEmail = uniqueEmail("accounts-admin");
  execFileSync("npx", ["tsx", "scripts/user-create.ts", "--email", adminEmail, "--role", "admin", "--password", "accounts-admin-pass"], {
    env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db" },
  });
  const context = await browser.newContext();
  const user = await context.newPage();
  const email = uniqueEmail("managed");
  await signUp(user, email, "managed-password-1");
  expect((await user.request.get("/api/me/export")).status()).toBe(200);
  // Not an admin: the admin API refuses.
  expect((await user.request.put("/api/admin/users/anyone/disabled", { data: { disabled: true } })).status()).toBe(403);

  await signIn(page, adminEmail, "accounts-admin-pass");
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.locator(`tr[data-user="${email}"]`);
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(row).toContainText("(disabled)");

  // The user's open session is over at once, and signing in again is refused.
  await expectSignedOut(user);
  await user.goto("/signin");
  await user.getByLabel("Email").fill(email);
  await user.getByLabel("Password").fill("managed-password-1");
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user.locator(".form-error")).toContainText("do not match");

  await row.getByRole("button", { name: "Enable" }).click();
  await expect(row).not.toContainText("(disabled)");
  await signIn(user, email, "managed-password-1");

  await row.getByRole("button", { name: "Send reset link" }).click();
  await expect(row.getByRole("status").filter({ hasText: "A reset link is on its way" })).toBeVisible();
  const [reset] = await mailsTo(page.request, email, "Reset your CNI Academy password");
  expect(reset!.text).toContain("An admin");

  // The admin's own row has no buttons (the API refuses it too: tests/db/accounts-lifecycle.test.ts).
  const me = page.locator(`tr[data-user="${adminEmail}"]`);
  await page.goto(`/admin/users?q=${encodeURIComponent(adminEmail)}`);
  await expect(me.getByRole("button", { name: "Disable" })).toHaveCount(0);

  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  page.once("dialog", (d) => void d.accept());
  await row.getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
  await expectSignedOut(user);
  await context.close();
});

test("a new assignment is mailed to the cohort's learners whose address is confirmed", async ({ page, browser }) => {
  await signIn(page, "instructor@example.com", "demo-instructor-pass");
  const cohortName = `Assignment mail ${Date.now()}`;
  const cohort = (await (await page.request.post("/api/cohorts", { data: { name: cohortName } })).json()) as { cohort: { id: string } };
  const invite = (await (await page.request.post(`/api/cohorts/${cohort.cohort.id}/invites`, { data: {} })).json()) as { invite: { code: string } };

  const context = await browser.newContext();
  const learner = await context.newPage();
  const email = uniqueEmail("assigned");
  await signUp(learner, email, "assigned-password-1");
  const [confirm] = await mailsTo(learner.request, email, "Confirm your email");
  await learner.goto(linkIn(confirm!));
  await learner.getByRole("button", { name: "Confirm my email" }).click();
  await expect(learner.getByTestId("email-verified")).toBeVisible();
  expect((await learner.request.post("/api/cohorts/join", { data: { code: invite.invite.code } })).ok()).toBe(true);

  const dueAt = new Date(Date.now() + 3 * 86_400_000);
  const created = await page.request.post(`/api/cohorts/${cohort.cohort.id}/assignments`, {
    data: { title: "Week 2 check", quizId: "vxlan-basics", opensAt: new Date(Date.now() - 60_000).toISOString(), dueAt: dueAt.toISOString() },
  });
  expect(created.status()).toBe(201);
  const [mail] = await mailsTo(learner.request, email, "Week 2 check");
  expect(mail!.subject).toContain(cohortName);
  expect(mail!.text).toContain("VXLAN basics");
  expect(mail!.text).toContain(dueAt.toISOString().slice(0, 10));
  expect(mail!.text).toMatch(/https?:\/\/\S+\//);
  await context.close();
});
