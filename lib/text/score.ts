import { percent } from "./plural";

/** Points as every page shows them: whole numbers plain, partial credit to two places. */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** "5 / 7 (71%)": the points and the share they are, so scores of quizzes of different lengths compare at a glance. */
export function formatScore(score: number, max: number): string {
  return `${formatPoints(score)} / ${formatPoints(max)} (${percent(score, max)})`;
}
