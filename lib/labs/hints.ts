import type { ShellObservation } from "../packet-walk/shell";
import type { LabDefinition, LabHint } from "./types";

/** The hint to show and the value to pass as `hintsShown` next time. */
export interface NextHint {
  /** Position of the hint in the lab's list. */
  readonly index: number;
  readonly text: string;
  /** Pass this as `hintsShown` on the next request, so no hint is shown twice. */
  readonly hintsShown: number;
  /** How many hints the lab has (for "hint 2 of 5"). */
  readonly total: number;
}

/** Whether the learner already did what a conditional hint would suggest. */
function conditionMet(hint: LabHint, observations: readonly ShellObservation[]): boolean {
  if (!("ifNotObserved" in hint)) return false;
  const { view, node } = hint.ifNotObserved;
  return observations.some((o) => o.view === view && (node === undefined || o.node === node));
}

/**
 * The next hint for a learner: the first hint at or after position `hintsShown` whose
 * condition is not met. A conditional hint ("look at node1's routes") is skipped once the
 * learner has looked there, since repeating it would not help; general hints are never
 * skipped. `hintsShown` is how far through the list the learner has come (0 at the start;
 * then the `hintsShown` of the previous answer), so hints already shown never come back.
 * Returns null when every remaining hint is moot or the list is used up.
 */
export function nextHint(lab: LabDefinition, observations: readonly ShellObservation[], hintsShown: number): NextHint | null {
  const start = Number.isInteger(hintsShown) && hintsShown > 0 ? hintsShown : 0;
  for (let index = start; index < lab.hints.length; index++) {
    const hint = lab.hints[index] as LabHint;
    if (conditionMet(hint, observations)) continue;
    return { index, text: hint.text, hintsShown: index + 1, total: lab.hints.length };
  }
  return null;
}
