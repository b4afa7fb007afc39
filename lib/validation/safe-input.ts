import { z } from "zod";
import { MAX_DATE, MIN_DATE } from "./date-bounds";

/**
 * Input rules for every request body, applied by parseJsonBody (lib/http.server.ts) to the
 * whole parsed JSON before any schema, so no route can forget them:
 * - no string (value or key) may hold a lone UTF-16 surrogate: it has no UTF-8 form, and
 *   the database drivers either fail on it (a 500) or store a replacement character;
 * - no string may hold NUL: PostgreSQL text refuses it (a 500) and SQLite cuts the string
 *   there ("a\0b" read back as "a"). Refused, never stripped or truncated.
 * Dates at the boundary use `boundedDate`: 1970 to 9999, the range both databases and
 * every date formatter here handle (JavaScript alone reaches year 275760).
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `s` cannot be stored as text, or null. */
export function unsafeTextProblem(s: string): string | null {
  if (s.includes("\u0000")) return "must not contain a NUL character (\\u0000)";
  if (LONE_SURROGATE.test(s)) return "must not contain a lone UTF-16 surrogate (text that is not valid Unicode)";
  return null;
}

/** The first string in a parsed JSON value that cannot be stored, with its path (e.g. `answers.q1.text`). */
export function findUnsafeText(value: unknown, path: string[] = []): { field: string; message: string } | null {
  const field = () => path.join(".") || "body";
  if (typeof value === "string") {
    const problem = unsafeTextProblem(value);
    return problem ? { field: field(), message: `${field()} ${problem}.` } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeText(value[i], [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = unsafeTextProblem(key);
      if (keyProblem) {
        const shown = [...path, "(key)"].join(".");
        return { field: path.join(".") || "body", message: `A field name in ${shown} ${keyProblem}.` };
      }
      const found = findUnsafeText(inner, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

export { MAX_DATE, MIN_DATE };

/**
 * A date from a JSON string (ISO 8601 or what the date inputs send) or a Date, within
 * 1970–9999. Numbers and booleans are refused rather than coerced (`true` is not 1970).
 */
export function boundedDate(message: string) {
  return z
    .union([z.string().max(40, message), z.date()], { error: message })
    .pipe(z.coerce.date({ error: message }))
    .refine((d) => d >= MIN_DATE && d <= MAX_DATE, { message: `${message} (between 1970 and 9999)` });
}
