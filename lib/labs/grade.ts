/**
 * Grading a lab by its final state: the cluster after the learner's commands is walked, not
 * the commands read, so any fix that works earns the marks and a fix that breaks something
 * else does not get them all. Pure and deterministic: the server replays the command log
 * (replayCommands) and grades the result.
 */
import { applyFaults, getScenario, PacketWalkInputError, type Cluster, type NetnsId } from "../packet-walk";
import { runShellCommand, type ShellResult, type ShellTarget } from "../packet-walk/shell";
import { probeLabel, probeOutcome, regressionBaseline, type ProbeOutcome } from "./probes";
import type { AcceptedDiagnosis, LabCommand, LabDefinition, LabDiagnosis } from "./types";

/** Points per check for a lab with a fix. */
export const LAB_WEIGHTS = { fixed: 50, nothingElseBroke: 20, node: 10, table: 10, entry: 10 } as const;

/** Points per check for a diagnosis-only lab: the diagnosis scaled to 100. */
export const DIAGNOSIS_ONLY_WEIGHTS = { node: 33, table: 33, entry: 34 } as const;

export type LabCheckId = "fixed" | "nothing-else-broke" | "diagnosis-node" | "diagnosis-table" | "diagnosis-entry";

export interface LabCheck {
  readonly id: LabCheckId;
  readonly passed: boolean;
  readonly points: number;
  readonly maxPoints: number;
  /** One or two sentences for the learner. */
  readonly feedback: string;
}

export interface LabGrade {
  readonly score: number;
  readonly maxScore: number;
  readonly checks: readonly LabCheck[];
}

export interface LabSubmission {
  /** The cluster after replaying the learner's commands (replayCommands(...).finalCluster). */
  readonly finalCluster: Cluster;
  /** Absent when the learner gave none: the diagnosis checks then score 0. */
  readonly diagnosis?: LabDiagnosis | null;
}

/** The cluster a lab starts from: its scenario with its faults applied. */
export function labStartCluster(lab: LabDefinition): Cluster {
  return applyFaults(getScenario(lab.scenario), lab.faults);
}

/** Every terminal a lab offers: each machine's root namespace, then its pods' namespaces. */
export function labTerminals(cluster: Cluster): ShellTarget[] {
  const targets: ShellTarget[] = [];
  for (const node of cluster.nodes) {
    targets.push({ node: node.name, netns: "host" });
    for (const pod of cluster.pods) if (pod.node === node.name) targets.push({ node: node.name, netns: `pod:${pod.name}` as NetnsId });
  }
  return targets;
}

/** At most this many commands are replayed; a longer log is refused (a client gone wrong, not a learner). */
export const MAX_REPLAY_COMMANDS = 2000;

export interface ReplayResult {
  readonly finalCluster: Cluster;
  /** One result per command, in order. */
  readonly results: readonly ShellResult[];
}

function errorResult(cluster: Cluster, message: string): ShellResult {
  return { output: `${message}\n`, exitCode: 1, cluster, observed: [] };
}

/**
 * Folds the lab shell over a command log, starting from the lab's faulted cluster. A command
 * at a terminal the lab does not offer, or one the shell rejects as malformed input, leaves
 * the cluster as it was and records an error result, so one bad line never hides the rest.
 */
export function replayCommands(lab: LabDefinition, commands: readonly LabCommand[]): ReplayResult {
  if (commands.length > MAX_REPLAY_COMMANDS) throw new PacketWalkInputError(`at most ${MAX_REPLAY_COMMANDS} commands are replayed (got ${commands.length})`, "commands");
  let cluster = labStartCluster(lab);
  const terminals = new Set(labTerminals(cluster).map((t) => `${t.node}|${t.netns}`));
  const results: ShellResult[] = [];
  for (const command of commands) {
    if (!terminals.has(`${command.target.node}|${command.target.netns}`)) {
      results.push(errorResult(cluster, `no terminal on ${command.target.node} (${command.target.netns}) in this lab`));
      continue;
    }
    let result: ShellResult;
    try {
      result = runShellCommand({ cluster, traffic: lab.traffic }, command.target, command.line);
    } catch (e) {
      if (!(e instanceof PacketWalkInputError)) throw e;
      result = errorResult(cluster, e.message);
    }
    results.push(result);
    cluster = result.cluster;
  }
  return { finalCluster: cluster, results };
}

// ---------------------------------------------------------------------------
// Diagnosis matching.

/** Lower case, one space between words, MACs with colons (a learner may type 66-03-57-...). */
function normalise(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/\b([0-9a-f]{2})-(?=[0-9a-f]{2}\b)/g, "$1:")
    .replace(/\s+/g, " ");
}

function words(text: string): string[] {
  return normalise(text)
    .split(/[\s=,;`'"]+/)
    .filter(Boolean);
}

/** Longer answers stop counting as naming one entry: pasting a whole table must not match. */
const MAX_ENTRY_WORDS = 8;

/** Whether the learner's entry names one of the tokens: equal, or containing it as whole words. */
export function entryMatches(entry: string, tokens: readonly string[]): boolean {
  const given = words(entry);
  if (given.length === 0 || given.length > MAX_ENTRY_WORDS) return false;
  return tokens.some((token) => {
    const want = words(token);
    if (want.length === 0) return false;
    if (normalise(entry) === normalise(token)) return true;
    for (let i = 0; i + want.length <= given.length; i++) if (want.every((w, j) => given[i + j] === w)) return true;
    return false;
  });
}

function acceptedDiagnoses(lab: LabDefinition): AcceptedDiagnosis[] {
  const { node, table, entries, alternatives } = lab.diagnosis;
  return [{ node, table, entries }, ...(alternatives ?? [])];
}

function diagnosisChecks(lab: LabDefinition, diagnosis: LabDiagnosis | null | undefined, weights: { node: number; table: number; entry: number }): LabCheck[] {
  const accepted = acceptedDiagnoses(lab);
  if (!diagnosis) {
    const none = "No diagnosis was submitted.";
    return [
      { id: "diagnosis-node", passed: false, points: 0, maxPoints: weights.node, feedback: none },
      { id: "diagnosis-table", passed: false, points: 0, maxPoints: weights.table, feedback: none },
      { id: "diagnosis-entry", passed: false, points: 0, maxPoints: weights.entry, feedback: none },
    ];
  }
  const node = diagnosis.node.trim().toLowerCase();
  const nodeOk = accepted.some((a) => a.node.toLowerCase() === node);
  const tableOk = accepted.some((a) => a.table === diagnosis.table);
  // The entry is judged within the table the learner named when that table is right, so a right token in the wrong table still earns the entry's points.
  const inTable = accepted.filter((a) => a.table === diagnosis.table);
  const entryOk = (inTable.length ? inTable : accepted).some((a) => entryMatches(diagnosis.entry, a.entries));
  return [
    {
      id: "diagnosis-node",
      passed: nodeOk,
      points: nodeOk ? weights.node : 0,
      maxPoints: weights.node,
      feedback: nodeOk ? `Yes: the broken state is on ${diagnosis.node.trim()}.` : `The broken state is not on ${diagnosis.node.trim() || "the place you named"}.`,
    },
    {
      id: "diagnosis-table",
      passed: tableOk,
      points: tableOk ? weights.table : 0,
      maxPoints: weights.table,
      feedback: tableOk ? `Yes: the fault is in the ${diagnosis.table} state.` : `The ${diagnosis.table} state is not where the fault is.`,
    },
    {
      id: "diagnosis-entry",
      passed: entryOk,
      points: entryOk ? weights.entry : 0,
      maxPoints: weights.entry,
      feedback: entryOk
        ? "Yes: that is the entry that was wrong."
        : words(diagnosis.entry).length > MAX_ENTRY_WORDS
          ? `Name one entry (at most ${MAX_ENTRY_WORDS} words), not a whole table.`
          : "That entry does not name what was wrong.",
    },
  ];
}

// ---------------------------------------------------------------------------
// State checks.

const OUTCOME_TEXT: Record<ProbeOutcome, string> = {
  works: "gets through and back",
  refused: "reaches the pod but is refused",
  denied: "is dropped by a NetworkPolicy",
  broken: "still gets no answer",
};

function stateChecks(lab: LabDefinition, finalCluster: Cluster): LabCheck[] {
  const healthy = getScenario(lab.scenario);
  const required = [lab.symptom.probe, ...lab.traffic];
  const failing = required.map((spec) => ({ spec, outcome: probeOutcome(finalCluster, spec) })).filter((p) => p.outcome !== "works");
  const fixed = failing.length === 0;
  const fixedCheck: LabCheck = {
    id: "fixed",
    passed: fixed,
    points: fixed ? LAB_WEIGHTS.fixed : 0,
    maxPoints: LAB_WEIGHTS.fixed,
    feedback: fixed
      ? `Fixed: ${probeLabel(healthy, lab.symptom.probe)} gets through and back.`
      : `Not fixed yet: ${failing
          .slice(0, 2)
          .map((p) => `${probeLabel(healthy, p.spec)} ${OUTCOME_TEXT[p.outcome]}`)
          .join("; ")}.`,
  };
  if (!fixed) {
    // Credit for not breaking anything only counts alongside a fix: doing nothing breaks nothing.
    return [fixedCheck, { id: "nothing-else-broke", passed: false, points: 0, maxPoints: LAB_WEIGHTS.nothingElseBroke, feedback: "Checked once the reported problem is fixed." }];
  }
  const regressions = regressionBaseline(lab.scenario)
    .filter((p) => p.healthy === "works" || p.healthy === "denied")
    .map((p) => ({ probe: p, outcome: probeOutcome(finalCluster, p.spec) }))
    .filter(({ probe, outcome }) => outcome !== probe.healthy);
  const clean = regressions.length === 0;
  const shown = regressions.slice(0, 3).map(({ probe, outcome }) => (probe.healthy === "denied" ? `${probe.label} is no longer blocked by its NetworkPolicy` : `${probe.label} ${OUTCOME_TEXT[outcome]}`));
  return [
    fixedCheck,
    {
      id: "nothing-else-broke",
      passed: clean,
      points: clean ? LAB_WEIGHTS.nothingElseBroke : 0,
      maxPoints: LAB_WEIGHTS.nothingElseBroke,
      feedback: clean
        ? "Nothing else changed: every pod, Service and node path that worked before still works, and what a policy blocked is still blocked."
        : `The fix changed other traffic: ${shown.join("; ")}${regressions.length > shown.length ? ` (and ${regressions.length - shown.length} more)` : ""}.`,
    },
  ];
}

/**
 * Grades a lab from its final state and the learner's diagnosis. A lab with a fix: the symptom
 * and the ticket's traffic work again (50), nothing else changed (20), and the diagnosis node,
 * table and entry (10 each). A diagnosis-only lab: the diagnosis scaled to 100.
 */
export function gradeLab(lab: LabDefinition, submission: LabSubmission): LabGrade {
  const checks = lab.fix === null ? diagnosisChecks(lab, submission.diagnosis, DIAGNOSIS_ONLY_WEIGHTS) : [...stateChecks(lab, submission.finalCluster), ...diagnosisChecks(lab, submission.diagnosis, LAB_WEIGHTS)];
  return {
    score: checks.reduce((sum, c) => sum + c.points, 0),
    maxScore: checks.reduce((sum, c) => sum + c.maxPoints, 0),
    checks,
  };
}
