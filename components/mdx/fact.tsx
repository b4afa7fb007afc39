import { facts, type FactId } from "@/content/facts";

/**
 * A key number from content/facts.ts, rendered inline. Lessons use it instead of typing
 * the number, so a lesson and the quiz bank cannot disagree on a port or a bit width.
 * An unknown id fails the build (the page is generated at build time).
 */
export function Fact({ id, bare = false }: { id: string; bare?: boolean }) {
  if (!(id in facts)) throw new Error(`<Fact id="${id}"> is not in content/facts.ts`);
  const fact = facts[id as FactId] as { value: number | string; unit?: string; statement: string };
  const text = bare || !fact.unit ? String(fact.value) : `${fact.value} ${fact.unit}`;
  return <span className="fact" title={fact.statement}>{text}</span>;
}
