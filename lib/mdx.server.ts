import "server-only";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { bundleMDX } from "mdx-bundler";
import rehypeAutolinkHeadings from "rehype-autolink-headings";
import rehypeHighlight from "rehype-highlight";
import rehypeSlug from "rehype-slug";
import remarkGfm from "remark-gfm";
import { extractHeadings } from "./content/headings";
import type { LessonHeading } from "./content/lesson-schema";
import { readLessonSource, splitFrontmatter } from "./content/lessons.server";
import { rehypeEmptyHeaderCells, rehypeFocusableCode } from "./content/rehype-focusable-code";

/**
 * Compiles lessons with mdx-bundler. Lesson pages are statically generated, so this runs
 * during `next build` only. Results are cached on disk keyed by slug + source hash +
 * compiler version, and compiles run one at a time because esbuild is memory-hungry and
 * the build machine has two cores.
 */
export interface CompiledLesson {
  code: string;
  headings: LessonHeading[];
}

/** Bump when the plugin list or options change, to invalidate cached compiles. */
const COMPILER_VERSION = "mdx-4";
const cacheDir = path.join(process.cwd(), "node_modules", ".cache", "cni-academy-mdx");

let queue: Promise<unknown> = Promise.resolve();

function serialised<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

export async function compileLesson(slug: string): Promise<CompiledLesson> {
  const source = readLessonSource(slug);
  const key = createHash("sha256").update(`${COMPILER_VERSION}\0${slug}\0${source}`).digest("hex").slice(0, 24);
  const cacheFile = path.join(cacheDir, `${slug}-${key}.json`);
  try {
    return JSON.parse(readFileSync(cacheFile, "utf8")) as CompiledLesson;
  } catch {
    // not cached yet
  }
  return serialised(async () => {
    const { code } = await bundleMDX({
      source,
      cwd: path.join(process.cwd(), "content", "lessons"),
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkGfm];
        options.rehypePlugins = [
          ...(options.rehypePlugins ?? []),
          rehypeSlug,
          [rehypeAutolinkHeadings, { behavior: "append", properties: { className: ["heading-anchor"], ariaHidden: true, tabIndex: -1 }, content: { type: "text", value: "#" } }],
          [rehypeHighlight, { detect: false, ignoreMissing: true }],
          rehypeFocusableCode,
          rehypeEmptyHeaderCells,
        ];
        return options;
      },
    });
    const compiled: CompiledLesson = { code, headings: extractHeadings(splitFrontmatter(source).body) };
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(cacheFile, JSON.stringify(compiled));
    return compiled;
  });
}
