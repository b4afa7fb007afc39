/**
 * The course as a whole: every lesson compiles and renders with the registered components,
 * every <PacketWalk> walks, every internal link lands on something that exists, every lesson
 * cites https sources, and every check-yourself block names real questions without leaking
 * their keys into the page.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { LessonBody } from "@/components/mdx/lesson-body";
import { getScenario, labFileName, listScenarios, walkPacket } from "@/lib/packet-walk";
import { compileLesson } from "@/lib/mdx.server";
import { checkYourselfBlocksOf } from "./check-yourself.server";
import { splitSections } from "./headings";
import { getLesson, listLessons, readLessonSource, splitFrontmatter } from "./lessons.server";
import { findMdxTags } from "./mdx-tags";
import { findQuestion, getBank } from "./quiz-banks.server";

const lessons = listLessons();
/** Rendered body HTML per lesson, filled once by the compile test. */
const html = new Map<string, string>();

/** Routes outside /lessons and /quizzes that a lesson may link to. */
const APP_ROUTES = new Set(["/", "/me", "/signin", "/signup"]);
/** The lab scripts app/lab-scripts/[file] serves: a setup and a cleanup script per scenario. */
const LAB_SCRIPTS = new Set(listScenarios().flatMap((s) => [`/lab-scripts/${labFileName(s.name, "setup")}`, `/lab-scripts/${labFileName(s.name, "cleanup")}`]));

function idsIn(markup: string): Set<string> {
  return new Set([...markup.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? ""));
}

describe("every lesson", () => {
  beforeAll(async () => {
    for (const lesson of lessons) {
      const { code } = await compileLesson(lesson.slug);
      html.set(lesson.slug, renderToStaticMarkup(createElement(LessonBody, { code })));
    }
  }, 180_000);

  it("there are lessons, in a path without gaps", () => {
    expect(lessons.length).toBeGreaterThanOrEqual(18);
    expect(lessons.map((l) => l.order)).toEqual(lessons.map((_, i) => i + 1));
  });

  it.each(lessons.map((l) => l.slug))("%s compiles and renders its headings with anchors", (slug) => {
    const markup = html.get(slug) ?? "";
    expect(markup.length).toBeGreaterThan(1000);
    const ids = idsIn(markup);
    const headings = splitSections(splitFrontmatter(readLessonSource(slug)).body).flatMap((s) => (s.heading ? [s.heading] : []));
    expect(headings.length).toBeGreaterThan(0);
    for (const h of headings) {
      expect(ids, `heading "${h.text}" has id ${h.id}`).toContain(h.id);
      expect(markup).toContain(`href="#${h.id}"`);
    }
  });

  it.each(lessons.map((l) => l.slug))("%s: code blocks are highlighted at build time", (slug) => {
    const fences = (splitFrontmatter(readLessonSource(slug)).body.match(/^```[a-z]+$/gm) ?? []).length;
    const highlighted = ((html.get(slug) ?? "").match(/<code class="hljs language-[a-z]+"/g) ?? []).length;
    expect(highlighted).toBe(fences);
  });

  it.each(lessons.map((l) => l.slug))("%s: every internal link resolves", (slug) => {
    const markup = html.get(slug) ?? "";
    const hrefs = [...markup.matchAll(/\shref="([^"]+)"/g)].map((m) => m[1] ?? "").filter((h) => !/^(https?:|mailto:)/.test(h));
    for (const href of hrefs) {
      const [path = "", anchor] = href.split("#");
      if (path === "") {
        expect(idsIn(markup), `${slug}: ${href}`).toContain(anchor);
        continue;
      }
      const lesson = /^\/lessons\/([a-z0-9-]+)\/?$/.exec(path);
      const quiz = /^\/quizzes\/([a-z0-9-]+)\/?$/.exec(path);
      if (lesson) {
        expect(getLesson(lesson[1] ?? ""), `${slug} links to ${href}: no such lesson`).not.toBeNull();
        if (anchor) expect(idsIn(html.get(lesson[1] ?? "") ?? ""), `${slug} links to ${href}: no such heading`).toContain(anchor);
      } else if (quiz) {
        expect(getBank(quiz[1] ?? ""), `${slug} links to ${href}: no such quiz`).not.toBeNull();
      } else if (path.startsWith("/lab-scripts/")) {
        expect(LAB_SCRIPTS, `${slug} links to ${href}: no such lab script`).toContain(path);
      } else {
        expect(APP_ROUTES, `${slug} links to ${href}: not a page of the app`).toContain(path);
      }
    }
  });

  it.each(lessons.map((l) => l.slug))("%s cites its sources over https", (slug) => {
    const lesson = getLesson(slug)!;
    expect(lesson.sources.length).toBeGreaterThan(0);
    for (const s of lesson.sources) expect(new URL(s.url).protocol, s.url).toBe("https:");
    const body = splitSections(splitFrontmatter(readLessonSource(slug)).body);
    const sources = body.find((s) => s.heading?.id === "sources");
    expect(sources, `${slug} has a "## Sources" section`).toBeDefined();
    const links = (sources?.lines.join("\n") ?? "").match(/\]\((https?:[^)\s]+)\)/g) ?? [];
    expect(links.length, `${slug}'s Sources section links its sources`).toBeGreaterThan(0);
    for (const l of links) expect(l, `${slug}: ${l}`).toMatch(/^\]\(https:/);
  });
});

describe("every <PacketWalk> in a lesson", () => {
  const walks = lessons.flatMap((l) =>
    findMdxTags(splitFrontmatter(readLessonSource(l.slug)).body, "PacketWalk", `content/lessons/${l.slug}.mdx`).map((tag) => ({ slug: l.slug, tag })),
  );

  it("there are walks to check", () => expect(walks.length).toBeGreaterThanOrEqual(20));

  it.each(walks.map((w) => [`${w.slug}:${w.tag.line}`, w] as const))("%s walks to an outcome", (_, { tag }) => {
    const { scenario, from, to, protocol, port } = tag.props;
    expect(typeof scenario).toBe("string");
    expect(typeof from).toBe("string");
    expect(typeof to).toBe("string");
    const result = walkPacket(getScenario(String(scenario)), {
      from: String(from),
      to: String(to),
      ...(protocol !== undefined ? { protocol: protocol as "icmp" | "tcp" | "udp" } : {}),
      ...(port !== undefined ? { port: Number(port) } : {}),
    });
    expect(result.hops.length).toBeGreaterThan(0);
    // Delivered, or stopped for a stated reason (the NetworkPolicy lessons show drops on purpose).
    if (!result.delivered) expect(result.drop?.reason).toBeTruthy();
  });
});

describe("check-yourself blocks", () => {
  it.each(lessons.map((l) => l.slug))("%s has one, of 2-4 questions from its own bank", (slug) => {
    const blocks = checkYourselfBlocksOf(slug);
    expect(blocks).toHaveLength(1);
    const [block] = blocks;
    const bank = getBank(block!.quiz);
    expect(bank, `bank "${block!.quiz}"`).not.toBeNull();
    expect(bank!.lesson).toBe(slug);
    expect(block!.questions.length).toBeGreaterThanOrEqual(2);
    expect(block!.questions.length).toBeLessThanOrEqual(4);
    for (const id of block!.questions) expect(findQuestion(bank!, id), `question "${id}"`).not.toBeNull();
  });

  it.each(lessons.map((l) => l.slug))("%s renders the questions but none of their explanations or misconceptions", (slug) => {
    const markup = html.get(slug) ?? "";
    for (const block of checkYourselfBlocksOf(slug)) {
      const bank = getBank(block.quiz)!;
      for (const id of block.questions) {
        const q = findQuestion(bank, id)!;
        expect(markup).toContain(`data-check-question="${id}"`);
        expect(markup).not.toContain(escapeHtml(q.explanation));
        if (q.type === "single" || q.type === "multiple") {
          for (const o of q.options) if (o.misconception) expect(markup).not.toContain(escapeHtml(o.misconception));
        }
      }
    }
  });
});

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}
