import { scenarioLabel } from "../packet-walk";
import type { ShellTarget } from "../packet-walk/shell";
import { labStartCluster, labTerminals } from "./grade";
import { DIAGNOSIS_TABLES, KUBERNETES_PLACE, UNDERLAY_PLACE, type DiagnosisTable, type LabDefinition, type LabDifficulty } from "./types";

/** A terminal the learner can open: a machine's shell, or a pod's (with the pod's name). */
export interface PublicTerminal extends ShellTarget {
  readonly pod?: string;
}

/**
 * What the browser may see of a lab before grading: the ticket and the terminals, never the
 * faults, the traffic, the symptom probe, the diagnosis key, the fix or the hints.
 */
export interface PublicLab {
  readonly slug: string;
  readonly title: string;
  readonly story: string;
  /** The scenario's id (for links to the lesson diagram); show {@link PublicLab.scenarioLabel} to learners. */
  readonly scenario: string;
  /** The scenario's reader-facing name ("Flannel VXLAN"). */
  readonly scenarioLabel: string;
  readonly startAt: ShellTarget;
  readonly lessons: readonly string[];
  readonly difficulty: LabDifficulty;
  readonly terminals: readonly PublicTerminal[];
  /** Choices for the diagnosis form: the machines plus the two places every lab offers. */
  readonly diagnosisPlaces: readonly string[];
  readonly diagnosisTables: readonly DiagnosisTable[];
}

/**
 * Built field by field (an allow-list), so a field added to LabDefinition later cannot reach
 * the browser by accident. The terminals come from the faulted cluster, which has the same
 * machines and pods as the healthy one (no fault adds or removes a node or pod).
 */
export function publicLab(lab: LabDefinition): PublicLab {
  const terminals = labTerminals(labStartCluster(lab)).map((t): PublicTerminal =>
    t.netns === "host" ? { node: t.node, netns: t.netns } : { node: t.node, netns: t.netns, pod: t.netns.slice("pod:".length) },
  );
  const machines = [...new Set(terminals.map((t) => t.node))];
  return {
    slug: lab.slug,
    title: lab.title,
    story: lab.story,
    scenario: lab.scenario,
    scenarioLabel: scenarioLabel(lab.scenario),
    startAt: { node: lab.startAt.node, netns: lab.startAt.netns },
    lessons: [...lab.lessons],
    difficulty: lab.difficulty,
    terminals,
    diagnosisPlaces: [...machines, KUBERNETES_PLACE, UNDERLAY_PLACE],
    diagnosisTables: [...DIAGNOSIS_TABLES],
  };
}
