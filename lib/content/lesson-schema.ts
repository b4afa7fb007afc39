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
  /**
   * The upstream releases whose behaviour the lesson describes (flannel v0.28, Calico 3.31, ...).
   * Defaults and file layouts change between releases; naming them tells the reader what "current" meant.
   */
  describes: z
    .array(z.object({ project: z.string().min(1), version: z.string().min(1) }))
    .min(1, "name the upstream versions the lesson describes"),
  /** The day the lesson's facts were last checked against those versions' primary sources (YYYY-MM-DD). */
  factsChecked: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "write the date as YYYY-MM-DD (quoted)")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a calendar date"),
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
