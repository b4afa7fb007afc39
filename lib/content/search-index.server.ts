import "server-only";
import { facts, formatFact, type FactId } from "../../content/facts";
import { splitSections } from "./headings";
import { listLessons, readLessonSource, splitFrontmatter } from "./lessons.server";
import type { SearchIndex } from "./search";

/**
 * Plain text of a lesson's markdown for the search index: `<Fact>` becomes the value the
 * page shows, other component tags disappear (their own text stays), markdown syntax is
 * reduced to its words. Code blocks are kept: readers search for ports and commands.
 */
export function plainTextOf(markdown: string): string {
  return markdown
    .replace(/<Fact\s+id="([^"]+)"(\s+bare(=\{true\})?)?\s*\/>/g, (_, id: string, bare?: string) =>
      id in facts ? (bare ? String(facts[id as FactId].value) : formatFact(id as FactId)) : "",
    )
    .replace(/<\/?[A-Z][\w.]*(\s[^<>]*)?\/?>/g, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/^\s*(```|~~~).*$/gm, " ")
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, " ")
    .replace(/[`*_|>#]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** The search index of every lesson: title, summary and the text of each section under its heading anchor. */
export function buildSearchIndex(): SearchIndex {
  return {
    version: 1,
    lessons: listLessons().map((lesson) => ({
      slug: lesson.slug,
      title: lesson.title,
      summary: lesson.summary,
      sections: splitSections(splitFrontmatter(readLessonSource(lesson.slug)).body)
        .map((s) => ({ id: s.heading?.id ?? null, heading: s.heading?.text ?? null, text: plainTextOf(s.lines.join("\n")) }))
        .filter((s) => s.heading !== null || s.text !== ""),
    })),
  };
}
