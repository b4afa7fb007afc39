/**
 * How a graded answer is labelled: right, partly right (some points, e.g. a path with the
 * first hops right) or wrong. "Partly correct" has its own colour: shown in the colour of
 * "Incorrect" it read as a plain miss.
 */
export type Verdict = { readonly label: "Correct" | "Partly correct" | "Incorrect"; readonly tone: "ok" | "partial" | "bad" };

export function verdictOf(result: { readonly correct: boolean | null; readonly points: number }): Verdict {
  if (result.correct) return { label: "Correct", tone: "ok" };
  return result.points > 0 ? { label: "Partly correct", tone: "partial" } : { label: "Incorrect", tone: "bad" };
}
