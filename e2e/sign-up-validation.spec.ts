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

test("a taken email gets the same answer as a free one; the browser says to check the inbox", async ({ page, browser, request }) => {
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
  // No enumeration: the status and body for a taken address are those of a free one.
  expect(response.status()).toBe(202);
  const fresh = await request.post("/api/signup", { data: { email: uniqueEmail("free"), password: "third-password-1" } });
  expect(fresh.status()).toBe(202);
  expect(await response.json()).toEqual(await fresh.json());
  await expect(page.getByTestId("signup-sent")).toContainText("Check your inbox");
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
