import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { findMdxTags } from "../lib/content/mdx-tags";
import { loadBank, signUp, uniqueEmail } from "./helpers";

/** Lessons in path order, read from the course home as a learner sees it. */
async function pathFromHome(page: Page): Promise<{ slug: string; title: string }[]> {
  await page.goto("/");
  const items = page.locator("ol.path > li");
  const count = await items.count();
  const out: { slug: string; title: string }[] = [];
  for (let i = 0; i < count; i++) {
    const item = items.nth(i);
    const slug = (await item.getAttribute("data-lesson")) ?? "";
    const title = ((await item.locator("a strong").innerText()) ?? "").replace(/^\d+\.\s*/, "");
    out.push({ slug, title });
  }
  return out;
}

/**
 * Waits until React has hydrated the page: the header's account links render only on the
 * client (the session is unknown at build). Keys pressed or forms used before that would
 * hit the static HTML without its handlers.
 */
async function hydrated(page: Page) {
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^(Sign in|My progress)$/ })).toBeVisible();
}

function homeItem(page: Page, slug: string) {
  return page.locator(`ol.path > li[data-lesson="${slug}"]`);
}

test("the learning path can be walked from the first lesson to the last with next links", async ({ page }) => {
  const lessons = await pathFromHome(page);
  expect(lessons.length).toBeGreaterThanOrEqual(18);
  await page.getByRole("link", { name: `1. ${lessons[0]!.title}` }).click();
  for (const [i, lesson] of lessons.entries()) {
    await expect(page).toHaveURL(new RegExp(`/lessons/${lesson.slug}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(lesson.title);
    await expect(page.getByTestId("lesson-versions")).toContainText(/^Describes .+ · facts checked \d{4}-\d{2}-\d{2}$/);
    const pager = page.getByRole("navigation", { name: "Lesson navigation" });
    if (i > 0) await expect(pager.locator('a[rel="prev"]')).toHaveText(`← ${lessons[i - 1]!.title}`);
    const next = lessons[i + 1];
    if (!next) {
      await expect(pager.locator('a[rel="next"]')).toHaveCount(0);
      break;
    }
    await pager.locator('a[rel="next"]').click();
  }
});

test("a lesson names the upstream versions it describes and when its facts were checked", async ({ page }) => {
  await page.goto("/lessons/flannel-udp");
  const versions = page.getByTestId("lesson-versions");
  await expect(versions).toContainText("flannel v0.28.9");
  await expect(versions.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}$/);
  // The reconstructed flannel0 output is the current one (v0.11.0+): a /32 and flanneld's own route.
  await expect(page.locator("pre").filter({ hasText: "ip addr show flannel0" })).toContainText("inet 10.244.1.0/32 scope global flannel0");
});

test('searching "8472" from the header lands on the Flannel VXLAN lesson', async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search lessons" });
  await expect(box).toBeFocused();
  await page.keyboard.type("8472");
  const flannel = page.getByRole("option", { name: /Flannel VXLAN, hop by hop/ });
  await expect(flannel).toBeVisible();
  // Every lesson listed mentions the port; the vxlan lesson's "UDP ports" section also ranks high.
  await expect(page.getByRole("option")).not.toHaveCount(0);
  // Move with the arrow keys to the Flannel VXLAN result and open it with Enter.
  for (let i = 0; i < 8 && (await flannel.getAttribute("aria-selected")) !== "true"; i++) await page.keyboard.press("ArrowDown");
  await expect(flannel).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/lessons\/flannel-vxlan#[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Flannel VXLAN, hop by hop");
  // The anchor is a heading of that lesson, and the section it names does mention 8472.
  const anchor = new URL(page.url()).hash.slice(1);
  const heading = page.locator(`[id="${anchor}"]`);
  await expect(heading).toBeVisible();
  expect(await heading.evaluate((h) => {
    let text = "";
    for (let el = h.nextElementSibling; el && !/^H[23]$/.test(el.tagName); el = el.nextElementSibling) text += el.textContent;
    return text;
  })).toContain("8472");
});

test("search finds nothing for nonsense and closes with Escape", async ({ page }) => {
  await page.goto("/lessons/vlan");
  await hydrated(page);
  const box = page.getByRole("combobox", { name: "Search lessons" });
  await box.fill("qqqzzzxxyy");
  await expect(page.getByText("No lesson mentions “qqqzzzxxyy”.")).toBeVisible();
  await box.press("Escape");
  await expect(box).toHaveAttribute("aria-expanded", "false");
});

test("a signed-in learner marks a lesson done and sees it on the course home and in My progress", async ({ page }) => {
  await signUp(page, uniqueEmail("course"), "course-password-1");
  await page.goto("/lessons/vxlan"); // opened, not finished: "in progress"
  await expect(page.getByRole("button", { name: "Mark lesson as complete" })).toBeVisible();
  await page.goto("/lessons/flannel-vxlan");
  await page.getByRole("button", { name: "Mark lesson as complete" }).click();
  await expect(page.getByRole("button", { name: "Mark as not done" })).toBeVisible();

  await page.getByRole("link", { name: "CNI Academy" }).click();
  await expect(homeItem(page, "flannel-vxlan")).toContainText("Completed");
  await expect(homeItem(page, "vxlan")).toContainText("In progress");
  await expect(homeItem(page, "vlan")).toContainText("Not started");
  await expect(page.getByTestId("course-progress")).toContainText("1 of 18 lessons completed");

  await page.getByRole("link", { name: "My progress" }).first().click();
  await expect(page.locator('[data-lesson="flannel-vxlan"]')).toContainText("Completed");
  await expect(page.locator('[data-lesson="vxlan"]')).not.toContainText("Completed");
});

test("progress made signed out is kept in the browser and imported on sign-up", async ({ page }) => {
  await page.goto("/lessons/vlan");
  await page.getByRole("button", { name: "Mark lesson as complete" }).click();
  await expect(page.getByRole("button", { name: "Mark as not done" })).toBeVisible();
  await page.goto("/lessons/three-networks");
  await expect(page.getByRole("button", { name: "Mark lesson as complete" })).toBeVisible();
  await page.goto("/");
  await expect(homeItem(page, "vlan")).toContainText("Completed");
  await expect(homeItem(page, "three-networks")).toContainText("In progress");
  await expect(page.getByTestId("course-progress")).toContainText("saved in this browser");

  // The import API refuses callers who are not signed in.
  expect((await page.request.post("/api/progress/import", { data: { lessons: [] } })).status()).toBe(401);

  const email = uniqueEmail("import");
  await page.goto("/signup?callbackUrl=/me");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel(/^Password/).fill("import-password-1");
  await page.getByRole("button", { name: "Create account" }).click();
  const offer = page.getByTestId("import-progress");
  await expect(offer).toContainText("You opened 2 lessons and finished 1 while signed out");

  // Bad bodies are refused with 400 and change nothing (the session cookie is shared with page.request).
  const unknown = await page.request.post("/api/progress/import", { data: { lessons: [{ slug: "vlan", status: "completed" }, { slug: "no-such-lesson", status: "completed" }] } });
  expect(unknown.status()).toBe(400);
  expect(await unknown.json()).toMatchObject({ unknownLessons: ["no-such-lesson"] });
  expect((await page.request.post("/api/progress/import", { data: { lessons: [{ slug: "vlan", status: "done" }] } })).status()).toBe(400);
  expect((await page.request.post("/api/progress/import", { data: "not json", headers: { "content-type": "application/json" } })).status()).toBe(400);
  const before = (await (await page.request.get("/api/progress/lessons")).json()) as { lessons: unknown[] };
  expect(before.lessons).toEqual([]);

  await offer.getByRole("button", { name: "Import my progress" }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator('[data-lesson="vlan"]')).toContainText("Completed");
  await expect(page.locator('[data-lesson="three-networks"]')).not.toContainText("Completed");
  // The browser's copy is gone once stored, so the offer does not come back.
  await page.goto("/");
  await expect(homeItem(page, "vlan")).toContainText("Completed");
  await expect(homeItem(page, "three-networks")).toContainText("In progress");
  await expect(page.getByTestId("import-progress")).toHaveCount(0);
  // Importing the same thing again changes nothing.
  const again = await page.request.post("/api/progress/import", { data: { lessons: [{ slug: "vlan", status: "in_progress" }] } });
  expect(await again.json()).toEqual({ changed: [], unchanged: ["vlan"] });
  await page.goto("/me");
  await expect(page.locator('[data-lesson="vlan"]')).toContainText("Completed");
});

test("the theme can be switched to dark and back, and the choice survives a reload without a flash", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/");
  await hydrated(page);
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "light");
  const theme = page.getByRole("combobox", { name: "Theme" });
  await theme.selectOption("dark");
  await expect(html).toHaveAttribute("data-theme", "dark");
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(13, 17, 23)");

  // The stored choice is applied by the inline script in <head>, before the body is parsed.
  const themes: string[] = [];
  await page.exposeFunction("reportTheme", (t: string) => themes.push(t));
  await page.addInitScript(() => {
    document.addEventListener("readystatechange", () => {
      if (document.readyState === "interactive") (window as unknown as { reportTheme(t: string): void }).reportTheme(document.documentElement.dataset.theme ?? "none");
    });
    new MutationObserver((_, observer) => {
      if (document.body) {
        (window as unknown as { reportTheme(t: string): void }).reportTheme(`body:${document.documentElement.dataset.theme ?? "none"}`);
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "dark");
  await hydrated(page);
  await expect(theme).toHaveValue("dark");
  await expect.poll(() => themes).toContain("body:dark");

  // "System" follows the operating system's setting.
  await theme.selectOption("system");
  await expect(html).toHaveAttribute("data-theme", "light");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(html).toHaveAttribute("data-theme", "dark");
});

test("a check-yourself question is graded on the server and explained only after answering", async ({ page }) => {
  const bank = loadBank("flannel-vxlan-walk");
  const portQuestion = bank.questions.find((q) => q.id === "fvx-outer-port")!;
  const onlink = bank.questions.find((q) => q.id === "fvx-onlink")!;
  await page.goto("/lessons/flannel-vxlan");
  await hydrated(page);
  const block = page.locator("[data-check-yourself]");
  await expect(block.getByRole("heading", { name: "Check yourself" })).toBeVisible();
  const port = block.locator('[data-check-question="fvx-outer-port"]');
  await expect(port).not.toContainText(portQuestion.explanation.slice(0, 40));
  await port.getByRole("spinbutton").fill("4789");
  await port.getByRole("button", { name: "Check" }).click();
  await expect(port.locator("[data-result]")).toHaveAttribute("data-result", "incorrect");
  await expect(port).toContainText("Not quite");
  await port.getByRole("spinbutton").fill("8472");
  await port.getByRole("button", { name: "Check" }).click();
  await expect(port.locator("[data-result]")).toHaveAttribute("data-result", "correct");
  await expect(port).toContainText("Correct");

  // A wrong option with a misconception shows that misconception.
  const wrong = onlink.options!.find((o) => o.id !== onlink.answer && o.misconception)!;
  const box = block.locator('[data-check-question="fvx-onlink"]');
  await box.getByText(wrong.text.replace(/`/g, ""), { exact: true }).click();
  await box.getByRole("button", { name: "Check" }).click();
  await expect(box).toContainText(wrong.misconception!.replace(/`/g, ""));
});

test("the check API validates its input and only grades check-yourself questions", async ({ request }) => {
  const post = (data: unknown) => request.post("/api/check", { data: data as Record<string, unknown> });
  expect((await post({ quiz: "flannel-vxlan-walk", question: "fvx-outer-port", answer: { choice: "a" } })).status()).toBe(400);
  expect((await post({ quiz: "flannel-vxlan-walk", question: "fvx-outer-port" })).status()).toBe(400);
  expect((await post({ quiz: "flannel-vxlan-walk", question: "fvx-outer-port", answer: { value: 8472 }, extra: 1 })).status()).toBe(400);
  // A question of the graded bank that no lesson shows as practice stays behind the graded quiz.
  const graded = await post({ quiz: "flannel-vxlan-walk", question: "fvx-pod-mtu", answer: { value: 1450 } });
  expect(graded.status()).toBe(404);
  expect(await graded.text()).not.toContain("explanation");
  expect((await post({ quiz: "no-such-quiz", question: "x", answer: { value: 1 } })).status()).toBe(404);
});

test("no lesson page carries a check-yourself answer, explanation or misconception in its HTML", async ({ request }) => {
  const dir = path.join(process.cwd(), "content", "lessons");
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".mdx"))) {
    const slug = file.replace(/\.mdx$/, "");
    const res = await request.get(`/lessons/${slug}`);
    expect(res.status()).toBe(200);
    // The served page, including the React Server Components payload inlined for hydration.
    const html = (await res.text()).replace(/\\"/g, '"');
    for (const tag of findMdxTags(readFileSync(path.join(dir, file), "utf8"), "CheckYourself")) {
      const bank = loadBank(String(tag.props.quiz));
      for (const id of tag.props.questions as string[]) {
        const q = bank.questions.find((x) => x.id === id)!;
        expect(html, `${slug}: ${id} is on the page`).toContain(id);
        // Sentinels: the first 60 characters of the explanation and of each misconception.
        expect(html, `${slug}: explanation of ${id}`).not.toContain(q.explanation.slice(0, 60));
        for (const o of q.options ?? []) if (o.misconception) expect(html, `${slug}: misconception in ${id}`).not.toContain(o.misconception.slice(0, 60));
        expect(html, `${slug}: the key of ${id}`).not.toMatch(new RegExp(`"answer"\\s*:`));
        checked++;
      }
    }
  }
  expect(checked).toBeGreaterThanOrEqual(36);
});

test("the header, search, course home and check-yourself block pass axe in light and dark", async ({ page }) => {
  // axe over a long lesson is slow on a shared two-core machine.
  test.setTimeout(240_000);
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    if (scheme === "light") {
      // A completed badge too, so all three badge styles are checked for contrast.
      await page.goto("/lessons/vxlan");
      await page.getByRole("button", { name: "Mark lesson as complete" }).click();
      await page.goto("/lessons/vlan");
      await expect(page.getByRole("button", { name: "Mark lesson as complete" })).toBeVisible();
    }
    await page.goto("/");
    await expect(homeItem(page, "vxlan")).toContainText("Completed");
    await hydrated(page);
    await page.getByRole("combobox", { name: "Search lessons" }).fill("8472");
    await expect(page.getByRole("option").first()).toBeVisible();
    const home = await new AxeBuilder({ page }).include(".site-header").include("ol.path").include("[data-testid=course-progress]").analyze();
    expect(home.violations.map((v) => `${scheme} /: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

    await page.goto("/lessons/flannel-vxlan");
    await hydrated(page);
    const port = page.locator('[data-check-question="fvx-outer-port"]');
    await port.getByRole("spinbutton").fill("4789");
    await port.getByRole("button", { name: "Check" }).click();
    await expect(port.locator("[data-result]")).toBeVisible();
    const lesson = await new AxeBuilder({ page }).include("[data-check-yourself]").include("section[aria-label='Lesson completion']").include(".toc-side").analyze();
    expect(lesson.violations.map((v) => `${scheme} lesson: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  }
});

test("the check API is rate-limited per client", async ({ request }) => {
  const body = { quiz: "flannel-vxlan-walk", question: "fvx-outer-port", answer: { value: 1 } };
  const headers = { "x-forwarded-for": "203.0.113.77" };
  const statuses: number[] = [];
  for (let i = 0; i < 35; i++) statuses.push((await request.post("/api/check", { data: body, headers })).status());
  expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
  // Another client is not affected.
  expect((await request.post("/api/check", { data: body, headers: { "x-forwarded-for": "203.0.113.78" } })).status()).toBe(200);
});
