/**
 * Probes the grader walks on a lab's final cluster: one packet and its answer, classified
 * the way a learner running ping or curl would see it.
 */
import { getScenario, PacketWalkInputError, walkPacket, walkReply, type Cluster, type PacketSpec } from "../packet-walk";

/**
 * `works`: delivered, not refused, and the answer comes back. `refused`: the pod answered
 * with a RST (nothing listens on the port). `denied`: a NetworkPolicy dropped it.
 * `broken`: anything else (a drop on the way there or back, or a probe the cluster can no
 * longer even address).
 */
export type ProbeOutcome = "works" | "refused" | "denied" | "broken";

export function probeOutcome(cluster: Cluster, spec: PacketSpec): ProbeOutcome {
  try {
    const forward = walkPacket(cluster, spec);
    if (!forward.delivered) return forward.drop?.code === "policy-denied" ? "denied" : "broken";
    if (forward.final?.refused !== undefined) return "refused";
    // A ping that arrives but whose reply is lost (an asymmetric route) is still a failure to the sender.
    return walkReply(cluster, forward).delivered ? "works" : "broken";
  } catch (e) {
    // A learner's command can remove what a probe names (a device, a route's only path): that is a broken probe, not a grader crash.
    if (e instanceof PacketWalkInputError) return "broken";
    throw e;
  }
}

/** A probe of the "nothing else broke" set with a label a learner can read. */
export interface RegressionProbe {
  readonly label: string;
  readonly spec: PacketSpec;
  /** What it shows on the healthy scenario. */
  readonly healthy: ProbeOutcome;
}

function describeAddress(cluster: Cluster, address: string): string {
  return cluster.pods.find((p) => p.ip === address)?.name ?? cluster.services.find((s) => s.clusterIp === address)?.name ?? address;
}

/** A short label: "ping httpd-app-…-9w69v → httpd-test-…-nbqsn" or "tcp/80 httpd-test-… → httpd-app (10.96.148.103)". */
export function probeLabel(cluster: Cluster, spec: PacketSpec): string {
  const from = describeAddress(cluster, spec.from);
  const to = describeAddress(cluster, spec.to);
  const target = to === spec.to ? to : `${to} (${spec.to})`;
  const what = spec.protocol && spec.protocol !== "icmp" ? `${spec.protocol}/${spec.port ?? (spec.protocol === "tcp" ? 80 : 53)}` : spec.payloadBytes ? `ping -s ${spec.payloadBytes}` : "ping";
  return `${what} ${from} → ${target}`;
}

/** The fixed probe set, in a stable order: pod to pod, pod to each Service port, node to pod. */
export function regressionSpecs(cluster: Cluster): PacketSpec[] {
  const specs: PacketSpec[] = [];
  for (const from of cluster.pods) for (const to of cluster.pods) if (from.name !== to.name) specs.push({ from: from.ip, to: to.ip });
  for (const from of cluster.pods) {
    for (const svc of cluster.services) for (const port of svc.ports) specs.push({ from: from.ip, to: svc.clusterIp, protocol: port.protocol, port: port.port });
  }
  for (const node of cluster.nodes) if (!node.external) for (const to of cluster.pods) specs.push({ from: node.name, to: to.ip });
  return specs;
}

const baselines = new Map<string, readonly RegressionProbe[]>();

/** The probe set of a scenario with each probe's healthy outcome (memoised: scenarios are immutable). */
export function regressionBaseline(scenario: string): readonly RegressionProbe[] {
  const hit = baselines.get(scenario);
  if (hit) return hit;
  const healthy = getScenario(scenario);
  const probes = regressionSpecs(healthy).map((spec) => ({ label: probeLabel(healthy, spec), spec, healthy: probeOutcome(healthy, spec) }));
  baselines.set(scenario, probes);
  return probes;
}
