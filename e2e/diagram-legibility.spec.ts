import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { openLiveDiagram, signIn, signUp, smallSvgTexts, uniqueEmail } from "./helpers";

/**
 * Every cluster drawing reads at its default size: no SVG text under 12 CSS px on a 1280 px
 * screen or a 390 px phone, names shown whole (never "veth16e5e…f3"), the lesson figure as
 * wide as its drawing on a desktop, a phone view that follows the packet, and zoom and full
 * screen that work. Lessons are static, so most of this needs no database.
 */
const LESSONS = readdirSync(path.join(process.cwd(), "content", "lessons"))
  .filter((f) => f.endsWith(".mdx"))
  .map((f) => f.replace(/\.mdx$/, ""));
const WIDTHS = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** SVG text that shortens a name with an ellipsis: a shortened name is an invented one. */
const shortenedSvgTexts = (page: Page) => page.evaluate(() => [...document.querySelectorAll("svg text")].map((t) => t.textContent ?? "").filter((t) => t.includes("…")));


for (const screen of WIDTHS) {
  test.describe(`at ${screen.width} px`, () => {
    test.use({ viewport: { width: screen.width, height: screen.height } });

    test("no lesson draws SVG text under 12 CSS px, and no drawn name is shortened", { tag: "@static" }, async ({ page }) => {
      let drawings = 0;
      for (const slug of LESSONS) {
        await page.goto(`/lessons/${slug}`);
        drawings += await page.locator("svg text").count();
        expect(await smallSvgTexts(page), slug).toEqual([]);
        expect(await shortenedSvgTexts(page), slug).toEqual([]);
      }
      // The check looked at real drawings: the course has diagrams with hundreds of labels.
      expect(drawings).toBeGreaterThan(500);
    });

    test("a path question's diagram has the lesson's text size and is usable by touch", async ({ browser }) => {
      const context = await browser.newContext({ viewport: { width: screen.width, height: screen.height }, hasTouch: true, isMobile: screen.width < 500 });
      const page = await context.newPage();
      await signUp(page, uniqueEmail(`legible-${screen.width}`), "legible-password-1");
      await page.goto("/quizzes/zz-e2e-engine");
      await page.getByRole("button", { name: "Start the quiz" }).click();
      await expect(page).toHaveURL(/\/attempts\//);
      const question = page.locator('[data-question-id="zz-path-devices"]');
      await question.locator("svg text").first().waitFor();
      expect(await smallSvgTexts(page)).toEqual([]);
      expect(await shortenedSvgTexts(page)).toEqual([]);
      // A tap on a device picks it (the whole box is the target, not only its text).
      const device = question.locator('[role="button"][data-device]').first();
      await device.scrollIntoViewIfNeeded();
      await device.tap();
      await expect(device).toHaveAttribute("aria-pressed", "true");
      const box = (await device.boundingBox())!;
      // WCAG 2.5.8 target size: at least 24 × 24 CSS px.
      expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
      await context.close();
    });
  });
}

test("the instructor's hop heatmap has the lesson's scale and controls, at 1280 and 390 px", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // An instructor assigns the test bank with a device-order path question.
  await signIn(page, "instructor@example.com", "demo-instructor-pass");
  const origin = new URL(page.url()).origin;
  const post = async (request: APIRequestContext, url: string, data: unknown) =>
    request.post(url, { headers: { "content-type": "application/json", origin }, data: data as Record<string, unknown> });
  const cohortId = (await (await post(page.request, "/api/cohorts", { name: `Heatmap ${Date.now()}`, description: "", startDate: null })).json()).cohort.id as string;
  const code = (await (await post(page.request, `/api/cohorts/${cohortId}/invites`, { expiresInDays: 1, maxUses: null })).json()).invite.code as string;
  const created = await post(page.request, `/api/cohorts/${cohortId}/assignments`, { title: "Heatmap", quizId: "zz-e2e-engine", opensAt: null, dueAt: new Date(Date.now() + 3_600_000).toISOString(), attemptsAllowed: 1 });
  expect(created.status(), await created.text()).toBe(201);
  const assignmentId = (await created.json()).assignment.id as string;

  // A learner picks three devices of the path question (a partly wrong path) and submits.
  const context = await browser.newContext();
  const learner = await context.newPage();
  await signUp(learner, uniqueEmail("heatmap"), "heatmap-learner-pass");
  expect((await post(learner.request, "/api/cohorts/join", { code })).ok()).toBe(true);
  const { url } = await (await post(learner.request, `/api/assignments/${assignmentId}/attempts`, {})).json();
  await learner.goto(url as string);
  const question = learner.locator('[data-question-id="zz-path-devices"]');
  const devices = question.locator('[role="button"][data-device]');
  for (const i of [0, 3, 1]) await devices.nth(i).click();
  learner.once("dialog", (dialog) => void dialog.accept());
  await learner.getByRole("button", { name: "Submit answers" }).click();
  await expect(learner.getByTestId("score")).toBeVisible();
  await context.close();

  for (const screen of WIDTHS) {
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await page.goto(`/teach/cohorts/${cohortId}/assignments/${assignmentId}`);
    const heatmap = page.getByTestId("hop-heatmap");
    await expect(heatmap).toBeVisible();
    await expect(heatmap.locator("svg [data-hop]").first()).toBeVisible();
    // One scale everywhere: no text under 12 px, whole names, the same zoom and full-screen frame.
    expect(await smallSvgTexts(page)).toEqual([]);
    const frame = heatmap.getByTestId("diagram-viewport");
    await frame.getByRole("button", { name: "Zoom in" }).click();
    await expect(frame).toHaveAttribute("data-zoom", "1.25");
    await frame.getByRole("button", { name: "Full screen" }).click();
    await expect(frame.getByRole("button", { name: "Exit full screen" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(frame.getByRole("button", { name: "Full screen" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(screen.width);
    await heatmap.screenshot({ path: `test-results/gallery/hop-heatmap-${screen.width}.png` });
  }
});

test("zoom and full screen take double clicks and repeated presses without getting stuck", { tag: "@static" }, async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const diagram = await openLiveDiagram(page, "flannel-vxlan");
  const frame = diagram.getByTestId("diagram-viewport");
  // A double click is two presses: two steps, never past the largest.
  await frame.getByRole("button", { name: "Zoom in" }).dblclick();
  await expect(frame).toHaveAttribute("data-zoom", "1.5");
  for (let i = 0; i < 6; i++) await frame.getByRole("button", { name: "Zoom in" }).click({ force: true }).catch(() => undefined);
  await expect(frame).toHaveAttribute("data-zoom", "2");
  await expect(frame.getByRole("button", { name: "Zoom in" })).toBeDisabled();
  await frame.getByRole("button", { name: /^Zoom 200%/ }).click();
  await expect(frame).toHaveAttribute("data-zoom", "1");
  // A double click on "Full screen": the first click opens it and moves the button to the
  // overlay's corner, so the second lands on the drawing, not on "Exit". It stays open, whole,
  // and one Escape brings the page back as it began, still able to scroll.
  await frame.getByRole("button", { name: "Full screen" }).dblclick();
  await expect(frame.getByRole("button", { name: "Exit full screen" })).toHaveAttribute("aria-pressed", "true");
  expect((await frame.boundingBox())!.width).toBeGreaterThanOrEqual(1270);
  await page.keyboard.press("Escape");
  await expect(frame.getByRole("button", { name: "Full screen" })).toHaveAttribute("aria-pressed", "false");
  expect((await frame.boundingBox())!.width).toBeLessThan(1200);
  await page.mouse.move(640, 10);
  await page.mouse.wheel(0, 600);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
  // Escape twice in full screen is harmless.
  await frame.getByRole("button", { name: "Full screen" }).click();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await expect(frame.getByRole("button", { name: "Full screen" })).toHaveAttribute("aria-pressed", "false");
});

test.describe("the lesson diagram on a desktop", { tag: "@static" }, () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("is drawn at full size, wider than the prose, without a sideways scroll", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const viewport = diagram.getByTestId("diagram-viewport");
    const scroller = viewport.getByRole("group", { name: /^Drawing: / });
    const [scrollWidth, clientWidth] = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth + 1);
    const prose = (await page.locator(".lesson-body > p").first().boundingBox())!;
    const figure = (await page.locator("figure.packet-walk").first().boundingBox())!;
    expect(figure.width).toBeGreaterThan(prose.width);
    // The figure does not keep the browser's 40 px figure margins.
    expect(Math.abs(figure.x - prose.x)).toBeLessThanOrEqual(1);
    await expect(viewport).toHaveAttribute("data-zoom", "1");
  });

  test("zooms, goes full screen and comes back with Escape", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    const viewport = diagram.getByTestId("diagram-viewport");
    const svg = viewport.locator("svg").first();
    const before = (await svg.boundingBox())!.width;
    await viewport.getByRole("button", { name: "Zoom in" }).click();
    await expect(viewport).toHaveAttribute("data-zoom", "1.25");
    expect((await svg.boundingBox())!.width).toBeCloseTo(before * 1.25, 0);
    await viewport.getByRole("button", { name: /^Zoom 125%/ }).click();
    await expect(viewport).toHaveAttribute("data-zoom", "1");
    await viewport.getByRole("button", { name: "Zoom out" }).click();
    await expect(viewport).toHaveAttribute("data-zoom", "0.75");
    await viewport.getByRole("button", { name: /^Zoom 75%/ }).click();

    const full = viewport.getByRole("button", { name: "Full screen" });
    await full.click();
    await expect(viewport.getByRole("button", { name: "Exit full screen" })).toHaveAttribute("aria-pressed", "true");
    const frame = (await viewport.boundingBox())!;
    expect(frame.width).toBeGreaterThanOrEqual(1270);
    expect(frame.height).toBeGreaterThanOrEqual(790);
    await page.keyboard.press("Escape");
    await expect(viewport.getByRole("button", { name: "Full screen" })).toHaveAttribute("aria-pressed", "false");
    expect((await viewport.boundingBox())!.width).toBeLessThan(1200);
  });
});

test.describe("the lesson diagram on a phone", { tag: "@static" }, () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("follows the packet hop by hop, hides the keyboard hint, and lets the comparison table scroll", async ({ page }) => {
    const diagram = await openLiveDiagram(page, "flannel-vxlan");
    await expect(diagram.getByText("or ← → keys")).toBeHidden();
    const scroller = diagram.getByTestId("diagram-viewport").getByRole("group", { name: /^Drawing: / });
    const hops = await diagram.getByTestId("hop-list").locator("li").count();
    expect(hops).toBeGreaterThan(15);
    // Walk to the end: at every hop the current device is inside the visible part of the drawing.
    for (let i = 1; i < hops; i++) {
      await diagram.getByRole("button", { name: "Step forward" }).tap();
      await expect(diagram).toHaveAttribute("data-hop-index", String(i));
      await expect(async () => {
        const visible = await scroller.evaluate((el) => {
          const current = el.querySelector('[data-current="true"] rect')!.getBoundingClientRect();
          const frame = el.getBoundingClientRect();
          return current.left >= frame.left - 1 && current.right <= frame.right + 1 && current.top >= frame.top - 1 && current.bottom <= frame.bottom + 1;
        });
        expect(visible, `hop ${i + 1}`).toBe(true);
      }).toPass({ timeout: 5_000 });
    }
    // The packet reached node2, which the first view of a 390 px phone does not show.
    expect(await scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100);

    await page.goto("/lessons/calico-modes");
    const table = page.getByTestId("mode-comparison").first();
    await table.scrollIntoViewIfNeeded();
    // Nothing of the table is cut off: it either fits or scrolls inside its own focusable region.
    const region = page.getByRole("region", { name: /^Dataplane comparison: / }).first();
    await expect(region).toHaveAttribute("tabindex", "0");
    const fits = await region.evaluate((el) => {
      const table = el.querySelector("table")!;
      return getComputedStyle(el).overflowX === "auto" && el.scrollWidth >= table.getBoundingClientRect().width - 1;
    });
    expect(fits).toBe(true);
    // The page itself does not scroll sideways: only the table's own region does.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(391);
  });
});
