/**
 * Troubleshooting faults: named, composable breakages applied to a generated cluster.
 *
 * A {@link Fault} is plain JSON data (`{ kind: "stale-fdb", node: "node2" }`) so a lab can
 * store it, send it to the browser and grade against it. {@link applyFaults} returns a new
 * {@link Cluster} (the input is never mutated), {@link faultSymptom} names a probe the fault
 * breaks and what the walk then shows, and {@link randomFault} picks one deterministically
 * from a number or string, among the kinds that make sense for the cluster's dataplane.
 */
import { addressInCidr, cidrContains, isMac, networkOf, PacketWalkInputError, parseAddressWithPrefix, type Cidr, type IfName, type Ipv4, type Mac } from "./addresses";
import { deterministicMac } from "./builders";
import { indexCluster, lookupRoute } from "./cluster-index";
import { fnv1a32, seededRandom } from "./hash";
import type { Cluster, ClusterNode, Device, Netns, NetworkPolicy, PodInfo, Route, Service, UnderlayFilter } from "./model";
import { labelsMatch } from "./policy";
import { walkPacket, type DropCode, type PacketSpec } from "./walk";

/** Every fault kind, in the order a lesson would introduce them. */
export const FAULT_KINDS = [
  "stale-fdb",
  "missing-route",
  "blackhole-route",
  "missing-arp",
  "wrong-arp",
  "wrong-vni",
  "wrong-dstport",
  "mtu-mismatch",
  "ip-forward-off",
  "rp-filter",
  "underlay-firewall",
  "no-endpoints",
  "wrong-target-port",
  "default-deny",
  "flanneld-down",
  "host-gw-cross-subnet",
] as const;

/** A fault kind. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * One fault. `node` is the node whose state is wrong; `peer` the other node the broken entry
 * is about (its pod subnet or its VTEP).
 */
export type Fault =
  /** `node`'s VTEP MAC changed (flanneld re-created flannel.1); the other nodes' ARP and FDB entries still name the old MAC. */
  | { readonly kind: "stale-fdb"; readonly node: string; readonly mac?: string }
  /** `node` lost its route to `peer`'s pod subnet. */
  | { readonly kind: "missing-route"; readonly node: string; readonly peer: string }
  /** `node`'s route to `peer`'s pod subnet became `blackhole`. */
  | { readonly kind: "blackhole-route"; readonly node: string; readonly peer: string }
  /** `node` lost the PERMANENT ARP entry for `peer`'s VTEP address. */
  | { readonly kind: "missing-arp"; readonly node: string; readonly peer: string }
  /** `node`'s ARP entry for `peer`'s VTEP address has a MAC no FDB entry knows. */
  | { readonly kind: "wrong-arp"; readonly node: string; readonly peer: string; readonly mac?: string }
  /** `node`'s VXLAN device uses another VNI than the rest of the cluster. */
  | { readonly kind: "wrong-vni"; readonly node: string; readonly vni: number }
  /** `node`'s VXLAN device uses another UDP port than the rest of the cluster. */
  | { readonly kind: "wrong-dstport"; readonly node: string; readonly port: number }
  /** `node`'s NIC MTU is smaller than the other nodes': their full-size frames are discarded on arrival. */
  | { readonly kind: "mtu-mismatch"; readonly node: string; readonly mtu: number }
  /** `net.ipv4.ip_forward=0` on `node`. */
  | { readonly kind: "ip-forward-off"; readonly node: string }
  /** Strict rp_filter on `node`, whose route back to `peer`'s pods is gone (replies would take the default route: an asymmetric path). */
  | { readonly kind: "rp-filter"; readonly node: string; readonly peer: string }
  /** A firewall on the underlay (every segment, or `segment`) drops the overlay's UDP port or IP protocol 4. */
  | { readonly kind: "underlay-firewall"; readonly protocol: "udp" | "ipip"; readonly dport?: number; readonly segment?: string }
  /** The Service (`name` or `namespace/name`) has no ready endpoints. */
  | { readonly kind: "no-endpoints"; readonly service: string }
  /** The Service's first port sends to `targetPort`, where its pods do not listen. */
  | { readonly kind: "wrong-target-port"; readonly service: string; readonly targetPort: number }
  /** A default-deny ingress NetworkPolicy in `namespace` (enforced by Calico and Canal). */
  | { readonly kind: "default-deny"; readonly namespace: string }
  /** flanneld (UDP backend) is not running on `node`: its TUN device and routes are gone, nothing listens on 8285. */
  | { readonly kind: "flanneld-down"; readonly node: string }
  /** flannel host-gw: `node` moved to another underlay subnet (`ip` with prefix, e.g. `30.0.2.47/24`); the kernel refuses the routes via it. */
  | { readonly kind: "host-gw-cross-subnet"; readonly node: string; readonly ip: string };

/** What the symptom probe shows on the faulted cluster. */
export type FaultExpectation =
  /** The probe dies with this drop code. */
  | { readonly delivered: false; readonly dropCode: DropCode }
  /** The probe reaches the pod, but no socket listens on its port: the connection is refused. */
  | { readonly delivered: true; readonly refused: true };

/** A probe the fault breaks, and one it leaves alone. */
export interface FaultSymptom {
  /** Delivered on the healthy cluster; shows {@link FaultSymptom.expect} with the fault applied. */
  readonly probe: PacketSpec;
  readonly expect: FaultExpectation;
  /** Still delivered with the fault applied ("nothing else broke"): e.g. same-node traffic, or a small ping. */
  readonly unaffected: PacketSpec;
  /** One sentence for the learner: what is wrong, in the words of the symptom. */
  readonly summary: string;
}

// ---------------------------------------------------------------------------
// Lookups and validation.

type Path = string;

function fail(message: string, path: Path): never {
  throw new PacketWalkInputError(message, path);
}

function clusterNodes(cluster: Cluster): readonly ClusterNode[] {
  return cluster.nodes.filter((n) => !n.external);
}

function nodeNamed(cluster: Cluster, name: unknown, path: Path): ClusterNode {
  if (typeof name !== "string") fail("give a node name", path);
  const node = clusterNodes(cluster).find((n) => n.name === name);
  if (!node) fail(`no cluster node "${name}" (nodes: ${clusterNodes(cluster).map((n) => n.name).join(", ")})`, path);
  return node;
}

function hostOf(node: ClusterNode): Netns {
  const host = node.namespaces.find((ns) => ns.id === "host");
  if (!host) throw new PacketWalkInputError(`${node.name} has no root namespace`, "nodes");
  return host;
}

function vxlanOf(node: ClusterNode, path: Path): Device & { kind: "vxlan" } {
  const d = hostOf(node).devices.find((x): x is Device & { kind: "vxlan" } => x.kind === "vxlan");
  if (!d) fail(`${node.name} has no VXLAN device (this fault needs a VXLAN dataplane)`, path);
  return d;
}

function peerNamed(cluster: Cluster, node: ClusterNode, peer: unknown, path: Path): ClusterNode {
  const p = nodeNamed(cluster, peer, path);
  if (p.name === node.name) fail(`the peer must be another node than ${node.name}`, path);
  if (!p.podCidr) fail(`${p.name} has no pod subnet`, path);
  return p;
}

function podRouteIndex(node: ClusterNode, peer: ClusterNode, path: Path): number {
  const i = hostOf(node).routes.findIndex((r) => r.dst === peer.podCidr);
  if (i < 0) fail(`${node.name} has no route to ${peer.name}'s pod subnet ${peer.podCidr ?? "?"} (this dataplane has no per-node route)`, path);
  return i;
}

/** The neighbour entry `node` holds for `peer`'s VTEP (its VXLAN device's address). */
function vtepNeighbourIndex(node: ClusterNode, peer: ClusterNode, path: Path): number {
  const dev = vxlanOf(node, path);
  const peerVtep = vxlanOf(peer, path);
  const ips = new Set<string>(peerVtep.addresses.map((a) => a.ip));
  const i = hostOf(node).neighbours.findIndex((n) => n.dev === dev.name && ips.has(n.ip));
  if (i < 0) fail(`${node.name} has no ARP entry for ${peer.name}'s VTEP on ${dev.name}`, path);
  return i;
}

function serviceNamed(cluster: Cluster, name: unknown, path: Path): Service {
  if (typeof name !== "string") fail("give a Service name (name or namespace/name)", path);
  const svc = cluster.services.find((s) => s.name === name || `${s.namespace}/${s.name}` === name);
  if (!svc) fail(`no Service "${name}" (Services: ${cluster.services.map((s) => `${s.namespace}/${s.name}`).join(", ") || "none"})`, path);
  return svc;
}

function integer(value: unknown, min: number, max: number, what: string, path: Path): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) fail(`${String(value)} is not ${what} (${min}-${max})`, path);
  return value;
}

function optionalMac(value: unknown, path: Path): Mac | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !isMac(value)) fail(`${String(value)} is not a MAC address`, path);
  return value;
}

/**
 * Checks a fault against the cluster; throws {@link PacketWalkInputError} naming the field
 * (`faults[1].node`) when a node, device, Service or value does not fit.
 */
export function validateFault(cluster: Cluster, fault: Fault, path: Path = "fault"): void {
  const f = fault as Fault & Record<string, unknown>;
  if (typeof f !== "object" || f === null) fail("a fault is an object with a kind", path);
  switch (f.kind) {
    case "stale-fdb": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      const dev = vxlanOf(node, `${path}.node`);
      const mac = optionalMac(f.mac, `${path}.mac`);
      if (mac === dev.mac) fail(`${mac} is ${node.name}'s current VTEP MAC: give a new one`, `${path}.mac`);
      if (clusterNodes(cluster).length < 2) fail("needs a second node whose entries go stale", `${path}.node`);
      return;
    }
    case "missing-route":
    case "blackhole-route":
    case "rp-filter": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      const peer = peerNamed(cluster, node, f.peer, `${path}.peer`);
      const route = hostOf(node).routes[podRouteIndex(node, peer, `${path}.peer`)];
      if (f.kind === "rp-filter") {
        // Only a tunnel makes the path asymmetric once the route is gone: replies would leave by the NIC, packets arrive on the tunnel.
        const dev = hostOf(node).devices.find((d) => d.name === route?.dev);
        if (dev?.kind !== "vxlan" && dev?.kind !== "ipip") {
          fail(`${node.name} reaches ${peer.name}'s pods by ${route?.dev ?? "?"}, as its default route does: without a tunnel rp_filter sees no asymmetric path`, `${path}.peer`);
        }
      }
      return;
    }
    case "missing-arp":
    case "wrong-arp": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      const peer = peerNamed(cluster, node, f.peer, `${path}.peer`);
      vtepNeighbourIndex(node, peer, `${path}.peer`);
      if (f.kind === "wrong-arp") optionalMac(f.mac, `${path}.mac`);
      return;
    }
    case "wrong-vni": {
      const dev = vxlanOf(nodeNamed(cluster, f.node, `${path}.node`), `${path}.node`);
      const vni = integer(f.vni, 0, 0xffffff, "a VNI", `${path}.vni`);
      if (vni === dev.vni) fail(`VNI ${vni} is what the cluster uses: give another one`, `${path}.vni`);
      return;
    }
    case "wrong-dstport": {
      const dev = vxlanOf(nodeNamed(cluster, f.node, `${path}.node`), `${path}.node`);
      const port = integer(f.port, 1, 65535, "a UDP port", `${path}.port`);
      if (port === dev.dstPort) fail(`port ${port} is what the cluster uses: give another one`, `${path}.port`);
      return;
    }
    case "mtu-mismatch": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      if (!hostOf(node).devices.some((d) => d.kind === "physical")) fail(`${node.name} has no NIC`, `${path}.node`);
      integer(f.mtu, 68, 65535, "an MTU", `${path}.mtu`);
      return;
    }
    case "ip-forward-off":
      nodeNamed(cluster, f.node, `${path}.node`);
      return;
    case "underlay-firewall": {
      if (f.protocol !== "udp" && f.protocol !== "ipip") fail(`"${String(f.protocol)}" is not udp or ipip`, `${path}.protocol`);
      if (f.protocol === "udp" && f.dport !== undefined) integer(f.dport, 1, 65535, "a UDP port", `${path}.dport`);
      if (f.protocol === "ipip" && f.dport !== undefined) fail("IP-in-IP has no ports", `${path}.dport`);
      if (f.segment !== undefined && !cluster.underlay.segments.some((s) => s.name === f.segment)) {
        fail(`no underlay segment "${String(f.segment)}" (segments: ${cluster.underlay.segments.map((s) => s.name).join(", ")})`, `${path}.segment`);
      }
      return;
    }
    case "no-endpoints":
      serviceNamed(cluster, f.service, `${path}.service`);
      return;
    case "wrong-target-port": {
      const svc = serviceNamed(cluster, f.service, `${path}.service`);
      const port = integer(f.targetPort, 1, 65535, "a port", `${path}.targetPort`);
      if (!svc.ports[0]) fail(`Service ${svc.name} has no ports`, `${path}.service`);
      if (svc.ports[0].targetPort === port) fail(`${port} is the Service's targetPort already`, `${path}.targetPort`);
      if (!svc.endpoints.length) fail(`Service ${svc.name} has no endpoints to miss`, `${path}.service`);
      return;
    }
    case "default-deny":
      if (typeof f.namespace !== "string" || !cluster.pods.some((p) => p.namespace === f.namespace)) {
        fail(`no pods in Kubernetes namespace "${String(f.namespace)}"`, `${path}.namespace`);
      }
      return;
    case "flanneld-down": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      if (!hostOf(node).userspace.some((u) => u.kind === "flanneld-udp")) fail(`${node.name} runs no flanneld UDP backend`, `${path}.node`);
      return;
    }
    case "host-gw-cross-subnet": {
      const node = nodeNamed(cluster, f.node, `${path}.node`);
      if (cluster.mode !== "flannel-host-gw") fail(`only flannel host-gw routes via the peer's own address (this cluster is ${cluster.mode})`, `${path}.node`);
      const parsed = typeof f.ip === "string" ? parseAddressWithPrefix(f.ip) : undefined;
      if (!parsed) fail(`${String(f.ip)} is not an address with a prefix (30.0.2.47/24)`, `${path}.ip`);
      const nic = hostOf(node).devices.find(isPhysical);
      if (!nic) fail(`${node.name} has no NIC`, `${path}.node`);
      if (nic.addresses.some((a) => cidrContains(networkOf(a.ip, a.prefixLen), parsed.ip))) fail(`${parsed.ip} is on ${node.name}'s current subnet: give one on another subnet`, `${path}.ip`);
      if (cluster.nodes.some((n) => n.ip === parsed.ip)) fail(`${parsed.ip} belongs to another node`, `${path}.ip`);
      if (!cluster.underlay.router) fail("the underlay has no router to join the new subnet", `${path}.ip`);
      return;
    }
    default:
      fail(`unknown fault kind "${String((f as { kind?: unknown }).kind)}" (kinds: ${FAULT_KINDS.join(", ")})`, `${path}.kind`);
  }
}

// ---------------------------------------------------------------------------
// Applying faults: copy-on-write of the touched node/namespace only.

function withHost(cluster: Cluster, nodeName: string, change: (host: Netns) => Netns): Cluster {
  return {
    ...cluster,
    nodes: cluster.nodes.map((n) => (n.name !== nodeName ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id === "host" ? change(ns) : ns)) })),
  };
}

function replaceAt<T>(list: readonly T[], i: number, value: T | undefined): T[] {
  const out = [...list];
  if (value === undefined) out.splice(i, 1);
  else out[i] = value;
  return out;
}

function mapDevice<D extends Device>(host: Netns, pick: (d: Device) => d is D, change: (d: D) => D): Netns {
  return { ...host, devices: host.devices.map((d) => (pick(d) ? change(d) : d)) };
}

const isVxlan = (d: Device): d is Device & { kind: "vxlan" } => d.kind === "vxlan";
const isPhysical = (d: Device): d is Device & { kind: "physical" } => d.kind === "physical";

function applyOne(cluster: Cluster, fault: Fault): Cluster {
  switch (fault.kind) {
    case "stale-fdb": {
      const mac = (fault.mac as Mac | undefined) ?? deterministicMac(`${cluster.name}|${fault.node}|new-vtep`);
      return withHost(cluster, fault.node, (h) => mapDevice(h, isVxlan, (d) => ({ ...d, mac })));
    }
    case "missing-route":
    case "blackhole-route": {
      const node = nodeNamed(cluster, fault.node, "node");
      const peer = peerNamed(cluster, node, fault.peer, "peer");
      const i = podRouteIndex(node, peer, "peer");
      const blackhole: Route = { dst: peer.podCidr as Cidr, type: "blackhole" };
      return withHost(cluster, fault.node, (h) => ({ ...h, routes: replaceAt(h.routes, i, fault.kind === "blackhole-route" ? blackhole : undefined) }));
    }
    case "rp-filter": {
      const node = nodeNamed(cluster, fault.node, "node");
      const i = podRouteIndex(node, peerNamed(cluster, node, fault.peer, "peer"), "peer");
      return withHost(cluster, fault.node, (h) => ({ ...h, rpFilter: 1, routes: replaceAt(h.routes, i, undefined) }));
    }
    case "missing-arp":
    case "wrong-arp": {
      const node = nodeNamed(cluster, fault.node, "node");
      const i = vtepNeighbourIndex(node, peerNamed(cluster, node, fault.peer, "peer"), "peer");
      return withHost(cluster, fault.node, (h) => {
        const entry = h.neighbours[i];
        const mac = (fault.kind === "wrong-arp" ? (fault.mac as Mac | undefined) : undefined) ?? deterministicMac(`${cluster.name}|${fault.node}|${fault.peer}|wrong-arp`);
        return { ...h, neighbours: replaceAt(h.neighbours, i, fault.kind === "missing-arp" || !entry ? undefined : { ...entry, mac }) };
      });
    }
    case "wrong-vni":
      return withHost(cluster, fault.node, (h) => mapDevice(h, isVxlan, (d) => ({ ...d, vni: fault.vni })));
    case "wrong-dstport":
      return withHost(cluster, fault.node, (h) => mapDevice(h, isVxlan, (d) => ({ ...d, dstPort: fault.port })));
    case "mtu-mismatch":
      return withHost(cluster, fault.node, (h) => mapDevice(h, isPhysical, (d) => ({ ...d, mtu: fault.mtu })));
    case "ip-forward-off":
      return withHost(cluster, fault.node, (h) => ({ ...h, ipForward: false }));
    case "underlay-firewall": {
      const segments = fault.segment ? [fault.segment] : cluster.underlay.segments.map((s) => s.name);
      const added: UnderlayFilter[] = segments.map((segment) => ({ segment, protocol: fault.protocol, ...(fault.dport !== undefined ? { dport: fault.dport } : {}) }));
      return { ...cluster, underlay: { ...cluster.underlay, filters: [...(cluster.underlay.filters ?? []), ...added] } };
    }
    case "no-endpoints": {
      const svc = serviceNamed(cluster, fault.service, "service");
      return { ...cluster, services: cluster.services.map((s) => (s === svc ? { ...s, endpoints: [] } : s)) };
    }
    case "wrong-target-port": {
      const svc = serviceNamed(cluster, fault.service, "service");
      const first = svc.ports[0];
      if (!first) return cluster;
      // The pods keep listening where the container really listens: the Service's old targetPort.
      const endpointPods = new Set(svc.endpoints.map((e) => e.pod));
      const pods = cluster.pods.map((p): PodInfo =>
        endpointPods.has(p.name) && !p.listening ? { ...p, listening: svc.ports.map((sp) => ({ protocol: sp.protocol, port: sp.targetPort })) } : p,
      );
      const services = cluster.services.map((s) => (s === svc ? { ...s, ports: [{ ...first, targetPort: fault.targetPort }, ...s.ports.slice(1)] } : s));
      return { ...cluster, pods, services };
    }
    case "default-deny": {
      const policy: NetworkPolicy = { name: "default-deny-ingress", namespace: fault.namespace, podSelector: {}, policyTypes: ["Ingress"], ingress: [], egress: [] };
      return { ...cluster, networkPolicies: [...cluster.networkPolicies, policy] };
    }
    case "flanneld-down":
      // flanneld opens flannel0 without TUNSETPERSIST: when it exits the kernel deletes the device, and its routes with it.
      return withHost(cluster, fault.node, (h) => {
        const tuns = new Set<string>(h.userspace.map((u) => u.tun));
        return {
          ...h,
          userspace: h.userspace.filter((u) => u.kind !== "flanneld-udp"),
          devices: h.devices.filter((d) => !(d.kind === "tun" && tuns.has(d.name))),
          routes: h.routes.filter((r) => !r.dev || !tuns.has(r.dev)),
        };
      });
    case "host-gw-cross-subnet":
      return moveToSubnet(cluster, fault.node, fault.ip);
  }
}

/**
 * Moves a host-gw node to another underlay subnet, as if it had been built there: new NIC
 * address and segment, its connected/default/metadata routes follow, the router gains an
 * interface (`.1`) on the new segment, and every `<pod subnet> via <node IP>` route whose
 * gateway is no longer on-link becomes a route flanneld tried and the kernel refused.
 */
function moveToSubnet(cluster: Cluster, nodeName: string, address: string): Cluster {
  const parsed = parseAddressWithPrefix(address);
  const moved = clusterNodes(cluster).find((n) => n.name === nodeName);
  const nic = moved ? hostOf(moved).devices.find(isPhysical) : undefined;
  const oldAddr = nic?.addresses[0];
  if (!parsed || !moved || !nic || !oldAddr) return cluster;
  const subnet = networkOf(parsed.ip, parsed.prefixLen);
  const oldSubnet = networkOf(oldAddr.ip, oldAddr.prefixLen);
  const router = cluster.underlay.router;
  const oldGateway = router?.interfaces.find((i) => i.segment === nic.segment)?.ip;
  const hasIface = router?.interfaces.some((i) => i.segment === subnet);
  const gateway = router?.interfaces.find((i) => i.segment === subnet)?.ip ?? addressInCidr(subnet, 1);
  const underlay = {
    ...cluster.underlay,
    segments: cluster.underlay.segments.some((sg) => sg.name === subnet) ? cluster.underlay.segments : [...cluster.underlay.segments, { name: subnet, cidr: subnet }],
    ...(router && !hasIface
      ? { router: { ...router, interfaces: [...router.interfaces, { name: `eth${router.interfaces.length}` as IfName, segment: subnet, ip: gateway, mac: deterministicMac(`router|${subnet}`) }] } }
      : {}),
  };
  const refuse = (host: Netns, route: Route, dev: Device & { kind: "physical" }, onSubnet: Cidr): Netns => ({
    ...host,
    routes: host.routes.filter((r) => r !== route),
    rejectedRoutes: [
      ...host.rejectedRoutes,
      { route, by: "flanneld", error: `"network is unreachable": gateway ${route.via ?? "?"} is not on a subnet directly connected to ${dev.name} (${onSubnet}); host-gw requires every node on one L2 segment` },
    ],
  });
  const nodes = cluster.nodes.map((n): ClusterNode => {
    if (n.name === nodeName) {
      const host = hostOf(n);
      let next: Netns = {
        ...host,
        devices: host.devices.map((d) => (d === nic ? { ...nic, segment: subnet, addresses: [{ ...oldAddr, ip: parsed.ip, prefixLen: parsed.prefixLen }] } : d)),
        routes: host.routes.map((r): Route => ({
          ...r,
          ...(r.dst === oldSubnet && r.proto === "kernel" ? { dst: subnet } : {}),
          ...(r.src === oldAddr.ip ? { src: parsed.ip } : {}),
          ...(r.via !== undefined && r.via === oldGateway ? { via: gateway } : {}),
        })),
      };
      for (const r of next.routes) {
        if (r.via && r.dev === nic.name && r.via !== gateway && !cidrContains(subnet, r.via)) next = refuse(next, r, nic, subnet);
      }
      return { ...n, ip: parsed.ip, namespaces: n.namespaces.map((ns) => (ns.id === "host" ? next : ns)) };
    }
    if (n.external) return n;
    const host = hostOf(n);
    const dev = host.devices.find(isPhysical);
    const route = host.routes.find((r) => r.via === moved.ip && r.dst === moved.podCidr);
    if (!dev || !route) return n;
    const theirSubnet = dev.addresses[0] ? networkOf(dev.addresses[0].ip, dev.addresses[0].prefixLen) : undefined;
    const updated: Route = { ...route, via: parsed.ip };
    const replaced: Netns = { ...host, routes: host.routes.map((r) => (r === route ? updated : r)) };
    const next = theirSubnet && cidrContains(theirSubnet, parsed.ip) ? replaced : refuse(replaced, updated, dev, theirSubnet ?? subnet);
    return { ...n, namespaces: n.namespaces.map((ns) => (ns.id === "host" ? next : ns)) };
  });
  return { ...cluster, nodes, underlay };
}

/**
 * Applies `faults` in order and returns a new cluster (the input is not modified; untouched
 * nodes and namespaces are shared). Throws {@link PacketWalkInputError} naming the field
 * (`faults[0].peer`) when a fault does not fit the cluster as it is at that point.
 */
export function applyFaults(cluster: Cluster, faults: readonly Fault[]): Cluster {
  let out = cluster;
  faults.forEach((fault, i) => {
    validateFault(out, fault, `faults[${i}]`);
    out = applyOne(out, fault);
  });
  if (faults.length === 0) return cluster;
  return { ...out, name: `${cluster.name}+${faults.map((f) => f.kind).join("+")}` };
}

// ---------------------------------------------------------------------------
// Symptoms.

function firstPodOn(cluster: Cluster, node: string): PodInfo | undefined {
  return cluster.pods.find((p) => p.node === node);
}

function podOnOtherNode(cluster: Cluster, node: string): PodInfo {
  const pod = cluster.pods.find((p) => p.node !== node && clusterNodes(cluster).some((n) => n.name === p.node));
  if (!pod) throw new PacketWalkInputError(`no pod on a node other than ${node}`, "fault.node");
  return pod;
}

function podOn(cluster: Cluster, node: string, path: Path): PodInfo {
  const pod = firstPodOn(cluster, node);
  if (!pod) throw new PacketWalkInputError(`${node} runs no pod to probe`, path);
  return pod;
}

/** A second pod on the same node as `pod` (same-node traffic a cross-node fault leaves alone), else the node itself. */
function sameNodeProbe(cluster: Cluster, pod: PodInfo): PacketSpec {
  const other = cluster.pods.find((p) => p.node === pod.node && p.name !== pod.name);
  return { from: pod.ip, to: other ? other.ip : pod.node };
}

function l4Probe(from: PodInfo, svc: Service): PacketSpec {
  const port = svc.ports[0];
  return { from: from.ip, to: svc.clusterIp, protocol: port?.protocol ?? "tcp", port: port?.port ?? 80 };
}

/** The largest ICMP echo the sending pod can emit with DF set: an IP packet as big as its eth0 MTU. */
function fullSizePing(cluster: Cluster, from: PodInfo, to: PodInfo): PacketSpec {
  const ns = clusterNodes(cluster).find((n) => n.name === from.node)?.namespaces.find((x) => x.id === `pod:${from.name}`);
  const mtu = ns?.devices.find((d) => d.name === "eth0")?.mtu ?? 1500;
  return { from: from.ip, to: to.ip, payloadBytes: mtu - 28 };
}

/**
 * The probe `fault` breaks on `cluster` (the healthy cluster, before the fault), what the walk
 * shows once the fault is applied, and a probe it leaves alone. The probe is chosen from the
 * model's structure (which pod sits where), never by trying walks, so a test of the symptom can fail.
 */
export function faultSymptom(cluster: Cluster, fault: Fault): FaultSymptom {
  validateFault(cluster, fault, "fault");
  const drop = (dropCode: DropCode): FaultExpectation => ({ delivered: false, dropCode });
  switch (fault.kind) {
    case "stale-fdb": {
      const to = podOn(cluster, fault.node, "fault.node");
      const from = podOnOtherNode(cluster, fault.node);
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop("not-for-this-host"),
        unaffected: sameNodeProbe(cluster, from),
        summary: `${fault.node}'s VTEP has a new MAC, but the other nodes still encapsulate frames for the old one: ${fault.node} ignores them`,
      };
    }
    case "missing-route":
    case "blackhole-route": {
      const from = podOn(cluster, fault.node, "fault.node");
      const to = podOn(cluster, fault.peer, "fault.peer");
      let expect = drop("blackhole");
      if (fault.kind === "missing-route") {
        // Without the pod route the packet follows whatever covers it: usually the default route to the underlay router.
        const host = indexCluster(applyOne(cluster, fault)).netns(fault.node, "host");
        expect = drop(host && lookupRoute(host, to.ip as Ipv4) ? "underlay-no-route" : "no-route");
      }
      return {
        probe: { from: from.ip, to: to.ip },
        expect,
        unaffected: sameNodeProbe(cluster, from),
        summary: `${fault.node} has ${fault.kind === "missing-route" ? "no" : "a blackhole"} route for ${fault.peer}'s pod subnet`,
      };
    }
    case "missing-arp":
    case "wrong-arp": {
      const from = podOn(cluster, fault.node, "fault.node");
      const to = podOn(cluster, fault.peer, "fault.peer");
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop(fault.kind === "missing-arp" ? "neighbour-unresolved" : "no-fdb-entry"),
        unaffected: sameNodeProbe(cluster, from),
        summary: `${fault.node}'s ARP entry for ${fault.peer}'s VTEP is ${fault.kind === "missing-arp" ? "missing" : "wrong"}`,
      };
    }
    case "wrong-vni":
    case "wrong-dstport":
    case "flanneld-down": {
      const to = podOn(cluster, fault.node, "fault.node");
      const from = podOnOtherNode(cluster, fault.node);
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop(fault.kind === "wrong-vni" ? "vni-mismatch" : "port-unreachable"),
        unaffected: sameNodeProbe(cluster, to),
        summary:
          fault.kind === "wrong-vni"
            ? `${fault.node}'s VXLAN device uses VNI ${fault.vni}; the others send another VNI`
            : fault.kind === "wrong-dstport"
              ? `${fault.node}'s VXLAN device listens on UDP ${fault.port}; the others send to another port`
              : `flanneld is not running on ${fault.node}: nothing receives the tunnel's UDP packets`,
      };
    }
    case "mtu-mismatch": {
      const to = podOn(cluster, fault.node, "fault.node");
      const from = podOnOtherNode(cluster, fault.node);
      return {
        probe: fullSizePing(cluster, from, to),
        expect: drop("frame-too-big"),
        unaffected: { from: from.ip, to: to.ip },
        summary: `${fault.node}'s NIC MTU is ${fault.mtu}: small packets pass, full-size ones from other nodes vanish`,
      };
    }
    case "ip-forward-off": {
      const from = podOn(cluster, fault.node, "fault.node");
      const to = podOnOtherNode(cluster, fault.node);
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop("not-forwarding"),
        unaffected: sameNodeProbe(cluster, from),
        summary: `${fault.node} does not forward packets (ip_forward=0): its pods cannot leave the node`,
      };
    }
    case "rp-filter": {
      const to = podOn(cluster, fault.node, "fault.node");
      const from = podOn(cluster, fault.peer, "fault.peer");
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop("rp-filter"),
        unaffected: sameNodeProbe(cluster, to),
        summary: `${fault.node} filters by reverse path (rp_filter=1) and would answer ${fault.peer}'s pods by another interface than they came in on`,
      };
    }
    case "underlay-firewall": {
      const idx = indexCluster(cluster);
      // The first cross-node pod pair whose traffic uses the tunnel the rule blocks.
      for (const from of cluster.pods) {
        const host = idx.netns(from.node, "host");
        for (const to of cluster.pods) {
          if (!host || to.node === from.node) continue;
          const dev = lookupRoute(host, to.ip as Ipv4)?.dev;
          const kind = dev ? host.devices.get(dev)?.kind : undefined;
          const tunnel = kind === "vxlan" ? "udp" : kind === "tun" ? "udp" : kind === "ipip" ? "ipip" : undefined;
          const port = kind === "vxlan" ? (host.devices.get(dev as string) as Device & { kind: "vxlan" }).dstPort : kind === "tun" ? host.flanneld?.process.port : undefined;
          if (tunnel !== fault.protocol || (fault.dport !== undefined && port !== fault.dport)) continue;
          const segment = [...host.devices.values()].find(isPhysical)?.segment;
          if (fault.segment && segment !== fault.segment) continue;
          return {
            probe: { from: from.ip, to: to.ip },
            expect: drop("underlay-filtered"),
            unaffected: sameNodeProbe(cluster, from),
            summary: `the underlay drops ${fault.protocol === "ipip" ? "IP protocol 4" : `UDP port ${fault.dport ?? "(any)"}`}: pods on different nodes cannot talk`,
          };
        }
      }
      throw new PacketWalkInputError(`no pod-to-pod path in ${cluster.name} uses ${fault.protocol}${fault.dport ? ` port ${fault.dport}` : ""}`, "fault.protocol");
    }
    case "no-endpoints":
    case "wrong-target-port": {
      const svc = serviceNamed(cluster, fault.service, "fault.service");
      const from = cluster.pods.find((p) => !svc.endpoints.some((e) => e.pod === p.name)) ?? cluster.pods[0];
      if (!from) throw new PacketWalkInputError("no pod to probe from", "fault.service");
      const other = cluster.pods.find((p) => p.name !== from.name);
      return {
        probe: l4Probe(from, svc),
        expect: fault.kind === "no-endpoints" ? drop("no-endpoints") : { delivered: true, refused: true },
        unaffected: { from: from.ip, to: other ? other.ip : from.node },
        summary:
          fault.kind === "no-endpoints"
            ? `Service ${svc.name} has no ready endpoints: connections are refused by kube-proxy's REJECT rule`
            : `Service ${svc.name} sends to port ${fault.targetPort}, where its pods do not listen: connections reach the pod and are refused`,
      };
    }
    case "host-gw-cross-subnet": {
      const to = podOn(cluster, fault.node, "fault.node");
      const from = podOnOtherNode(cluster, fault.node);
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop("next-hop-not-on-link"),
        unaffected: sameNodeProbe(cluster, from),
        summary: `${fault.node} moved to ${fault.ip}: host-gw needs every node on one L2 segment, so the route to its pods cannot be installed`,
      };
    }
    case "default-deny": {
      // A pod no existing ingress policy selects, so the new policy alone decides.
      const selected = (p: PodInfo): boolean =>
        cluster.networkPolicies.some((np) => np.namespace === p.namespace && np.policyTypes.includes("Ingress") && labelsMatch(np.podSelector, p.labels));
      const to = cluster.pods.find((p) => p.namespace === fault.namespace && !selected(p));
      const from = to ? cluster.pods.find((p) => p.name !== to.name && p.node !== to.node) ?? cluster.pods.find((p) => p.name !== to.name) : undefined;
      if (!to || !from) throw new PacketWalkInputError(`no pod pair in ${fault.namespace} to probe`, "fault.namespace");
      return {
        probe: { from: from.ip, to: to.ip },
        expect: drop("policy-denied"),
        unaffected: { from: to.ip, to: from.node },
        summary: `a default-deny ingress policy in ${fault.namespace} blocks traffic to its pods`,
      };
    }
  }
}

// ---------------------------------------------------------------------------
// Seeded choice.

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** Every fault of `kind` (with one parameter choice per node/peer) that validates and has a symptom on `cluster`. */
function candidates(cluster: Cluster, kind: FaultKind, rand: () => number): Fault[] {
  const nodes = clusterNodes(cluster).filter((n) => firstPodOn(cluster, n.name));
  const pairs = nodes.flatMap((n) => nodes.filter((p) => p.name !== n.name).map((p) => [n.name, p.name] as const));
  const host = (name: string): Netns | undefined => clusterNodes(cluster).find((n) => n.name === name)?.namespaces.find((x) => x.id === "host");
  const vxlan = (name: string) => host(name)?.devices.find(isVxlan);
  const nic = (name: string) => host(name)?.devices.find(isPhysical);
  const list: Fault[] = [];
  switch (kind) {
    case "stale-fdb":
      for (const n of nodes) list.push({ kind, node: n.name });
      break;
    case "missing-route":
    case "blackhole-route":
    case "missing-arp":
    case "wrong-arp":
    case "rp-filter":
      for (const [node, peer] of pairs) list.push({ kind, node, peer });
      break;
    case "wrong-vni":
      for (const n of nodes) {
        const d = vxlan(n.name);
        if (d) list.push({ kind, node: n.name, vni: d.vni + 1 + Math.floor(rand() * 9) });
      }
      break;
    case "wrong-dstport":
      for (const n of nodes) {
        const d = vxlan(n.name);
        if (d) list.push({ kind, node: n.name, port: d.dstPort === 4789 ? 8472 : 4789 });
      }
      break;
    case "mtu-mismatch":
      for (const n of nodes) {
        const d = nic(n.name);
        if (d) list.push({ kind, node: n.name, mtu: d.mtu - 50 - 10 * Math.floor(rand() * 5) });
      }
      break;
    case "ip-forward-off":
      for (const n of nodes) list.push({ kind, node: n.name });
      break;
    case "underlay-firewall": {
      const anyHost = nodes[0] ? host(nodes[0].name) : undefined;
      const d = anyHost?.devices.find((x) => x.kind === "vxlan" || x.kind === "ipip" || x.kind === "tun");
      if (d?.kind === "vxlan") list.push({ kind, protocol: "udp", dport: d.dstPort });
      if (d?.kind === "ipip") list.push({ kind, protocol: "ipip" });
      const fl = anyHost?.userspace.find((u) => u.kind === "flanneld-udp");
      if (d?.kind === "tun" && fl) list.push({ kind, protocol: "udp", dport: fl.port });
      break;
    }
    case "no-endpoints":
      for (const s of cluster.services) if (s.endpoints.length) list.push({ kind, service: `${s.namespace}/${s.name}` });
      break;
    case "wrong-target-port":
      for (const s of cluster.services) if (s.endpoints.length && s.ports[0]) list.push({ kind, service: `${s.namespace}/${s.name}`, targetPort: s.ports[0].targetPort === 8080 ? 8081 : 8080 });
      break;
    case "default-deny":
      if (cluster.policyEngine === "calico") for (const ns of [...new Set(cluster.pods.map((p) => p.namespace))]) list.push({ kind, namespace: ns });
      break;
    case "flanneld-down":
      for (const n of nodes) list.push({ kind, node: n.name });
      break;
    case "host-gw-cross-subnet":
      // A subnet next to the node's own: 30.0.1.47/24 → 30.0.2.47/24.
      for (const n of nodes) {
        const a = nic(n.name)?.addresses[0];
        if (!a || a.prefixLen < 8 || a.prefixLen > 30) continue;
        const size = 2 ** (32 - a.prefixLen);
        const next = addressInCidr(networkOf(a.ip, a.prefixLen), size + (Number(a.ip.split(".")[3]) % size));
        list.push({ kind, node: n.name, ip: `${next}/${a.prefixLen}` });
      }
      break;
  }
  return list.filter((f) => {
    try {
      // A lab needs a probe that works before the fault is applied.
      return walkPacket(cluster, faultSymptom(cluster, f).probe).delivered;
    } catch (e) {
      if (e instanceof PacketWalkInputError) return false;
      throw e;
    }
  });
}

/** The fault kinds that fit `cluster` (its dataplane, Services, policy engine). */
export function applicableFaultKinds(cluster: Cluster): FaultKind[] {
  return FAULT_KINDS.filter((k) => candidates(cluster, k, seededRandom(0)).length > 0);
}

/**
 * Picks a fault and its parameters from `seed` (a number or string), deterministically,
 * among `kinds` (default: all) that fit `cluster`. Throws {@link PacketWalkInputError} when none fits.
 */
export function randomFault(cluster: Cluster, seed: number | string, kinds: readonly FaultKind[] = FAULT_KINDS): Fault {
  for (const k of kinds) if (!(FAULT_KINDS as readonly string[]).includes(k)) throw new PacketWalkInputError(`unknown fault kind "${k}"`, "kinds");
  const rand = seededRandom(typeof seed === "number" ? seed : fnv1a32(seed));
  const fitting = kinds.filter((k) => candidates(cluster, k, seededRandom(0)).length > 0);
  if (!fitting.length) throw new PacketWalkInputError(`none of ${kinds.join(", ")} fits ${cluster.name} (${cluster.mode})`, "kinds");
  const kind = pick(rand, fitting);
  return pick(rand, candidates(cluster, kind, rand));
}

/** Parses untrusted JSON into faults, validated against `cluster` (errors name the field). */
export function parseFaults(cluster: Cluster, json: unknown): Fault[] {
  if (!Array.isArray(json)) throw new PacketWalkInputError("faults must be an array", "faults");
  const faults = json as Fault[];
  applyFaults(cluster, faults);
  return faults;
}

