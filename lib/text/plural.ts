/**
 * "1 learner", "2 learners", "0 attempts": a count with its noun, so no page writes
 * "learner(s)". English only needs the one/other split; irregular nouns pass their plural.
 */
export function plural(count: number, singular: string, pluralForm: string = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}

/** Just the noun for `count` (for sentences that place the number themselves). */
export function nounFor(count: number, singular: string, pluralForm: string = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

function formatCount(count: number): string {
  return Number.isFinite(count) ? count.toLocaleString("en-US") : String(count);
}

/** A score as a whole percentage ("67%"): the share of `max` that `score` is; "–" when nothing could be scored. */
export function percent(score: number, max: number): string {
  if (!(max > 0) || !Number.isFinite(score)) return "–";
  return `${Math.round((score / max) * 100)}%`;
}
