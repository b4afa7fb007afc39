/**
 * Learners never see the word "seed" (issue 15: internal names leak). The articles the course
 * was designed from are called "seed articles" only inside the project; lessons name them by
 * title and site ("the source articles"), and the worked cluster is "the example cluster".
 *
 * Checked: every lesson's frontmatter strings (title, summary, sources, ...) and its rendered
 * body as a reader gets it (text nodes plus the attributes a browser shows or reads out:
 * aria-label, title, alt), the reader-facing label and description of every packet-walk
 * scenario a lesson shows, and every learner-visible field of every course bank.
 *
 * Not checked, on purpose: identifiers a learner never reads. These are tag attributes other
 * than the ones above (`<Callout kind="seed-error">`, `data-scenario="seed-flannel-vxlan"`,
 * `modes={["seed-flannel-vxlan", ...]}`), question ids such as `cn-seed-gateway` and
 * `vxlan-seed-mtu` (used in URLs, stored attempts and tests), and the random "seed" of an
 * attempt, which is a number, not text.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { LessonBody } from "@/components/mdx/lesson-body";
import { getScenario, scenarioLabel } from "@/lib/packet-walk";
import { compileLesson } from "@/lib/mdx.server";
import { listLessons, readLessonSource, splitFrontmatter } from "./lessons.server";
import { loadBanks } from "./quiz-banks.server";

const SEED = /\bseeds?\b/i;
const lessons = listLessons();
const html = new Map<string, string>();

/** Every string inside a value (frontmatter, a question), with its path for the message. */
function stringsOf(value: unknown, path = ""): Array<[string, string]> {
  if (typeof value === "string") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsOf(v, `${path}[${i}]`));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringsOf(v, path ? `${path}.${k}` : k));
  return [];
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

/** What a reader of rendered markup gets: the text between tags and the shown or spoken attributes. */
function readerTextOf(markup: string): string[] {
  const attrs = [...markup.matchAll(/\s(?:aria-label|title|alt)="([^"]*)"/g)].map((m) => decode(m[1] ?? ""));
  const text = markup
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, " ")
    .split(/<[^>]*>/)
    .map((t) => decode(t).trim())
    .filter(Boolean);
  return [...text, ...attrs];
}

/** Learner-visible fields of a question: everything but ids, types, topics, anchors and fact keys. */
function visibleFieldsOf(q: Record<string, unknown>): Array<[string, string]> {
  const hidden = new Set(["id", "type", "topic", "lessonAnchor", "fact", "ask", "situation", "modes", "url"]);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).filter(([k]) => !hidden.has(k)).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return stringsOf(strip(q));
}

describe("readerTextOf", () => {
  it("keeps text and spoken attributes, drops other attributes", () => {
    const t = readerTextOf('<aside class="callout seed-error" aria-label="Box"><p data-scenario="seed-x">Hello &amp; bye</p></aside>');
    expect(t).toEqual(["Hello & bye", "Box"]);
    expect(t.some((s) => SEED.test(s))).toBe(false);
    expect(readerTextOf('<p title="the seed">x</p>').some((s) => SEED.test(s))).toBe(true);
  });
});

describe("no learner-visible 'seed'", () => {
  beforeAll(async () => {
    for (const lesson of lessons) {
      const { code } = await compileLesson(lesson.slug);
      html.set(lesson.slug, renderToStaticMarkup(createElement(LessonBody, { code })));
    }
  }, 180_000);

  it.each(lessons.map((l) => l.slug))("lesson %s: frontmatter and rendered text", (slug) => {
    const { data } = splitFrontmatter(readLessonSource(slug));
    const front = stringsOf(data).filter(([, s]) => SEED.test(s)).map(([p, s]) => `frontmatter ${p}: ${s}`);
    const body = readerTextOf(html.get(slug) ?? "").filter((s) => SEED.test(s));
    expect([...front, ...body]).toEqual([]);
    expect((html.get(slug) ?? "").length).toBeGreaterThan(1000);
  });

  it.each(lessons.map((l) => l.slug))("lesson %s: packet-walk scenarios it shows have reader-facing names", (slug) => {
    const { body } = splitFrontmatter(readLessonSource(slug));
    const ids = new Set<string>();
    for (const m of body.matchAll(/<PacketWalk\b[^>]*>/g)) {
      for (const s of m[0].matchAll(/scenario="([^"]+)"/g)) ids.add(s[1] ?? "");
      const modes = /modes=\{\[([^\]]*)\]\}/.exec(m[0]);
      for (const s of (modes?.[1] ?? "").matchAll(/"([^"]+)"/g)) ids.add(s[1] ?? "");
    }
    for (const id of ids) {
      expect(scenarioLabel(id), id).not.toMatch(SEED);
      expect(getScenario(id).description, id).not.toMatch(SEED);
    }
  });

  it("every course bank: title, description and every question's learner-visible fields", () => {
    const hits: string[] = [];
    for (const bank of loadBanks().values()) {
      for (const [p, s] of stringsOf({ title: bank.title, description: bank.description })) if (SEED.test(s)) hits.push(`${bank.id} ${p}: ${s}`);
      for (const q of bank.questions) {
        for (const [p, s] of visibleFieldsOf(q as unknown as Record<string, unknown>)) if (SEED.test(s)) hits.push(`${bank.id}/${q.id} ${p}: ${s}`);
      }
    }
    expect(hits).toEqual([]);
  });
});
