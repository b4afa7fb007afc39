/**
 * Grading by final state. The first groups build final clusters directly (the healthy
 * scenario, or another fault on top), so they check the grader without the lab shell; the
 * last group runs every lab's intended fix through runShellCommand.
 */
import { describe, expect, it } from "vitest";
import { applyFaults, getScenario, type Cluster } from "@/lib/packet-walk";
import {
  DIAGNOSIS_ONLY_WEIGHTS,
  entryMatches,
  getLab,
  gradeLab,
  LAB_WEIGHTS,
  labStartCluster,
  LABS,
  regressionBaseline,
  replayCommands,
  type LabDefinition,
  type LabDiagnosis,
  type LabGrade,
} from "@/lib/labs";

function lab(slug: string): LabDefinition {
  const found = getLab(slug);
  if (!found) throw new Error(`no lab ${slug}`);
  return found;
}

function rightDiagnosis(l: LabDefinition): LabDiagnosis {
  return { node: l.diagnosis.node, table: l.diagnosis.table, entry: l.diagnosis.entries[0] as string };
}

function points(grade: LabGrade, id: string): number | undefined {
  return grade.checks.find((c) => c.id === id)?.points;
}

const withFix = LABS.filter((l) => l.fix !== null);
const diagnosisOnly = LABS.filter((l) => l.fix === null);

describe("entryMatches", () => {
  it("matches trimmed, case-insensitive, as whole words", () => {
    expect(entryMatches("  10.244.2.0/24 ", ["10.244.2.0/24"])).toBe(true);
    expect(entryMatches("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", ["10.244.2.0/24"])).toBe(true);
    expect(entryMatches("RP_FILTER", ["rp_filter"])).toBe(true);
    expect(entryMatches("net.ipv4.ip_forward=0", ["net.ipv4.ip_forward"])).toBe(true);
    expect(entryMatches("66-03-57-B7-1A-7F", ["66:03:57:b7:1a:7f"])).toBe(true);
  });

  it("refuses a part of a word, another entry, an empty answer and a pasted table", () => {
    expect(entryMatches("10.244.2.0/2", ["10.244.2.0/24"])).toBe(false);
    expect(entryMatches("10.244.1.0/24", ["10.244.2.0/24"])).toBe(false);
    expect(entryMatches("   ", ["10.244.2.0/24"])).toBe(false);
    const table = "default via 30.0.1.1 dev ens3 10.244.1.0/24 dev cni0 10.244.2.0/24 via 10.244.2.0 dev flannel.1";
    expect(entryMatches(table, ["10.244.2.0/24"])).toBe(false);
  });
});

describe("gradeLab on clusters built without the shell", () => {
  it.each(withFix.map((l) => [l.slug, l] as const))("%s: the healthy cluster and the right diagnosis earn full marks", (_slug, l) => {
    const grade = gradeLab(l, { finalCluster: getScenario(l.scenario), diagnosis: rightDiagnosis(l) });
    expect(grade.maxScore).toBe(100);
    expect(grade.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grade.score).toBe(100);
  });

  it.each(withFix.map((l) => [l.slug, l] as const))("%s: doing nothing scores 0 on the state checks", (_slug, l) => {
    const grade = gradeLab(l, { finalCluster: labStartCluster(l), diagnosis: rightDiagnosis(l) });
    expect(points(grade, "fixed")).toBe(0);
    expect(points(grade, "nothing-else-broke")).toBe(0);
    expect(grade.score).toBe(LAB_WEIGHTS.node + LAB_WEIGHTS.table + LAB_WEIGHTS.entry);
  });

  it.each(LABS.map((l) => [l.slug, l] as const))("%s: each wrong part of the diagnosis loses exactly its points", (_slug, l) => {
    const finalCluster = getScenario(l.scenario);
    const right = rightDiagnosis(l);
    const weights = l.fix === null ? DIAGNOSIS_ONLY_WEIGHTS : LAB_WEIGHTS;
    const full = gradeLab(l, { finalCluster, diagnosis: right }).score;
    expect(full).toBe(100);
    expect(gradeLab(l, { finalCluster, diagnosis: { ...right, node: "no-such-node" } }).score).toBe(full - weights.node);
    // A table no accepted answer uses.
    const accepted = new Set([l.diagnosis.table, ...(l.diagnosis.alternatives ?? []).map((a) => a.table)]);
    const wrongTable = (["iptables", "link", "route"] as const).find((t) => !accepted.has(t));
    expect(wrongTable).toBeDefined();
    const tableWrong = gradeLab(l, { finalCluster, diagnosis: { ...right, table: wrongTable ?? "iptables" } });
    expect(points(tableWrong, "diagnosis-table")).toBe(0);
    expect(tableWrong.score).toBe(full - weights.table);
    expect(gradeLab(l, { finalCluster, diagnosis: { ...right, entry: "something else entirely" } }).score).toBe(full - weights.entry);
    expect(gradeLab(l, { finalCluster, diagnosis: null }).score).toBe(full - weights.node - weights.table - weights.entry);
  });

  it("grades a diagnosis-only lab by the diagnosis alone, scaled to 100", () => {
    expect(diagnosisOnly.length).toBeGreaterThan(0);
    for (const l of diagnosisOnly) {
      const grade = gradeLab(l, { finalCluster: labStartCluster(l), diagnosis: rightDiagnosis(l) });
      expect(grade.checks.map((c) => c.id)).toEqual(["diagnosis-node", "diagnosis-table", "diagnosis-entry"]);
      expect(grade).toMatchObject({ score: 100, maxScore: 100 });
    }
  });

  it("accepts an alternative answer as a whole, and a right token named in the wrong table", () => {
    const l = lab("vxlan-hardening-baseline");
    const finalCluster = getScenario(l.scenario);
    expect(gradeLab(l, { finalCluster, diagnosis: { node: "node2", table: "sysctl", entry: "net.ipv4.conf.all.rp_filter" } }).score).toBe(100);
    const misplaced = gradeLab(l, { finalCluster, diagnosis: { node: "node2", table: "neigh", entry: "10.244.1.0/24" } });
    expect(points(misplaced, "diagnosis-entry")).toBe(LAB_WEIGHTS.entry);
    expect(points(misplaced, "diagnosis-table")).toBe(0);
    // Within a right table, the entry must be one of that table's.
    expect(points(gradeLab(l, { finalCluster, diagnosis: { node: "node2", table: "sysctl", entry: "10.244.1.0/24" } }), "diagnosis-entry")).toBe(0);
  });

  it("takes the nothing-else-broke points from a fix that breaks another path", () => {
    const l = lab("crosssubnet-new-node");
    // Fixed towards node3, but node1 lost its route to node2's block.
    const finalCluster = applyFaults(getScenario(l.scenario), [{ kind: "missing-route", node: "node1", peer: "node2" }]);
    const grade = gradeLab(l, { finalCluster, diagnosis: rightDiagnosis(l) });
    expect(points(grade, "fixed")).toBe(LAB_WEIGHTS.fixed);
    expect(points(grade, "nothing-else-broke")).toBe(0);
    expect(grade.score).toBe(100 - LAB_WEIGHTS.nothingElseBroke);
    expect(grade.checks.find((c) => c.id === "nothing-else-broke")?.feedback).toMatch(/httpd-app-675b65488d-9w69v → httpd-app-675b65488d-6kgk6/);
  });

  it("counts opening what a NetworkPolicy blocked on the healthy cluster as breaking something", () => {
    const l = lab("policy-change");
    expect(regressionBaseline(l.scenario).some((p) => p.healthy === "denied")).toBe(true);
    const healthy = getScenario(l.scenario);
    const noPolicies: Cluster = { ...healthy, networkPolicies: [] };
    const grade = gradeLab(l, { finalCluster: noPolicies, diagnosis: rightDiagnosis(l) });
    expect(points(grade, "fixed")).toBe(LAB_WEIGHTS.fixed);
    expect(points(grade, "nothing-else-broke")).toBe(0);
    expect(grade.checks.find((c) => c.id === "nothing-else-broke")?.feedback).toMatch(/no longer blocked/);
  });

  it("needs the reply too: a one-way fix of an asymmetric path is not a fix", () => {
    const l = lab("vxlan-hardening-baseline");
    const start = labStartCluster(l);
    // rp_filter off on node2, route still missing: the ping arrives, its reply takes the default route and is lost.
    const rpOff: Cluster = {
      ...start,
      nodes: start.nodes.map((n) => (n.name !== "node2" ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id === "host" ? { ...ns, rpFilter: 0 as const } : ns)) })),
    };
    expect(points(gradeLab(l, { finalCluster: rpOff, diagnosis: rightDiagnosis(l) }), "fixed")).toBe(0);
  });
});

describe("replayCommands", () => {
  it("starts from the faulted cluster and returns it for an empty log", () => {
    const l = lab("vxlan-after-maintenance");
    const replay = replayCommands(l, []);
    expect(replay.results).toEqual([]);
    expect(replay.finalCluster).toEqual(labStartCluster(l));
  });

  it("refuses a terminal the lab does not offer, leaving the cluster as it was", () => {
    const l = lab("vxlan-after-maintenance");
    const replay = replayCommands(l, [{ target: { node: "node9", netns: "host" }, line: "ip route" }]);
    expect(replay.results[0]?.exitCode).toBe(1);
    expect(replay.finalCluster).toEqual(labStartCluster(l));
  });
});

describe("each lab's intended fix, through the lab shell", () => {
  it.each(withFix.map((l) => [l.slug, l] as const))("%s: earns full marks with the right diagnosis", (_slug, l) => {
    const replay = replayCommands(l, l.fix ?? []);
    replay.results.forEach((r, i) => expect(r.exitCode, `${l.fix?.[i]?.line}: ${r.output}`).toBe(0));
    const grade = gradeLab(l, { finalCluster: replay.finalCluster, diagnosis: rightDiagnosis(l) });
    expect(grade.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.feedback}`)).toEqual([]);
    expect(grade.score).toBe(100);
  });

  it("a fix followed by `ip route del` of another route loses the nothing-else-broke points", () => {
    const l = lab("crosssubnet-new-node");
    const replay = replayCommands(l, [...(l.fix ?? []), { target: { node: "node1", netns: "host" }, line: "ip route del 192.168.0.64/26" }]);
    expect(replay.results.map((r) => r.exitCode)).toEqual([0, 0]);
    const grade = gradeLab(l, { finalCluster: replay.finalCluster, diagnosis: rightDiagnosis(l) });
    expect(points(grade, "fixed")).toBe(LAB_WEIGHTS.fixed);
    expect(points(grade, "nothing-else-broke")).toBe(0);
  });

  it("half a fix is no fix: rp_filter off without the route back, or the ARP entry without its FDB entry", () => {
    const baseline = lab("vxlan-hardening-baseline");
    const rpOff = replayCommands(baseline, [{ target: { node: "node2", netns: "host" }, line: "sysctl -w net.ipv4.conf.all.rp_filter=0" }]);
    expect(rpOff.results[0]?.exitCode).toBe(0);
    expect(points(gradeLab(baseline, { finalCluster: rpOff.finalCluster, diagnosis: rightDiagnosis(baseline) }), "fixed")).toBe(0);

    const reinstalled = lab("vxlan-reinstalled-node");
    const arpOnly = replayCommands(reinstalled, (reinstalled.fix ?? []).slice(0, 1));
    expect(arpOnly.results[0]?.exitCode).toBe(0);
    expect(points(gradeLab(reinstalled, { finalCluster: arpOnly.finalCluster, diagnosis: rightDiagnosis(reinstalled) }), "fixed")).toBe(0);
  });

  it("grades the state, not the commands: other fixes that work earn full marks too", () => {
    const node = (name: string) => ({ node: name, netns: "host" as const });
    const alternatives: Array<[string, Array<{ target: ReturnType<typeof node>; line: string }>]> = [
      // The route back plus loose rp_filter, instead of the route alone.
      ["vxlan-hardening-baseline", [{ target: node("node2"), line: "ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink" }, { target: node("node2"), line: "sysctl -w net.ipv4.conf.all.rp_filter=2" }]],
      // A JSON patch instead of a strategic merge patch, run on the other node.
      ["service-connection-refused", [{ target: node("node2"), line: `kubectl patch svc httpd-app --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'` }]],
      // Delete and add instead of replace.
      ["ipip-ipam-cleanup", [{ target: node("node1"), line: "ip route del 192.168.0.64/26" }, { target: node("node1"), line: "ip route add 192.168.0.64/26 via 30.0.1.47 dev tunl0 onlink" }]],
    ];
    for (const [slug, commands] of alternatives) {
      const l = lab(slug);
      const replay = replayCommands(l, commands);
      replay.results.forEach((r, i) => expect(r.exitCode, `${slug}: ${commands[i]?.line}: ${r.output}`).toBe(0));
      expect(gradeLab(l, { finalCluster: replay.finalCluster, diagnosis: rightDiagnosis(l) }).score, slug).toBe(100);
    }
  });

  it("deleting every NetworkPolicy fixes the ticket but loses the nothing-else-broke points", () => {
    const l = lab("policy-change");
    const replay = replayCommands(l, [
      ...(l.fix ?? []),
      { target: { node: "node1", netns: "host" }, line: "kubectl delete networkpolicy httpd-app-allow-test -n default" },
    ]);
    expect(replay.results.map((r) => r.exitCode)).toEqual([0, 0]);
    const grade = gradeLab(l, { finalCluster: replay.finalCluster, diagnosis: rightDiagnosis(l) });
    expect(points(grade, "fixed")).toBe(LAB_WEIGHTS.fixed);
    expect(points(grade, "nothing-else-broke")).toBe(0);
  });
});
