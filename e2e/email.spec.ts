import { expect, test, type APIRequestContext } from "@playwright/test";
import { signIn, signUp, uniqueEmail } from "./helpers";

/**
 * Email that really goes out (issue 12 point 3): the app sends through nodemailer to the
 * suite's SMTP server on 127.0.0.1 (e2e/smtp/server.mjs), and this spec reads the mails
 * back and follows their links as a person would.
 */
const MAIL_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100) + 26}`;
const INSTRUCTOR = { email: "instructor@example.com", password: "demo-instructor-pass" };

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

async function mailsTo(request: APIRequestContext, address: string, count = 1): Promise<ReceivedMail[]> {
  let mails: ReceivedMail[] = [];
  await expect
    .poll(async () => {
      mails = (await (await request.get(`${MAIL_URL}/mails?to=${encodeURIComponent(address)}`)).json()) as ReceivedMail[];
      return mails.length;
    }, { timeout: 15_000 })
    .toBeGreaterThanOrEqual(count);
  return mails;
}

function linkIn(mail: ReceivedMail): string {
  const m = /https?:\/\/\S+/.exec(mail.text);
  if (!m) throw new Error(`no link in "${mail.subject}"`);
  return new URL(m[0]).pathname + new URL(m[0]).search;
}

test("sign-up mails a confirmation link that confirms the address once; a resend replaces it", async ({ page }) => {
  const email = uniqueEmail("verify");
  await signUp(page, email, "verify-me-password-1");
  const [first] = await mailsTo(page.request, email);
  expect(first!.subject).toContain("Confirm your email");
  await page.goto("/me/account");
  await expect(page.getByTestId("email-status")).toContainText("not confirmed");

  // A new link replaces the first one.
  await page.getByRole("button", { name: "Send the confirmation link again" }).click();
  await expect(page.getByRole("status")).toContainText("on its way");
  const mails = await mailsTo(page.request, email, 2);
  await page.goto(linkIn(first!));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.locator(".form-error")).toContainText("used, expired or replaced");

  await page.goto(linkIn(mails.at(-1)!));
  await page.getByRole("button", { name: "Confirm my email" }).click();
  await expect(page.getByTestId("email-verified")).toBeVisible();
  await page.goto("/me/account");
  await expect(page.getByTestId("email-status")).toContainText("Email confirmed");
});

test("a bulk invitation to an existing account arrives by mail and is joined only when its owner accepts", async ({ page, browser }) => {
  const context = await browser.newContext();
  const learner = await context.newPage();
  const email = uniqueEmail("invitee");
  await signUp(learner, email, "invitee-password-1");
  const [confirm] = await mailsTo(learner.request, email);
  await learner.goto(linkIn(confirm!));
  await learner.getByRole("button", { name: "Confirm my email" }).click();
  await expect(learner.getByTestId("email-verified")).toBeVisible();

  await signIn(page, INSTRUCTOR.email, INSTRUCTOR.password);
  const origin = new URL(page.url()).origin;
  const headers = { "content-type": "application/json", origin };
  const cohortName = `Mailed ${Date.now()}`;
  const cohortId = (await (await page.request.post("/api/cohorts", { headers, data: { name: cohortName } })).json()).cohort.id as string;
  const invited = await page.request.post(`/api/cohorts/${cohortId}/email-invites`, { headers, data: { emails: email } });
  expect(invited.ok(), await invited.text()).toBe(true);
  expect((await invited.json()).added).toBe(0);

  const invitation = (await mailsTo(learner.request, email, 2)).find((m) => m.subject.includes(cohortName))!;
  expect(invitation).toBeTruthy();
  await learner.goto(linkIn(invitation));
  await expect(learner.getByRole("heading", { name: "Join a cohort" })).toBeVisible();
  const row = learner.locator("[data-email-invite]").filter({ hasText: cohortName });
  await row.getByRole("button", { name: "Accept" }).click();
  await expect(learner).toHaveURL(/\/me\?joined=/);
  await expect(learner.getByTestId("joined")).toContainText(`You joined ${cohortName}`);
  await page.goto(`/teach/cohorts/${cohortId}`);
  await expect(page.getByText(email)).toBeVisible();
  await context.close();
});
