import { z } from "zod";

/** Lesson frontmatter (content/lessons/*.mdx), validated at build. */
export const lessonFrontmatterSchema = z.object({
  title: z.string().min(1),
  summary: z.string().min(1),
  order: z.number().int().positive(),
  prerequisites: z.array(z.string()).default([]),
  topics: z.array(z.string()).default([]),
  minutes: z.number().int().positive().default(10),
  sources: z
    .array(z.object({ title: z.string().min(1), url: z.url().refine((u) => u.startsWith("https://"), "must be an https URL") }))
    .min(1, "every lesson cites at least one source"),
});
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>;

export interface LessonHeading {
  depth: 2 | 3;
  text: string;
  id: string;
}

export interface LessonSummary extends LessonFrontmatter {
  slug: string;
}
