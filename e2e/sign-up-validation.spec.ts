import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

test("bad sign-up input gets a message next to the field", async ({ page }) => {
  await page.goto("/signup");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Enter your email address.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();

  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel(/^Password/).fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(/Enter a valid email address/)).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("a taken email is refused with a 409 and a message next to the email field", async ({ page, browser }) => {
  const email = uniqueEmail("taken");
  const first = await browser.newContext();
  await signUp(await first.newPage(), email, "first-password-1");
  await first.close();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("second-password-1");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/api/signup")),
    page.getByRole("button", { name: "Create account" }).click(),
  ]);
  expect(response.status()).toBe(409);
  await expect(page.locator("#email-error")).toContainText("already exists");
});

test("the sign-up API answers bad input with 4xx and a message, never a 500", async ({ request }) => {
  const cases: [unknown, number, string][] = [
    [{}, 400, "email"],
    [{ email: "bad", password: "long-enough-password" }, 400, "email"],
    [{ email: "a@example.test", password: "short" }, 400, "password"],
    [{ email: 42, password: ["x"] }, 400, "email"],
  ];
  for (const [body, status, field] of cases) {
    const res = await request.post("/api/signup", { data: body });
    expect(res.status()).toBe(status);
    const json = await res.json();
    expect(json.fieldErrors[field]).toBeTruthy();
  }
  const malformed = await request.post("/api/signup", { headers: { "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error).toContain("not valid JSON");
});
