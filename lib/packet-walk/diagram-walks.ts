/**
 * What the interactive diagram offers around a walk: the source and
 * destination pickers, carrying a flow over to another scenario when the
 * learner switches modes, the per-mode comparison (hops, overhead, MTU) and
 * plain-word names for hop actions. Pure: the browser and tests share it.
 */
import type { Cluster, CniMode } from "./model";
import { encapsulationOverhead, type EncapsulationOverhead } from "./overhead";
import { getScenario } from "./scenarios";
import { walkPacket, type DropCode, type HopAction, type TableEntry, type PacketSpec, type WalkProtocol, type WalkResult } from "./walk";

/** One choice in a source or destination picker. */
export interface WalkEndpoint {
  /** Stable id within the cluster (`pod:<name>`, `node:<name>`, `external:<name>`, `service:<ns>/<name>:<port>`, `nodeport:<node>:<port>`). */
  readonly id: string;
  readonly kind: "pod" | "node" | "external" | "service" | "nodeport";
  readonly label: string;
  /** What goes into {@link PacketSpec.to} / `from`. */
  readonly address: string;
  /** Set for Service and NodePort destinations: the protocol and port to send to. */
  readonly protocol?: WalkProtocol;
  readonly port?: number;
}

/** Pods, nodes and hosts outside the cluster: anything that can send. */
export function sourceEndpoints(cluster: Cluster): readonly WalkEndpoint[] {
  return [...podAndNodeEndpoints(cluster), ...outsideHostEndpoints(cluster)];
}

function podAndNodeEndpoints(cluster: Cluster): readonly WalkEndpoint[] {
  return [
    ...cluster.pods.map((p) => ({ id: `pod:${p.name}`, kind: "pod" as const, label: `pod ${p.name} (${p.ip}, ${p.node})`, address: p.ip })),
    ...kubernetesNodes(cluster).map((n) => ({ id: `node:${n.name}`, kind: "node" as const, label: `node ${n.name} (${n.ip})`, address: n.ip })),
  ];
}

function outsideHostEndpoints(cluster: Cluster): readonly WalkEndpoint[] {
  return cluster.nodes
    .filter((n) => n.external)
    .map((n) => ({ id: `external:${n.name}`, kind: "external" as const, label: `${n.name} outside the cluster (${n.ip})`, address: n.ip }));
}

const kubernetesNodes = (cluster: Cluster) => cluster.nodes.filter((n) => !n.external);

/**
 * Pods, nodes, every Service ClusterIP:port and every NodePort on every node. Outside hosts
 * are sources only: a pod's traffic to them would need outgoing NAT, which is not modelled.
 */
export function destinationEndpoints(cluster: Cluster): readonly WalkEndpoint[] {
  const services = cluster.services.flatMap((s) =>
    s.ports.map((p) => ({
      id: `service:${s.namespace}/${s.name}:${p.port}`,
      kind: "service" as const,
      label: `Service ${s.name} ClusterIP ${s.clusterIp}:${p.port}/${p.protocol}`,
      address: s.clusterIp,
      protocol: p.protocol,
      port: p.port,
    })),
  );
  const nodePorts = cluster.services.flatMap((s) =>
    s.ports.flatMap((p) =>
      p.nodePort === undefined
        ? []
        : kubernetesNodes(cluster).map((n) => ({
            id: `nodeport:${n.name}:${p.nodePort}`,
            kind: "nodeport" as const,
            label: `NodePort ${n.ip}:${p.nodePort}/${p.protocol} (Service ${s.name})`,
            address: n.ip,
            protocol: p.protocol,
            port: p.nodePort,
          })),
    ),
  );
  return [...podAndNodeEndpoints(cluster), ...services, ...nodePorts];
}

/**
 * The picker entry a walk's `from`/`to` (pod name or IP, node name or IP,
 * ClusterIP) stands for, or undefined when it names nothing in the cluster.
 * A node IP with a Service nodePort as `port` is that NodePort.
 */
export function findEndpoint(endpoints: readonly WalkEndpoint[], cluster: Cluster, address: string, port?: number): WalkEndpoint | undefined {
  const pod = cluster.pods.find((p) => p.name === address || p.ip === address);
  if (pod) return endpoints.find((e) => e.id === `pod:${pod.name}`);
  const node = cluster.nodes.find((n) => n.name === address || n.ip === address);
  if (node) {
    return endpoints.find((e) => e.id === `nodeport:${node.name}:${port}`) ?? endpoints.find((e) => e.id === `node:${node.name}` || e.id === `external:${node.name}`);
  }
  return endpoints.find((e) => e.kind === "service" && e.address === address && (port === undefined || e.port === port)) ?? endpoints.find((e) => e.address === address);
}

/**
 * Carries an address over to another cluster by what it names: the pod, node
 * or Service of the same name (mode scenarios share pods and nodes but not
 * pod IPs: Calico's pool is 192.168.0.0/16, flannel's 10.244.0.0/16). An IP
 * stays an IP, a name stays a name; anything unknown is returned unchanged.
 */
export function translateAddress(from: Cluster, to: Cluster, address: string): string {
  const pod = from.pods.find((p) => p.name === address || p.ip === address);
  if (pod) {
    const twin = to.pods.find((p) => p.name === pod.name);
    if (twin) return address === pod.name ? twin.name : twin.ip;
  }
  const node = from.nodes.find((n) => n.name === address || n.ip === address);
  if (node) {
    const twin = to.nodes.find((n) => n.name === node.name);
    if (twin) return address === node.name ? twin.name : twin.ip;
  }
  const service = from.services.find((s) => s.clusterIp === address);
  if (service) {
    const twin = to.services.find((s) => s.name === service.name && s.namespace === service.namespace);
    if (twin) return twin.clusterIp;
  }
  return address;
}

/** {@link translateAddress} for both ends of a packet. */
export function translateSpec(from: Cluster, to: Cluster, spec: PacketSpec): PacketSpec {
  return { ...spec, from: translateAddress(from, to, spec.from), to: translateAddress(from, to, spec.to) };
}

/** One row of the mode comparison. */
export interface ModeComparison {
  readonly scenario: string;
  readonly mode: CniMode;
  readonly spec: PacketSpec;
  /** The walk, or the reason it could not be walked (an address the scenario lacks). */
  readonly walk?: WalkResult;
  readonly error?: string;
  readonly hopCount: number;
  readonly delivered: boolean;
  /** Overhead and pod MTU for the source node's NIC MTU (seed: 1450). */
  readonly overhead: EncapsulationOverhead;
  /** Largest frame seen on a physical NIC during the walk (bytes on the wire), if the packet left a node. */
  readonly largestUnderlayFrame?: number;
}

function nicMtu(cluster: Cluster, nodeName: string): number {
  const node = cluster.nodes.find((n) => n.name === nodeName) ?? cluster.nodes[0];
  const nic = node?.namespaces.find((ns) => ns.id === "host")?.devices.find((d) => d.kind === "physical");
  return nic?.mtu ?? 1500;
}

/**
 * Walks the same flow (carried over by {@link translateSpec}) in each scenario
 * and returns hop count, overhead and MTU per mode, computed by the engine.
 */
export function compareWalkModes(baseScenario: string, spec: PacketSpec, scenarios: readonly string[]): readonly ModeComparison[] {
  const base = getScenario(baseScenario);
  return scenarios.map((name) => {
    const cluster = getScenario(name);
    const translated = translateSpec(base, cluster, spec);
    const sourceNode = cluster.pods.find((p) => p.ip === translated.from || p.name === translated.from)?.node ?? cluster.nodes.find((n) => n.ip === translated.from || n.name === translated.from)?.name ?? "";
    const overhead = encapsulationOverhead(cluster.mode, nicMtu(cluster, sourceNode));
    try {
      const walk = walkPacket(cluster, translated);
      const frames = walk.hops.filter((h) => h.wire === "tx" && cluster.nodes.some((n) => n.name === h.location.node && n.namespaces.some((ns) => ns.id === h.location.netns && ns.devices.some((d) => d.name === h.location.device && d.kind === "physical"))));
      const largest = frames.length > 0 ? Math.max(...frames.map((h) => h.size.wireBytes)) : undefined;
      return { scenario: name, mode: cluster.mode, spec: translated, walk, hopCount: walk.hops.length, delivered: walk.delivered, overhead, ...(largest !== undefined ? { largestUnderlayFrame: largest } : {}) };
    } catch (e) {
      return { scenario: name, mode: cluster.mode, spec: translated, error: e instanceof Error ? e.message : String(e), hopCount: 0, delivered: false, overhead };
    }
  });
}

/** Plain words for each hop action (the hop list's first words). */
export const HOP_ACTION_LABELS: Readonly<Record<HopAction, string>> = {
  "route-lookup": "Route lookup",
  "arp-lookup": "Neighbour (ARP) lookup",
  "fdb-lookup": "FDB lookup",
  send: "Transmit",
  receive: "Receive",
  "bridge-forward": "Bridge",
  encapsulate: "Encapsulate",
  decapsulate: "Decapsulate",
  "to-userspace": "To userspace",
  dnat: "DNAT",
  snat: "SNAT (masquerade)",
  "un-dnat": "Undo DNAT",
  "un-snat": "Undo SNAT",
  policy: "Policy check",
  note: "Note",
  deliver: "Delivered",
  drop: "Dropped",
};

/**
 * A drop in a few words, for the one-line summary above a drawing; the whole reason (often
 * 50–80 words) is the drop hop's explanation, next to the drawing, not a wall above it.
 */
export const DROP_CODE_LABELS: Readonly<Record<DropCode, string>> = {
  "no-route": "no route to the destination",
  blackhole: "a blackhole route",
  "next-hop-not-on-link": "the next hop is not on a connected subnet",
  "underlay-no-route": "the underlay has no route to the pod network",
  "mtu-exceeded": "too big for the MTU, and DF is set",
  "policy-denied": "denied by a network policy",
  "no-endpoints": "the Service has no ready endpoints",
  "ttl-expired": "the TTL ran out",
  "neighbour-unresolved": "no ARP answer for the next hop",
  "no-fdb-entry": "no FDB entry for the VTEP",
  "vni-mismatch": "the VXLAN VNI does not match",
  "not-forwarding": "IP forwarding is off",
  "not-for-this-host": "not addressed to this host",
  "device-down": "the device is down",
  loop: "a forwarding loop",
  "rp-filter": "the reverse-path filter (rp_filter) rejected the source",
  "underlay-filtered": "a firewall on the physical network blocks it",
  "port-unreachable": "no socket listens on that tunnel port",
  "frame-too-big": "the receiving NIC's MTU is smaller than the frame",
};

/** "dropped at hop 9 on node1 `ens3`: the next hop is not on a connected subnet". */
export function dropSummary(walk: WalkResult): string {
  const at = walk.hops.findIndex((h) => h.action === "drop");
  const hop = at >= 0 ? walk.hops[at]! : walk.hops[walk.hops.length - 1]!;
  const label = walk.drop ? DROP_CODE_LABELS[walk.drop.code] : "dropped";
  return `dropped at hop ${(at >= 0 ? at : walk.hops.length - 1) + 1} on ${hop.location.node} \`${hop.location.device}\`: ${label}`;
}

/** Which table decided a hop, in the words of the tool that prints it ("Decided by the routing table:"). */
export const TABLE_ENTRY_LABELS: Readonly<Record<TableEntry["kind"], string>> = {
  route: "the routing table (ip route)",
  "local-address": "a local address (ip route show table local)",
  neighbour: "the neighbour table (ip neigh)",
  fdb: "the forwarding database (bridge fdb)",
  "vxlan-device": "the VXLAN device (ip -d link)",
  "ipip-device": "the IP-in-IP device (ip -d link)",
  "flannel-lease": "flanneld's subnet lease",
  iptables: "iptables rules (iptables-save)",
  conntrack: "the connection tracking table (conntrack -L)",
  policy: "a network policy",
  "router-route": "the underlay router's routing table",
};
