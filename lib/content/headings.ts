import GithubSlugger from "github-slugger";
import type { LessonHeading } from "./lesson-schema";

/**
 * The ## and ### headings of a markdown source, with the ids rehype-slug gives them
 * (both use github-slugger, in document order), for the table of contents.
 */
export function extractHeadings(markdown: string): LessonHeading[] {
  const slugger = new GithubSlugger();
  const out: LessonHeading[] = [];
  let inFence = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const m = /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const text = (m[2] ?? "").replace(/`([^`]*)`/g, "$1").replace(/\*\*?([^*]+)\*\*?/g, "$1").replace(/\[([^\]]+)\]\([^)]*\)/g, "$1");
    out.push({ depth: (m[1] ?? "").length as 2 | 3, text, id: slugger.slug(text) });
  }
  return out;
}
