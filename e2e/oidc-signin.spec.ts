import { expect, test } from "@playwright/test";

/**
 * Single sign-on through a real OpenID Provider (e2e/oidc/provider.mjs, started by
 * playwright.oidc.config.ts): the provider's own login and consent pages, the
 * authorization-code flow with PKCE and state, a signed ID token, and next-auth as the
 * app ships it. Also: an email invited in bulk before the person had an account becomes a
 * membership on their first sign-in.
 */
const ISSUER = `http://127.0.0.1:${Number(process.env.E2E_OIDC_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 1000)}`;
const SSO = { login: "sso-ada-0001", email: "ada.sso@example.test" };

test("a team member signs in with OIDC through the provider's login and consent pages and finds their cohort's assignment", async ({ page, browser }) => {
  // An instructor invites the SSO user's email to a new cohort and assigns a quiz.
  // (helpers.signIn's `name: "Sign in"` also matches "Sign in with Test SSO" here, hence exact.)
  await page.goto("/signin");
  await page.getByLabel("Email").fill("instructor@example.com");
  await page.getByLabel("Password").fill("demo-instructor-pass");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("link", { name: "instructor@example.com" })).toBeVisible();
  const cohortName = `SSO cohort ${Date.now()}`;
  const created = await page.request.post("/api/cohorts", { data: { name: cohortName } });
  expect(created.status()).toBe(201);
  const { cohort } = (await created.json()) as { cohort: { id: string } };
  const invited = await page.request.post(`/api/cohorts/${cohort.id}/email-invites`, { data: { emails: `Ada <${SSO.email}>` } });
  expect(invited.ok()).toBe(true);
  const assigned = await page.request.post(`/api/cohorts/${cohort.id}/assignments`, {
    data: { title: "SSO week 1", quizId: "vxlan-basics", opensAt: new Date(Date.now() - 60_000).toISOString(), dueAt: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(assigned.status()).toBe(201);

  const context = await browser.newContext();
  const sso = await context.newPage();
  await sso.goto("/signin");
  await sso.getByRole("button", { name: "Sign in with Test SSO" }).click();

  // The provider's login page (served by oidc-provider, not by the app).
  await sso.waitForURL((url) => url.href.startsWith(ISSUER));
  await sso.locator('input[name="login"]').fill(SSO.login);
  await sso.locator('input[name="password"]').fill("any-password-the-dev-login-accepts");
  await sso.getByRole("button", { name: "Sign-in" }).click();
  // Its consent page.
  await expect(sso.getByRole("button", { name: "Continue" })).toBeVisible();
  expect(sso.url().startsWith(ISSUER)).toBe(true);
  await sso.getByRole("button", { name: "Continue" }).click();

  // Back in the app, signed in as the provider's account.
  await sso.waitForURL((url) => !url.href.startsWith(ISSUER));
  await expect(sso.getByRole("link", { name: SSO.email })).toBeVisible();
  const card = sso.locator("[data-assignment]").filter({ hasText: "SSO week 1" });
  await expect(card).toContainText(cohortName);
  await expect(card.getByRole("button", { name: "Start" })).toBeVisible();

  // The session is a real app session: /me works, and signing out ends it.
  await sso.goto("/me");
  await expect(sso.getByText(`Signed in as ${SSO.email}.`)).toBeVisible();
  await sso.getByRole("button", { name: "Sign out" }).click();
  await expect(sso.getByRole("link", { name: "Sign in" })).toBeVisible();
  await sso.goto("/me");
  await expect(sso).toHaveURL(/\/signin/);
  await context.close();
});
