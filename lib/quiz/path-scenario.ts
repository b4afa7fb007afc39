import {
  buildCluster,
  describeTopology,
  deviceKey,
  walkPacket,
  type Cluster,
  type CniMode,
  type ClusterSpec,
  type NetworkPolicySpec,
  type ClusterTopology,
  type WalkResult,
} from "../packet-walk";
import { hashString, seededRandom } from "./random";

/**
 * Seeded clusters for path questions. From one seed this derives an equivalent but
 * different cluster (underlay subnet, node addresses, NIC name and MTU, pod network, pod
 * names, and a CNI mode from the question's list) with the packet-walk builders, then walks
 * the packet. The same seed always gives the same cluster and walk, so an attempt stores
 * only its seed and is reviewed and regraded by rebuilding. See docs/decisions/008-path-questions-and-attempt-timing.md.
 */

/** What goes wrong on purpose in a scenario (or nothing: the packet is delivered). */
export type PathSituation = "cross-node" | "same-node" | "mtu-too-big" | "policy-denied" | "host-gw-other-subnet";

export const PATH_SITUATIONS: readonly PathSituation[] = ["cross-node", "same-node", "mtu-too-big", "policy-denied", "host-gw-other-subnet"];

/** A generated cluster, the walk, and the names a prompt needs. */
export interface PathScenario {
  readonly mode: CniMode;
  readonly cluster: Cluster;
  readonly walk: WalkResult;
  readonly source: { readonly pod: string; readonly node: string; readonly ip: string };
  readonly destination: { readonly pod: string; readonly node: string; readonly ip: string };
  /** ICMP echo data bytes (ping -s). */
  readonly payloadBytes: number;
  readonly nic: string;
  readonly underlayMtu: number;
}

/** The modes a situation can be staged in (e.g. policy needs an enforcing plugin). */
export function modesFor(situation: PathSituation): readonly CniMode[] {
  switch (situation) {
    case "policy-denied":
      return ["canal", "calico-ipip", "calico-vxlan", "calico-bgp"];
    case "host-gw-other-subnet":
      return ["flannel-host-gw"];
    default:
      return ["flannel-vxlan", "flannel-udp", "flannel-host-gw", "calico-ipip", "calico-bgp", "calico-vxlan", "canal"];
  }
}

const FLANNEL_NETWORKS = ["10.244.0.0/16", "10.42.0.0/16", "10.32.0.0/16"];
const CALICO_POOLS = ["192.168.0.0/16", "10.48.0.0/16", "10.64.0.0/16"];
const NICS = ["ens3", "eth0", "enp0s8", "ens192"];
const MTUS = [1500, 1450, 9000];
const APPS = ["web", "api", "cart", "auth", "shop", "billing"];
const PEERS = ["db", "cache", "search", "queue", "ledger", "store"];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

function podSuffix(random: () => number): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let s = "";
  for (let i = 0; i < 5; i++) s += alphabet[Math.floor(random() * alphabet.length)];
  return s;
}

/** Distinct host numbers in 10..250 for the nodes of one subnet. */
function hostNumbers(count: number, random: () => number): number[] {
  const out: number[] = [];
  while (out.length < count) {
    const n = 10 + Math.floor(random() * 241);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The per-question seed: one attempt seed gives each question its own cluster. */
export function questionSeed(attemptSeed: number, questionId: string): number {
  return (attemptSeed ^ hashString(`path|${questionId}`)) >>> 0;
}

/**
 * Builds the cluster and walks the packet for `seed`. Pure and deterministic. Throws only
 * if a bank asks for a mode the situation cannot be staged in (the bank schema refuses that).
 */
export function generatePathScenario(seed: number, modes: readonly CniMode[], situation: PathSituation): PathScenario {
  const random = seededRandom(seed);
  const allowed = modes.filter((m) => modesFor(situation).includes(m));
  if (allowed.length === 0) throw new Error(`no mode of [${modes.join(", ")}] can stage "${situation}"`);
  const mode = pick(allowed, random);

  // Underlay: 172.16-31.x.0/24 or 10.100-199.x.0/24, never overlapping the pod networks above.
  const useTen = random() < 0.5;
  const second = useTen ? 100 + Math.floor(random() * 100) : 16 + Math.floor(random() * 16);
  const third = 1 + Math.floor(random() * 250);
  const prefix = `${useTen ? 10 : 172}.${second}`;
  const nic = pick(NICS, random);
  const underlayMtu = pick(MTUS, random);
  const [h1, h2] = hostNumbers(2, random) as [number, number];
  // host-gw across subnets: node 2 sits in the next /24, behind the underlay router.
  const thirdB = situation === "host-gw-other-subnet" ? (third % 250) + 1 : third;
  const nodeNames = pick([["node1", "node2"], ["worker-a", "worker-b"], ["k8s-1", "k8s-2"]], random);
  const [nameA, nameB] = nodeNames as [string, string];
  const nodes = [
    { name: nameA, ip: `${prefix}.${third}.${h1}/24`, nic, mtu: underlayMtu },
    { name: nameB, ip: `${prefix}.${thirdB}.${h2}/24`, nic, mtu: underlayMtu },
  ];

  const app = pick(APPS, random);
  const peer = pick(PEERS, random);
  const srcPod = `${app}-${podSuffix(random)}`;
  const dstPod = `${peer}-${podSuffix(random)}`;
  const dstNode = situation === "same-node" ? nameA : nameB;
  const pods = [
    { name: srcPod, node: nameA, labels: { app } },
    { name: dstPod, node: dstNode, labels: { app: peer } },
  ];
  const policies: NetworkPolicySpec[] =
    situation === "policy-denied"
      ? [{ name: `${peer}-allow-frontend-only`, podSelector: { app: peer }, policyTypes: ["Ingress"], ingress: [{ peers: [{ podSelector: { app: "frontend" } }] }] }]
      : [];
  const spec: ClusterSpec = { name: `generated-${mode}-${seed}`, nodes, pods, networkPolicies: policies };
  const options = mode.startsWith("calico") ? { pool: pick(CALICO_POOLS, random) } : { network: pick(FLANNEL_NETWORKS, random) };
  const cluster = buildCluster(mode, spec, options);

  const srcInfo = cluster.pods.find((p) => p.name === srcPod);
  const dstInfo = cluster.pods.find((p) => p.name === dstPod);
  if (!srcInfo || !dstInfo) throw new Error("generated pods are missing from the cluster");
  // ping -s: 56 by default; too big for the pod MTU when the situation asks for a drop.
  const podMtu = podInterfaceMtu(cluster, srcInfo.node, `pod:${srcPod}`);
  const payloadBytes = situation === "mtu-too-big" ? podMtu - 28 + 1 + Math.floor(random() * 200) : 56;
  const walk = walkPacket(cluster, { from: srcPod, to: dstInfo.ip, payloadBytes, dontFragment: true });
  return {
    mode,
    cluster,
    walk,
    source: { pod: srcPod, node: srcInfo.node, ip: srcInfo.ip },
    destination: { pod: dstPod, node: dstInfo.node, ip: dstInfo.ip },
    payloadBytes,
    nic,
    underlayMtu,
  };
}

function podInterfaceMtu(cluster: Cluster, node: string, netns: string): number {
  const ns = cluster.nodes.find((n) => n.name === node)?.namespaces.find((n) => n.id === netns);
  return ns?.devices.find((d) => d.name === "eth0")?.mtu ?? 1500;
}

/**
 * The devices a packet crosses, in the order it first reaches each. A walk revisits a
 * device while it decides (Calico's route lookup names tunl0, then policy runs on the cali
 * veth it arrived on); a learner names each device once.
 */
export function devicePath(walk: WalkResult): string[] {
  const out: string[] = [];
  for (const hop of walk.hops) {
    const key = deviceKey(hop.location);
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

/** Devices grouped as a diagram draws them: node, then namespace, then device. */
export interface PathDiagram {
  readonly nodes: readonly {
    readonly name: string;
    readonly label: string;
    readonly namespaces: readonly {
      readonly label: string;
      readonly devices: readonly {
        readonly key: string;
        readonly name: string;
        readonly kind: string;
        readonly mtu: number | null;
        readonly addresses: readonly string[];
      }[];
    }[];
  }[];
}

/**
 * What a diagram shows of the cluster. It carries every device with its addresses (the
 * learner needs them to reason) but nothing of the walk, so it gives no answer away.
 */
export function diagramOf(cluster: Cluster): PathDiagram {
  const topology = describeTopology(cluster);
  const devicesById = new Map(topology.devices.map((d) => [d.id, d]));
  return {
    nodes: topology.nodes.map((node) => ({
      name: node.name,
      label: node.kind === "router" ? `${node.name} (underlay router)` : `${node.name}${node.ip ? ` (${node.ip})` : ""}`,
      namespaces: topology.namespaces
        .filter((ns) => node.namespaceIds.includes(ns.id))
        .map((ns) => ({
          label: ns.kind === "host" ? (node.kind === "router" ? "router" : "root namespace") : ns.label,
          devices: ns.deviceIds.flatMap((id) => {
            const d = devicesById.get(id);
            // Loopbacks carry no pod traffic here; leaving them out keeps the diagram readable.
            return d && d.kind !== "loopback" ? [{ key: d.id, name: d.name, kind: d.kind, mtu: d.mtu, addresses: d.addresses }] : [];
          }),
        })),
    })),
  };
}

/**
 * The cluster as the shared SVG diagram draws it, safe to send before submission: the
 * walk is not in it, the cluster name (which carries the seed) is neutral, and the VXLAN
 * `dstport` detail is left out because one path question asks for the outer UDP port.
 */
export function publicTopologyOf(cluster: Cluster): ClusterTopology {
  const topology = describeTopology(cluster);
  return {
    ...topology,
    cluster: { name: "generated cluster", mode: topology.cluster.mode, description: "" },
    devices: topology.devices.map((d) => (d.kind === "vxlan" ? { ...d, details: d.details.filter((x) => !x.startsWith("dstport")) } : d)),
  };
}

/** Every device key of a diagram (valid answers to "click a device"). */
export function diagramDeviceKeys(diagram: PathDiagram): Set<string> {
  return new Set(diagram.nodes.flatMap((n) => n.namespaces.flatMap((ns) => ns.devices.map((d) => d.key))));
}

/** `node1 ens3`, `pod web-x eth0`: how a device key reads in feedback. */
export function describeDeviceKey(key: string): string {
  const [node, netns, device] = key.split("/");
  if (!netns || !device) return key;
  return netns === "host" ? `${node} ${device}` : `${netns.replace(/^pod:/, "pod ")} ${device}`;
}
