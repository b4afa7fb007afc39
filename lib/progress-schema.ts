import { z } from "zod";
import { LESSON_SLUG_MAX_LENGTH, LESSON_SLUG_PATTERN, LESSON_STATUSES } from "./progress-entry";
import { isWithinDateBounds } from "./validation/date-bounds";

/**
 * Lesson progress as the browser keeps it for a reader who is not signed in, and as it is
 * sent to /api/progress/import after sign-up or sign-in: the server's check, with messages.
 * The browser reads the same shape without zod (lib/progress-entry.ts).
 */
export { LESSON_STATUSES, type LessonStatus, type LocalLessonProgress } from "./progress-entry";

const lessonSlug = z.string().regex(LESSON_SLUG_PATTERN, "a lesson slug is lowercase kebab-case").max(LESSON_SLUG_MAX_LENGTH);

export const localLessonProgressSchema = z
  .object({
    slug: lessonSlug,
    status: z.enum(LESSON_STATUSES, { error: 'status must be "in_progress" or "completed"' }),
    /** When the reader marked it done on this device (ISO 8601); the server clamps it to "now". */
    completedAt: z.iso
      .datetime({ offset: true })
      .refine((v) => isWithinDateBounds(new Date(v)), "completedAt must be between 1970 and 9999")
      .nullable()
      .optional(),
  })
  .strict();

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
