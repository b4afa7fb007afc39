/**
 * What changed in the header stack between two consecutive hops, for the
 * diagram's header inspector. Stacks are aligned from the innermost header
 * outwards: encapsulation adds headers on the outside and decapsulation strips
 * them there, so the payload's own headers stay paired across a tunnel.
 */
import type { Header } from "./packet";

/** One field of a header as the inspector lists it. */
export interface HeaderFieldView {
  readonly name: string;
  readonly value: string;
  /** True when the previous hop had the same header with another value. */
  readonly changed: boolean;
}

/** One header of the current stack with its diff against the previous hop. */
export interface HeaderDiffEntry {
  readonly header: Header;
  /** `added`: no matching header before (e.g. the outer IP at flannel.1); `changed`: some field differs; `same`. */
  readonly status: "added" | "changed" | "same";
  readonly fields: readonly HeaderFieldView[];
  /** Names of the fields that differ (empty unless `changed`). */
  readonly changedFields: readonly string[];
}

/** The diff of a whole stack. */
export interface HeaderStackDiff {
  /** The current stack, outermost first. */
  readonly entries: readonly HeaderDiffEntry[];
  /** Headers the previous hop had that are gone now (stripped by decapsulation or going up the stack), outermost first. */
  readonly removed: readonly Header[];
}

function fieldValue(v: unknown): string {
  if (typeof v === "boolean") return v ? "yes" : "no";
  return String(v);
}

/** Fields of a header in a stable order, without the `type` tag. */
export function headerFields(h: Header): readonly { name: string; value: string }[] {
  return Object.entries(h)
    .filter(([k]) => k !== "type")
    .map(([name, v]) => ({ name, value: fieldValue(v) }));
}

function compare(prev: Header | undefined, curr: Header): HeaderDiffEntry {
  if (!prev || prev.type !== curr.type) {
    return { header: curr, status: "added", fields: headerFields(curr).map((f) => ({ ...f, changed: false })), changedFields: [] };
  }
  const before = new Map(headerFields(prev).map((f) => [f.name, f.value]));
  const fields = headerFields(curr).map((f) => ({ ...f, changed: before.has(f.name) && before.get(f.name) !== f.value }));
  const changedFields = fields.filter((f) => f.changed).map((f) => f.name);
  return { header: curr, status: changedFields.length > 0 ? "changed" : "same", fields, changedFields };
}

/**
 * Diffs `current` against `previous` (both outermost first). With no previous
 * stack (the first hop) every header is `same`: nothing has happened to it yet.
 */
export function diffHeaderStacks(previous: readonly Header[] | undefined, current: readonly Header[]): HeaderStackDiff {
  if (!previous) {
    return { entries: current.map((h) => ({ header: h, status: "same", fields: headerFields(h).map((f) => ({ ...f, changed: false })), changedFields: [] })), removed: [] };
  }
  // Align from the innermost header; stop pairing at the first type mismatch.
  let paired = 0;
  while (paired < previous.length && paired < current.length && previous[previous.length - 1 - paired]!.type === current[current.length - 1 - paired]!.type) paired++;
  const entries = current.map((h, i) => {
    const fromInner = current.length - 1 - i;
    return compare(fromInner < paired ? previous[previous.length - 1 - fromInner] : undefined, h);
  });
  return { entries, removed: previous.slice(0, previous.length - paired) };
}
