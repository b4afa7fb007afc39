import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { parse } from "yaml";

/** The thin slice's quiz and lesson. */
export const QUIZ_ID = "vxlan-basics";
export const LESSON_SLUG = "vxlan";

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.test`;
}

/** The bank as the server sees it: the e2e test knows the key so it can check the grading. */
export interface E2eQuestion {
  id: string;
  type: string;
  options?: { id: string; text: string; misconception?: string }[];
  answer: unknown;
  explanation: string;
}
export function loadBank(quizId = QUIZ_ID): { title: string; questions: E2eQuestion[] } {
  return parse(readFileSync(path.join(process.cwd(), "content", "quizzes", `${quizId}.yaml`), "utf8"));
}

/** The ids of a lesson's "check yourself" questions (public: graded draws leave them out). */
export function checkYourselfIds(lessonSlug: string): string[] {
  const source = readFileSync(path.join(process.cwd(), "content", "lessons", `${lessonSlug}.mdx`), "utf8");
  return [...source.matchAll(/<CheckYourself[^>]*questions=\{\[([^\]]*)\]\}/g)].flatMap((m) => [...(m[1] ?? "").matchAll(/"([^"]+)"/g)].map((q) => q[1]!));
}

/**
 * Each learner a spec signs up is a different person on their own network: the suite's
 * server trusts one proxy (playwright.config.ts), so the address is named in
 * X-Forwarded-For. Without this every sign-up of the suite would count against one
 * client's sign-up limit.
 */
export async function actAsNewClient(page: Page) {
  const n = Math.floor(Math.random() * 65_536);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `198.19.${n >> 8}.${n & 255}` });
}

export async function signUp(page: Page, email: string, password: string, name = "E2E Learner") {
  await actAsNewClient(page);
  await page.goto("/signup");
  await page.getByLabel("Name (optional)").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expectSignedInAs(page, email);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectSignedInAs(page, email);
}

const ACCOUNT_LINKS = new Set(["Teach", "Admin", "My progress"]);

/**
 * A link of the header's Main navigation. On a phone the account links (Teach, Admin, My
 * progress, the address) are folded into the "Account" menu, which is opened first.
 */
export async function headerLink(page: Page, name: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  const menu = nav.locator("summary", { hasText: "Account" });
  if (ACCOUNT_LINKS.has(name) && (await menu.isVisible()) && (await nav.locator("details[open]").count()) === 0) await menu.click();
  return nav.getByRole("link", { name, exact: true });
}

/** How many rows the header's navigation wraps into (items whose vertical centres are within 12 px share a row). */
export function headerRows(page: Page): Promise<number> {
  return page.getByRole("navigation", { name: "Main" }).evaluate((nav) => {
    const centres = [...nav.children]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => r.top + r.height / 2)
      .sort((a, b) => a - b);
    return centres.filter((c, i) => i === 0 || c - centres[i - 1]! > 12).length;
  });
}

/**
 * The header names the account. On a phone the account links are folded into the "Account"
 * menu: it is opened to look, and closed again with Escape, as a reader would.
 */
export async function expectSignedInAs(page: Page, email: string) {
  const menu = page.locator("summary", { hasText: "Account" });
  await expect(page.getByRole("link", { name: email }).or(menu).first()).toBeVisible();
  if (!(await menu.isVisible())) return;
  await menu.click();
  await expect(page.getByRole("link", { name: email })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("link", { name: email })).toBeHidden();
}

/** Opens a lesson and returns its n-th diagram once it is hydrated (a step changes the hop). */
export async function openLiveDiagram(page: Page, slug: string, nth = 0): Promise<Locator> {
  await page.goto(`/lessons/${slug}`);
  const diagram = page.getByTestId("packet-walk-diagram").nth(nth);
  await diagram.scrollIntoViewIfNeeded();
  await expect(async () => {
    await diagram.getByRole("button", { name: "Step forward" }).click();
    await expect(diagram).toHaveAttribute("data-hop-index", "1", { timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await diagram.getByRole("button", { name: "Restart" }).click();
  await expect(diagram).toHaveAttribute("data-hop-index", "0");
  return diagram;
}

/** Every SVG text on the page whose rendered size (font size × its SVG's scale) is under 12 CSS px, as "text at N px". */
export function smallSvgTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("svg text")].flatMap((t) => {
      const svg = (t as SVGTextElement).ownerSVGElement!;
      const box = svg.getBoundingClientRect();
      if (box.width === 0) return [];
      const viewBox = svg.viewBox.baseVal;
      const px = parseFloat(getComputedStyle(t).fontSize) * (viewBox && viewBox.width > 0 ? box.width / viewBox.width : 1);
      return px < 11.99 ? [`"${t.textContent ?? ""}" at ${px.toFixed(1)} px`] : [];
    }),
  );
}
