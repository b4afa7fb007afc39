/**
 * How the course pages name a lab's parts: its terminals, and what is revealed
 * once an attempt is graded (the answer key, in words). Pure.
 */
import { faultSymptom, getScenario } from "../packet-walk";
import type { PublicTerminal } from "./public";
import type { DiagnosisTable, LabCommand, LabDefinition } from "./types";

/** What a terminal's tab says: the machine, or the pod and the node it runs on. */
export function terminalLabel(t: PublicTerminal | { node: string; netns: string }): string {
  return t.netns === "host" ? t.node : `pod ${t.netns.slice("pod:".length)} (on ${t.node})`;
}

/** The answer key as the learner sees it after grading. */
export interface RevealedLab {
  /** What was broken, one sentence per fault (the engine's own symptom summary). */
  readonly explanation: string;
  readonly diagnosis: { readonly node: string; readonly table: DiagnosisTable; readonly entries: readonly string[] };
  /** The intended fix; empty for a lab graded by the diagnosis alone. */
  readonly fix: readonly LabCommand[];
}

/** Only for a graded attempt: this is the answer key. */
export function revealedLab(lab: LabDefinition): RevealedLab {
  const healthy = getScenario(lab.scenario);
  const explanation = lab.faults.map((f) => faultSymptom(healthy, f).summary).join(" ");
  return {
    explanation,
    diagnosis: { node: lab.diagnosis.node, table: lab.diagnosis.table, entries: [...lab.diagnosis.entries] },
    fix: lab.fix ? [...lab.fix] : [],
  };
}
