import { z } from "zod";
import { MAX_DATE, MIN_DATE } from "./validation/safe-input";

/**
 * Lesson progress as the browser keeps it for a reader who is not signed in, and as it is
 * sent to /api/progress/import after sign-up or sign-in. Shared by the client (to read
 * localStorage defensively) and the server (the authority that validates the import).
 */
export const LESSON_STATUSES = ["in_progress", "completed"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

const lessonSlug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a lesson slug is lowercase kebab-case").max(80);

export const localLessonProgressSchema = z
  .object({
    slug: lessonSlug,
    status: z.enum(LESSON_STATUSES, { error: 'status must be "in_progress" or "completed"' }),
    /** When the reader marked it done on this device (ISO 8601); the server clamps it to "now". */
    completedAt: z.iso
      .datetime({ offset: true })
      .refine((v) => { const d = new Date(v); return d >= MIN_DATE && d <= MAX_DATE; }, "completedAt must be between 1970 and 9999")
      .nullable()
      .optional(),
  })
  .strict();
export type LocalLessonProgress = z.infer<typeof localLessonProgressSchema>;

/** The course has tens of lessons; the cap only keeps a hostile body small. */
export const MAX_IMPORTED_LESSONS = 200;

export const progressImportSchema = z
  .object({
    lessons: z
      .array(localLessonProgressSchema)
      .max(MAX_IMPORTED_LESSONS, `at most ${MAX_IMPORTED_LESSONS} lessons per import`)
      .refine((rows) => new Set(rows.map((r) => r.slug)).size === rows.length, "each lesson may appear once"),
  })
  .strict();
export type ProgressImport = z.infer<typeof progressImportSchema>;
