import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { lessonFrontmatterSchema, type LessonSummary } from "./lesson-schema";
import { lessonsDir } from "./paths.server";

/** Splits `---\nyaml\n---\nbody` into frontmatter data and body. */
export function splitFrontmatter(source: string): { data: unknown; body: string } {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!m) return { data: {}, body: source };
  return { data: parseYaml(m[1] ?? ""), body: source.slice(m[0].length) };
}

export function readLessonSource(slug: string): string {
  if (!/^[a-z0-9-]+$/.test(slug)) throw new Error(`Bad lesson slug "${slug}"`);
  return readFileSync(path.join(lessonsDir, `${slug}.mdx`), "utf8");
}

let cache: LessonSummary[] | null = null;

/** Every lesson's validated frontmatter, in learning-path order. Throws naming the file on bad frontmatter. */
export function listLessons(): LessonSummary[] {
  if (cache && process.env.NODE_ENV !== "development") return cache;
  const lessons = readdirSync(lessonsDir)
    .filter((f) => f.endsWith(".mdx"))
    .map((file) => {
      const slug = file.replace(/\.mdx$/, "");
      const { data } = splitFrontmatter(readLessonSource(slug));
      const parsed = lessonFrontmatterSchema.safeParse(data);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `field "${i.path.join(".")}": ${i.message}`).join("; ");
        throw new Error(`content/lessons/${file}: ${detail}`);
      }
      return { slug, ...parsed.data };
    })
    .sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
  cache = lessons;
  return lessons;
}

export function getLesson(slug: string): LessonSummary | null {
  return listLessons().find((l) => l.slug === slug) ?? null;
}
