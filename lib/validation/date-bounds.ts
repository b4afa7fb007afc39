/**
 * The dates the app stores: 1970 to 9999. PostgreSQL and JavaScript both reach further, but
 * nothing a learner or an instructor enters needs to, and a bound keeps "year 275760"
 * (beyond what a Date can hold) out of every query. Free of zod so browser code can use it.
 */
export const MIN_DATE = new Date("1970-01-01T00:00:00.000Z");
export const MAX_DATE = new Date("9999-12-31T23:59:59.999Z");

export function isWithinDateBounds(date: Date): boolean {
  return date >= MIN_DATE && date <= MAX_DATE;
}
