import { isWithinDateBounds } from "./validation/date-bounds";

/**
 * One lesson's progress as the browser keeps it for a reader who is not signed in. This
 * file is what browser code reads it with: plain checks, no zod, because zod alone was
 * ~30 kB gzipped of every page's first load (docs/decisions/017-first-load-javascript.md).
 * The server validates the same shape with zod (lib/progress-schema.ts) when it is
 * imported into an account; lib/progress-entry.test.ts checks that the two accept exactly
 * the same entries.
 */
export const LESSON_STATUSES = ["in_progress", "completed"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

export const LESSON_SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const LESSON_SLUG_MAX_LENGTH = 80;

export type LocalLessonProgress = {
  slug: string;
  status: LessonStatus;
  /** When the reader marked it done on this device (ISO 8601); the server clamps it to "now". */
  completedAt?: string | null;
};

/**
 * RFC 3339 date-time: seconds required, optional fraction, and `Z` or a ±hh:mm offset (what
 * the server's `z.iso.datetime({ offset: true })` accepts). The day is checked against the
 * month's length below, leap years included.
 */
const RFC3339 = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function isValidCompletedAt(value: string): boolean {
  const match = RFC3339.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && isWithinDateBounds(date);
}

/** The entry if it has exactly this shape, else null (a hand-edited or old entry is dropped, not trusted). */
export function parseLocalLessonEntry(entry: unknown): LocalLessonProgress | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return null;
  const record = entry as Record<string, unknown>;
  if (Object.keys(record).some((k) => k !== "slug" && k !== "status" && k !== "completedAt")) return null;
  const { slug, status, completedAt } = record;
  if (typeof slug !== "string" || slug.length > LESSON_SLUG_MAX_LENGTH || !LESSON_SLUG_PATTERN.test(slug)) return null;
  if (status !== "in_progress" && status !== "completed") return null;
  if (completedAt !== undefined && completedAt !== null && (typeof completedAt !== "string" || !isValidCompletedAt(completedAt))) return null;
  const out: LocalLessonProgress = { slug, status };
  if (completedAt !== undefined) out.completedAt = completedAt as string | null;
  return out;
}
