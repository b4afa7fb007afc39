/**
 * A troubleshooting lab: a healthy scenario broken by plain-data faults, a ticket that
 * describes the symptom, a terminal, and an answer key (the diagnosis and the intended fix)
 * that stays on the server. Labs are code (content/labs), versioned and checked by tests.
 */
import type { Fault, FaultExpectation, PacketSpec } from "../packet-walk";
import type { ShellTarget, ShellView } from "../packet-walk/shell";

/** Where a broken entry can live: the closed set a learner picks from in the diagnosis form. */
export const DIAGNOSIS_TABLES = [
  "route",
  "neigh",
  "fdb",
  "link",
  "sysctl",
  "iptables",
  "service",
  "networkpolicy",
  "flanneld",
  "underlay",
] as const;

/** One of {@link DIAGNOSIS_TABLES}. */
export type DiagnosisTable = (typeof DIAGNOSIS_TABLES)[number];

/**
 * Places that are not a node's shell but can hold the fault: the Kubernetes API objects
 * (Services, endpoints, NetworkPolicies) and the physical network between the nodes.
 * Every lab offers both, so their presence tells a learner nothing.
 */
export const KUBERNETES_PLACE = "kubernetes";
export const UNDERLAY_PLACE = "underlay";

/** A diagnosis the learner submits: where the broken entry is and which entry it is. */
export interface LabDiagnosis {
  readonly node: string;
  readonly table: DiagnosisTable;
  /** Free text, matched leniently against the key's tokens (a prefix, a MAC, a sysctl name). */
  readonly entry: string;
}

/** One accepted answer: a node, a table and the tokens that name the broken entry in it. */
export interface AcceptedDiagnosis {
  readonly node: string;
  readonly table: DiagnosisTable;
  /** Any one of these, as a whole word or phrase of the learner's entry, names the entry. */
  readonly entries: readonly string[];
}

/**
 * The answer key. `node`/`table`/`entries` is the canonical answer; `alternatives` are other
 * places that are just as right (the two halves of an asymmetric fault, say).
 */
export interface LabDiagnosisKey extends AcceptedDiagnosis {
  readonly alternatives?: readonly AcceptedDiagnosis[];
}

/** One command line typed at one terminal. */
export interface LabCommand {
  readonly target: ShellTarget;
  readonly line: string;
}

/** The probe that proves the lab fixed: broken by the faults, delivered on the healthy scenario. */
export interface LabSymptom {
  readonly probe: PacketSpec;
  /** What the probe shows while the fault is in place. */
  readonly expect: FaultExpectation;
}

/** A hint shown only while the learner has not looked at `view` (on `node`, when given). */
export interface ConditionalHint {
  readonly ifNotObserved: { readonly view: ShellView; readonly node?: string };
  readonly text: string;
}

/** A hint shown whatever the learner looked at (usually the later, more explicit ones). */
export interface GeneralHint {
  readonly text: string;
}

export type LabHint = ConditionalHint | GeneralHint;

export type LabDifficulty = "beginner" | "intermediate" | "advanced";

/** A complete lab, answer key included: server-side only (see publicLab for the browser's view). */
export interface LabDefinition {
  readonly slug: string;
  readonly title: string;
  /** 2–4 sentences: the ticket a colleague wrote. */
  readonly story: string;
  /** A name from listScenarios(). */
  readonly scenario: string;
  /** Applied in order to the healthy scenario with applyFaults. */
  readonly faults: readonly Fault[];
  /** The failing requests the ticket describes; they keep flowing for tcpdump and conntrack. */
  readonly traffic: readonly PacketSpec[];
  readonly symptom: LabSymptom;
  /** Slugs of content/lessons/<slug>.mdx the lab practises. */
  readonly lessons: readonly string[];
  readonly difficulty: LabDifficulty;
  /** Where the terminal opens. */
  readonly startAt: ShellTarget;
  readonly diagnosis: LabDiagnosisKey;
  /**
   * The intended fix, run through the lab shell; `null` for a fault no node or kubectl can fix
   * (the underlay's firewall, the node's subnet): such a lab is graded by the diagnosis alone.
   */
  readonly fix: readonly LabCommand[] | null;
  /** Ordered from a gentle nudge to nearly the answer. */
  readonly hints: readonly LabHint[];
}
