import type { ReactNode } from "react";

const labels = { note: "Note", warning: "Warning", "seed-error": "What the source articles get wrong" } as const;

/** A boxed aside in a lesson. `seed-error` marks a correction of a common misunderstanding. */
export function Callout({ kind = "note", title, children }: { kind?: keyof typeof labels; title?: string; children: ReactNode }) {
  return (
    <aside className={`callout ${kind}`} aria-label={title ?? labels[kind]}>
      <p className="callout-title">{title ?? labels[kind]}</p>
      {children}
    </aside>
  );
}
