import GithubSlugger from "github-slugger";
import type { LessonHeading } from "./lesson-schema";

/** A run of markdown lines under one ## or ### heading (or before the first, with `heading` null). */
export interface MarkdownSection {
  heading: LessonHeading | null;
  lines: string[];
}

/** Heading text as rehype-slug sees it: inline code, emphasis and links reduced to their text. */
function plainHeadingText(raw: string): string {
  return raw.replace(/`([^`]*)`/g, "$1").replace(/\*\*?([^*]+)\*\*?/g, "$1").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1");
}

/**
 * Splits a markdown source at its ## and ### headings, giving each the id rehype-slug gives
 * it (both use github-slugger, in document order). Lines inside code fences never start a
 * section. Used for the table of contents and the search index.
 */
export function splitSections(markdown: string): MarkdownSection[] {
  const slugger = new GithubSlugger();
  const sections: MarkdownSection[] = [{ heading: null, lines: [] }];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) {
      sections[sections.length - 1]?.lines.push(line);
      continue;
    }
    const text = plainHeadingText(m[2] ?? "");
    sections.push({ heading: { depth: (m[1] ?? "").length as 2 | 3, text, id: slugger.slug(text) }, lines: [] });
  }
  return sections;
}

/** The ## and ### headings of a markdown source, with their anchor ids, for the table of contents. */
export function extractHeadings(markdown: string): LessonHeading[] {
  return splitSections(markdown).flatMap((s) => (s.heading ? [s.heading] : []));
}
