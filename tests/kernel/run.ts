/**
 * Differential test: every walk the kernel here can run is run in a lab built
 * by labScript, captured with tcpdump on every modelled device, and compared
 * hop by hop with the engine (see lib/packet-walk/README.md, "Verified against
 * the kernel"). Run as root: npm run -s test:kernel [-- --only NAME] [-- --keep]
 * Exit code 1 on any mismatch, 2 if the machine cannot run it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import {
  applyFaults,
  getScenario,
  isIpv4,
  labCleanupScript,
  labNames,
  labScript,
  podNetnsId,
  toWalkDocument,
  walkPacket,
  walkReply,
  type Cluster,
  type Device,
  type Fault,
  type LabOptions,
  type PacketSpec,
  type Service,
  type IcmpHeader,
  type IpHeader,
  type WalkResult,
} from "@/lib/packet-walk";
import { classify, compareWalk, deviceKey, parseRouteGet, type ObservedFrame } from "./compare";
import { Captures, inNetns, run, runScript, type CapturePoint } from "./lab";
import { checkShell, checkShellCaptures, checkShellFixes } from "./shell";
import { checkTables } from "./tables";

interface KernelCase {
  readonly name: string;
  readonly scenario: string;
  /** A variation of the scenario's cluster (the emitter takes any Cluster). */
  readonly mutate?: (c: Cluster) => Cluster;
  readonly spec: PacketSpec;
  /** false: the kernel here cannot carry the packet (no ipip module, no flanneld); tables and routes only. */
  readonly packets: boolean;
  readonly ipipStandIn?: boolean;
  /** Also compare the lab shell's commands (tests/kernel/shell.ts) with the real tools in this lab. */
  readonly shell?: boolean;
  /** Fix commands run in the lab and in the shell after the probe; both must then agree (checkShellFixes). */
  readonly shellFixes?: readonly { readonly node: string; readonly line: string }[];
  /**
   * How long a ping the engine expects dropped waits for an answer (default 0.3 s). An
   * unresolved neighbour is answered only when ARP gives up (3 solicitations 1 s apart).
   */
  readonly dropWaitS?: number;
  /**
   * With packets false: the tunnel the lab cannot run (ipip driver, flanneld) is stood in
   * for by sending the walk's outer packet from the tunnel's sending node, as it leaves
   * that node's NIC; the walk is compared from that hop on (see sendTunnelProbe).
   */
  readonly tunnelProbe?: boolean;
  /** Shell run in the lab after its setup: a stand-in for an agent the lab does not run (see calicoDenyStandIn). */
  readonly standIn?: (cluster: Cluster, names: ReturnType<typeof labNames>) => string;
}

const POD_A1 = "10.244.1.2";
const POD_B1 = "10.244.2.2";

function withoutDefaultRoute(c: Cluster): Cluster {
  return {
    ...c,
    name: `${c.name}-no-default-route`,
    nodes: c.nodes.map((n) =>
      n.name !== "node1" ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id !== "host" ? ns : { ...ns, routes: ns.routes.filter((r) => r.via !== "30.0.1.1") })) },
    ),
  };
}

/** node1's pods and cni0 at 1450 while flannel.1 stays at 1400: a forwarding hop with a smaller MTU. */
function podsAboveTunnelMtu(c: Cluster): Cluster {
  const raise = (d: Device): Device => (d.kind === "veth" || d.kind === "bridge" ? { ...d, mtu: 1450 } : d);
  return {
    ...c,
    name: `${c.name}-pod-mtu-1450`,
    nodes: c.nodes.map((n) => (n.name !== "node1" ? n : { ...n, namespaces: n.namespaces.map((ns) => ({ ...ns, devices: ns.devices.map((d) => (d.name === "docker0" ? d : raise(d))) })) })),
  };
}

/** The scenario with troubleshooting faults applied (lib/packet-walk/faults.ts). */
function withFaults(...faults: Fault[]): (c: Cluster) => Cluster {
  return (c) => applyFaults(c, faults);
}

/** The Service with only the endpoint at `ip`, so one run checks that path whatever kube-proxy's dice say. */
function onlyEndpoint(ip: string): (c: Cluster) => Cluster {
  return (c) => ({ ...c, name: `${c.name}-only-${ip}`, services: c.services.map((svc) => ({ ...svc, endpoints: svc.endpoints.filter((e) => e.ip === ip) })) });
}


/** The four bytes of a dotted quad. */
function ipBytes(ip: string): number[] {
  return ip.split(".").map(Number);
}

function inetChecksum(b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The inner IPv4 + ICMP echo bytes a tunnel hop carries (from the engine's header stack), as hex for probe.py. */
function innerIcmpHex(ip: IpHeader, icmp: IcmpHeader): string {
  const total = ip.totalLength;
  const hdr = [0x45, 0, total >> 8, total & 0xff, ip.id >> 8, ip.id & 0xff, ip.df ? 0x40 : 0, 0, ip.ttl, 1, 0, 0, ...ipBytes(ip.src), ...ipBytes(ip.dst)];
  const hc = inetChecksum(hdr);
  hdr[10] = hc >> 8;
  hdr[11] = hc & 0xff;
  const body = [icmp.icmpType, icmp.code, 0, 0, icmp.ident >> 8, icmp.ident & 0xff, icmp.seq >> 8, icmp.seq & 0xff, ...new Array<number>(total - 28).fill(0)];
  const ic = inetChecksum(body);
  body[2] = ic >> 8;
  body[3] = ic & 0xff;
  return Buffer.from([...hdr, ...body]).toString("hex");
}

/**
 * A Calico policy stand-in for the default-deny fault: Felix's cali-tw-<iface> chain for a
 * pod that an Ingress policy without rules selects accepts established/related traffic and
 * ends in DROP. The same two verdicts as one nft forward chain per node, on the host side
 * of every pod in the namespace (podSelector {} selects them all). Felix's other chains
 * (dispatch, egress, marks) are not emitted: nothing else in these labs depends on them.
 */
function calicoDenyStandIn(namespace: string): (cluster: Cluster, names: ReturnType<typeof labNames>) => string {
  return (cluster, names) => {
    const lines: string[] = [];
    for (const node of cluster.nodes) {
      const ifaces = cluster.pods
        .filter((p) => p.node === node.name && p.namespace === namespace)
        .flatMap((p) => {
          const eth0 = node.namespaces.find((ns) => ns.id === podNetnsId(p.name))?.devices.find((d) => d.name === "eth0");
          return eth0?.kind === "veth" ? [eth0.peer.device] : [];
        });
      if (!ifaces.length) continue;
      const set = ifaces.map((i) => `"${i}"`).join(", ");
      lines.push(
        `ip netns exec '${names.netns(node.name, "host")}' nft -f - <<'STANDIN'`,
        "table inet calico_standin {",
        "  chain forward {",
        "    type filter hook forward priority 0; policy accept;",
        `    oifname { ${set} } ct state established,related accept`,
        `    oifname { ${set} } drop`,
        "  }",
        "}",
        "STANDIN",
      );
    }
    return `${lines.join("\n")}\n`;
  };
}

const CASES: readonly KernelCase[] = [
  { name: "flannel VXLAN ping", scenario: "seed-flannel-vxlan", spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true },
  { name: "flannel VXLAN UDP datagram and answer", scenario: "seed-flannel-vxlan", spec: { from: POD_A1, to: POD_B1, protocol: "udp", port: 53 }, packets: true },
  { name: "flannel host-gw ping", scenario: "flannel-host-gw", spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true },
  { name: "flannel host-gw across subnets (route refused, router drops)", scenario: "flannel-host-gw-different-subnets", spec: { from: POD_A1, to: POD_B1 }, packets: true },
  { name: "Calico BGP ping", scenario: "calico-bgp", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" }, packets: true, shell: true },
  { name: "Calico VXLAN ping", scenario: "calico-vxlan", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" }, packets: true, shell: true },
  { name: "Canal ping", scenario: "canal", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" }, packets: true, shell: true },
  { name: "ClusterIP from a pod (DNAT, conntrack reply)", scenario: "flannel-vxlan-service", spec: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true, shell: true },
  { name: "ClusterIP from a pod, endpoint on the same node (bridged DNAT)", scenario: "flannel-vxlan-service", mutate: onlyEndpoint("10.244.1.2"), spec: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "ClusterIP from a pod, endpoint on the other node", scenario: "flannel-vxlan-service", mutate: onlyEndpoint("10.244.2.2"), spec: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "ClusterIP from a node, endpoint on the other node (masquerade)", scenario: "flannel-vxlan-service", mutate: onlyEndpoint("10.244.2.2"), spec: { from: "node1", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "ClusterIP from a node (DNAT + masquerade)", scenario: "flannel-vxlan-service", spec: { from: "node1", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "NodePort from a pod to the other node", scenario: "flannel-vxlan-service", spec: { from: POD_A1, to: "30.0.1.47", protocol: "tcp", port: 30080 }, packets: true },
  { name: "NodePort from a client outside the cluster (through the router, masquerade, reply to the client)", scenario: "flannel-vxlan-service", spec: { from: "client", to: "30.0.1.47", protocol: "tcp", port: 30080 }, packets: true },
  { name: "NodePort from outside, endpoint on the node called", scenario: "flannel-vxlan-service", mutate: onlyEndpoint("10.244.2.2"), spec: { from: "client", to: "30.0.1.47", protocol: "tcp", port: 30080 }, packets: true },
  { name: "ClusterIP from outside the cluster (the router has no route)", scenario: "flannel-vxlan-service", spec: { from: "client", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "Service without endpoints (REJECT)", scenario: "flannel-vxlan-service", spec: { from: POD_A1, to: "10.96.201.17", protocol: "tcp", port: 80 }, packets: true },
  { name: "MTU: DF packet larger than the pod MTU", scenario: "seed-flannel-vxlan", spec: { from: POD_A1, to: POD_B1, payloadBytes: 1373 }, packets: true },
  { name: "MTU: DF packet from a node larger than flannel.1", scenario: "seed-flannel-vxlan", spec: { from: "node1", to: POD_B1, payloadBytes: 1400 }, packets: true },
  { name: "MTU: forwarding hop smaller than the pod MTU (ICMP frag-needed)", scenario: "seed-flannel-vxlan", mutate: podsAboveTunnelMtu, spec: { from: POD_A1, to: POD_B1, payloadBytes: 1392 }, packets: true },
  { name: "flannel VXLAN with a NetworkPolicy flannel does not enforce", scenario: "flannel-vxlan-network-policy", spec: { from: "10.244.1.3", to: POD_B1 }, packets: true },
  { name: "missing route (no default route on node1)", scenario: "seed-flannel-vxlan", mutate: withoutDefaultRoute, spec: { from: "node1", to: "192.0.2.10" }, packets: true },
  { name: "TTL expiry on node1 (ttl 1)", scenario: "seed-flannel-vxlan", spec: { from: POD_A1, to: POD_B1, ttl: 1 }, packets: true },
  { name: "TTL expiry on node2 (ttl 2)", scenario: "seed-flannel-vxlan", spec: { from: POD_A1, to: POD_B1, ttl: 2 }, packets: true },
  { name: "Calico IPIP (stand-in tunl0: tables and routes only)", scenario: "calico-ipip", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" }, packets: false, ipipStandIn: true },
  { name: "Calico CrossSubnet: BGP inside the subnet", scenario: "calico-crosssubnet", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" }, packets: true, ipipStandIn: true },
  { name: "Calico CrossSubnet: IPIP to the other subnet (stand-in tunl0: tables and routes only)", scenario: "calico-crosssubnet", spec: { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-r4x8m" }, packets: false, ipipStandIn: true },
  { name: "flannel UDP (no flanneld: tables and routes only)", scenario: "flannel-udp", spec: { from: POD_A1, to: POD_B1 }, packets: false },
  // Troubleshooting faults: the kernel must show the symptom the engine names, hop by hop.
  { name: "fault stale FDB (node2's VTEP MAC changed): node2 ignores the frame", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "stale-fdb", node: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: true },
  { name: "fault missing pod route on node1: default route, the router drops", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "missing-route", node: "node1", peer: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true, shellFixes: [{ node: "node1", line: "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1" }, { node: "node1", line: "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" }] },
  { name: "fault blackhole route on node1", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "blackhole-route", node: "node1", peer: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true, shellFixes: [{ node: "node1", line: "ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" }] },
  { name: "fault wrong ARP entry for node2's VTEP: no FDB entry", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "wrong-arp", node: "node1", peer: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true, shellFixes: [{ node: "node1", line: "ip neigh add 10.244.2.0 lladdr 72:c8:ad:5f:87:07 dev flannel.1 nud permanent" }, { node: "node1", line: "ip neigh replace 10.244.2.0 lladdr 72:c8:ad:5f:87:07 dev flannel.1 nud permanent" }] },
  { name: "fault missing ARP entry for node2's VTEP", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "missing-arp", node: "node1", peer: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, dropWaitS: 4 },
  { name: "fault missing ARP entry, from node1 itself: ping reports host unreachable", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "missing-arp", node: "node1", peer: "node2" }), spec: { from: "node1", to: POD_B1 }, packets: true, dropWaitS: 4 },
  { name: "fault wrong VNI on node2", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "wrong-vni", node: "node2", vni: 2 }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true },
  { name: "fault wrong VXLAN dstport on node2: ICMP port unreachable to node1 only", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "wrong-dstport", node: "node2", port: 4789 }), spec: { from: POD_A1, to: POD_B1 }, packets: true },
  { name: "fault MTU mismatch (node2 ens3 1400): a full-size ping dies at node2's NIC", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "mtu-mismatch", node: "node2", mtu: 1400 }), spec: { from: POD_A1, to: POD_B1, payloadBytes: 1372 }, packets: true },
  { name: "fault MTU mismatch (node2 ens3 1400): a small ping and its reply pass", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "mtu-mismatch", node: "node2", mtu: 1400 }), spec: { from: POD_A1, to: POD_B1 }, packets: true },
  { name: "fault ip_forward off on node1", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "ip-forward-off", node: "node1" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true, shellFixes: [{ node: "node1", line: "sysctl -w net.ipv4.ip_forward=1" }] },
  { name: "fault strict rp_filter on node2 with no route back to node1's pods", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "rp-filter", node: "node2", peer: "node1" }), spec: { from: POD_A1, to: POD_B1 }, packets: true, shell: true, shellFixes: [{ node: "node2", line: "sysctl -w net.ipv4.conf.all.rp_filter=0" }] },
  { name: "fault underlay firewall drops UDP 8472", scenario: "seed-flannel-vxlan", mutate: withFaults({ kind: "underlay-firewall", protocol: "udp", dport: 8472 }), spec: { from: POD_A1, to: POD_B1 }, packets: true },
  { name: "fault wrong targetPort: the pod answers RST, un-DNATed to the ClusterIP", scenario: "flannel-vxlan-service", mutate: withFaults({ kind: "wrong-target-port", service: "httpd-app", targetPort: 8080 }), spec: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "fault no endpoints for httpd-app: kube-proxy's REJECT", scenario: "flannel-vxlan-service", mutate: withFaults({ kind: "no-endpoints", service: "httpd-app" }), spec: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, packets: true },
  { name: "fault host-gw node2 moved to another subnet: route refused, the router drops", scenario: "flannel-host-gw", mutate: withFaults({ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47/24" }), spec: { from: POD_A1, to: POD_B1 }, packets: true },
  // Tunnels and agents the lab cannot run: the tunnel's outer packet, or a stand-in rule (see tunnelProbe, standIn).
  { name: "fault flanneld down on node2: its UDP port unreachable (flanneld stand-in on node1)", scenario: "flannel-udp", mutate: withFaults({ kind: "flanneld-down", node: "node2" }), spec: { from: POD_A1, to: POD_B1 }, packets: false, tunnelProbe: true },
  { name: "fault underlay firewall drops IPIP (ipip stand-in: an IP protocol 4 packet from node1)", scenario: "calico-ipip", mutate: withFaults({ kind: "underlay-firewall", protocol: "ipip" }), spec: { from: "192.168.0.1", to: "192.168.0.65" }, packets: false, ipipStandIn: true, tunnelProbe: true },
  { name: "fault default-deny ingress (Canal, Calico's drop as an nft stand-in)", scenario: "canal", mutate: withFaults({ kind: "default-deny", namespace: "default" }), spec: { from: "10.244.2.2", to: "10.244.1.2" }, packets: true, standIn: calicoDenyStandIn("default") },
];

interface CaseResult {
  readonly name: string;
  hops: number;
  tables: number;
  shell: number;
  routes: number;
  mismatches: string[];
  notes: string[];
  ms: number;
}

const PROBE = path.join(__dirname, "probe.py");

function capturePoints(cluster: Cluster, names: ReturnType<typeof labNames>): CapturePoint[] {
  const points: CapturePoint[] = [];
  for (const n of cluster.nodes) {
    for (const ns of n.namespaces) {
      for (const d of ns.devices) points.push({ key: deviceKey(n.name, ns.id, d.name), netns: names.netns(n.name, ns.id), device: d.name });
    }
  }
  const router = cluster.underlay.router;
  if (router && names.router) for (const i of router.interfaces) points.push({ key: deviceKey(router.name, "host", i.name), netns: names.router, device: i.name });
  return points;
}

function nsOf(cluster: Cluster, names: ReturnType<typeof labNames>, node: string, netns: string): string | undefined {
  if (cluster.underlay.router?.name === node) return names.router;
  if (!cluster.nodes.some((n) => n.name === node)) return undefined;
  return names.netns(node, netns as "host");
}

/** `ip route get` in each lookup hop's namespace against the route the engine says decided it. */
function checkRouteLookups(cluster: Cluster, names: ReturnType<typeof labNames>, walks: readonly WalkResult[]): { checked: number; mismatches: string[] } {
  let checked = 0;
  const mismatches: string[] = [];
  for (const walk of walks) {
    for (const h of toWalkDocument(walk).hops) {
      if (h.action !== "route-lookup" || h.entry?.kind !== "route") continue;
      const ns = nsOf(cluster, names, h.node, h.netns);
      const ip = h.headers.find((x) => x.type === "ip");
      if (!ns || !ip || ip.type !== "ip") continue;
      const iif = /\(iif (\S+)\)/.exec(h.detail)?.[1];
      const args = ["ip", "route", "get", ip.dst, "from", ip.src, ...(iif ? ["iif", iif] : [])];
      const r = inNetns(ns, args);
      const got = parseRouteGet(r.stdout, r.stderr, r.code);
      const route = (h.entry as unknown as { route: { via?: string; dev?: string; type: string } }).route;
      checked++;
      const where = `${walk.direction} hop ${h.index} ${h.node} ${h.netns}: ${args.slice(1).join(" ")}`;
      if (route.type !== "unicast") {
        if (got.type !== route.type && !(got.error ?? "").toLowerCase().includes(route.type === "blackhole" ? "invalid" : "unreachable")) mismatches.push(`${where}: engine ${route.type}, kernel ${got.type ?? got.error ?? "a unicast route"}`);
        continue;
      }
      if (got.error) {
        mismatches.push(`${where}: kernel refuses (${got.error}), engine matched ${h.entry.text}`);
        continue;
      }
      if ((route.via ?? "") !== (got.via ?? "") || route.dev !== got.dev) mismatches.push(`${where}: engine via ${route.via ?? "-"} dev ${route.dev}, kernel via ${got.via ?? "-"} dev ${got.dev}`);
    }
  }
  // A no-route drop names no route: the kernel must have none either.
  const drop = walks[0]?.drop;
  const dropHop = drop ? walks[0]?.hops.find((h) => h.id === drop.hopId) : undefined;
  if (drop?.code === "no-route" && dropHop) {
    const ns = nsOf(cluster, names, dropHop.location.node, dropHop.location.netns);
    const dst = walks[0]?.initial.dst;
    if (ns && dst) {
      const r = inNetns(ns, ["ip", "route", "get", dst]);
      checked++;
      const got = parseRouteGet(r.stdout, r.stderr, r.code);
      if (!/unreachable/i.test(got.error ?? "")) mismatches.push(`no-route drop in ${dropHop.location.node} ${dropHop.location.netns}: ip route get ${dst} says ${r.stdout.trim() || r.stderr.trim()}`);
    }
  }
  return { checked, mismatches };
}

/** The kernel's answer to a dropped packet must be the one the engine names. */
function checkDrop(walk: WalkResult, observed: readonly ObservedFrame[], probeOutput: string): string[] {
  const drop = walk.drop;
  if (!drop) return [];
  const dropHop = walk.hops.find((h) => h.id === drop.hopId);
  const local = dropHop && dropHop.location.node === walk.source.node && dropHop.location.netns === walk.source.netns;
  const out: string[] = [];
  if (local) {
    // The sender's own kernel refuses: ping or sendto() reports the errno.
    // An unresolved neighbour fails the sender's own queued packet: ping reports it from its own address.
    const expected: Record<string, RegExp> = { "mtu-exceeded": /message too long/i, "no-route": /network is unreachable/i, "neighbour-unresolved": /destination host unreachable/i };
    const re = expected[drop.code];
    if (!re) out.push(`drop ${drop.code} at the sender: no kernel error to compare with`);
    else if (!re.test(probeOutput)) out.push(`drop ${drop.code}: expected the sender to report ${re.source}, it said: ${probeOutput.trim().split("\n").slice(-2).join(" | ")}`);
    return out;
  }
  const icmp = drop.icmp;
  const sourceKey = deviceKey(walk.source.node, walk.source.netns, walk.source.device);
  const errors = observed.filter((f) => f.key === sourceKey && classify(f.headers) === "error");
  if (!icmp || !icmp.reachesSender) {
    // The engine says the sender hears nothing (e.g. the router has no route back): the kernel must agree.
    if (errors.length) out.push(`drop ${drop.code}: the engine sends no ICMP error back, but ${errors.length} reached ${sourceKey}`);
    return out;
  }
  const match = errors.find((f) => {
    const ipH = f.headers.find((x) => x.type === "ip");
    const ic = f.headers.find((x) => x.type === "icmp");
    return ipH?.type === "ip" && ic?.type === "icmp" && ipH.src === icmp.source && ic.icmpType === icmp.type && ic.code === icmp.code;
  });
  // "Fragmentation needed" carries the MTU of the hop that dropped it (RFC 1191).
  const ic = match?.headers.find((x) => x.type === "icmp");
  if (ic?.type === "icmp" && ic.nextHopMtu !== undefined && ic.nextHopMtu !== dropHop?.size.mtu) {
    out.push(`drop ${drop.code}: ICMP frag-needed carries next-hop MTU ${ic.nextHopMtu}, the engine's hop says ${dropHop?.size.mtu ?? "none"}`);
  }
  if (icmp.reachesSender && !match) {
    const seen = errors.map((f) => {
      const ipH = f.headers.find((x) => x.type === "ip");
      const ic = f.headers.find((x) => x.type === "icmp");
      return `${ipH?.type === "ip" ? ipH.src : "?"} type ${ic?.type === "icmp" ? ic.icmpType : "?"} code ${ic?.type === "icmp" ? ic.code : "?"}`;
    });
    out.push(`drop ${drop.code}: expected ICMP type ${icmp.type} code ${icmp.code} from ${icmp.source} back at ${sourceKey}, kernel sent ${seen.length ? seen.join("; ") : "none"}`);
  }
  return out;
}

/** The Service a walk was DNATed to, if any. */
function serviceOf(cluster: Cluster, walk: WalkResult): Service | undefined {
  const name = walk.conntrack.find((ct) => ct.dnat)?.service;
  return name ? cluster.services.find((svc) => `${svc.namespace}/${svc.name}` === name) : undefined;
}

function startListener(ns: string, port: number, protocol: "tcp" | "udp" = "tcp"): Promise<ChildProcess> {
  const child = spawn("ip", ["netns", "exec", ns, "python3", PROBE, `listen-${protocol}`, String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listener in ${ns} did not start`)), 5000);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once("exit", () => reject(new Error(`listener in ${ns} exited`)));
  });
}

/**
 * The tunnel stand-in (KernelCase.tunnelProbe): the walk's first frame on the sending
 * node's NIC that carries a tunnel (IPIP, or flannel's UDP), sent as that outer packet from
 * the node's root namespace. Every wire hop from there on must be seen as the engine says
 * (compareWalk on the walk from that hop), and the drop's answer must reach that node's
 * NIC: the tunnel's sender (the ipip driver, flanneld) is the one the kernel answers.
 */
async function sendTunnelProbe(cluster: Cluster, names: ReturnType<typeof labNames>, walk: WalkResult, captures: Captures, result: CaseResult): Promise<void> {
  const doc = toWalkDocument(walk);
  const start = doc.hops.findIndex((h) => {
    if (!h.wire || h.node !== walk.source.node || h.netns !== "host") return false;
    const outer = h.headers[1];
    return h.headers[0]?.type === "eth" && outer?.type === "ip" && (outer.protoNumber === 4 || (h.headers[2]?.type === "udp" && h.headers[3]?.type === "ip"));
  });
  const hop = doc.hops[start];
  if (!hop) {
    result.mismatches.push("tunnel probe: the walk has no tunnel frame on the sending node's NIC");
    return;
  }
  const [, outer, second, third, fourth] = hop.headers;
  const udp = second?.type === "udp" ? second : undefined;
  const inner = udp ? third : second;
  const icmp = udp ? fourth : third;
  if (outer?.type !== "ip" || inner?.type !== "ip" || icmp?.type !== "icmp") {
    result.mismatches.push(`tunnel probe: hop ${hop.index} is not an ICMP packet in a tunnel`);
    return;
  }
  await captures.start(capturePoints(cluster, names));
  const args = ["python3", PROBE, "tunnel", udp ? "udp" : "ipip", outer.src, outer.dst, String(outer.ttl), outer.df ? "1" : "0", innerIcmpHex(inner, icmp), ...(udp ? [String(udp.sport), String(udp.dport)] : [])];
  const sent = inNetns(names.netns(hop.node, "host"), args);
  if (sent.code !== 0) result.mismatches.push(`tunnel probe: ${sent.stderr.trim()}`);
  // An ICMP error from a namespace on this host takes milliseconds; the captures see a late one.
  await new Promise((r) => setTimeout(r, 300));
  const observed: ObservedFrame[] = [...(await captures.stop())].flatMap(([key, frames]) => frames.map((f) => ({ ...f, key })));
  const fromHere: WalkResult = { ...walk, hops: walk.hops.slice(walk.hops.findIndex((h) => h.id === walk.hops[start]?.id)) };
  const cmp = compareWalk(cluster, fromHere, observed, "request");
  result.hops += cmp.compared;
  result.mismatches.push(...cmp.mismatches);
  const stray = observed.filter((f) => classify(f.headers) === "reply");
  if (stray.length) result.mismatches.push(`the engine drops the packet, but the kernel answered it (seen on ${[...new Set(stray.map((f) => f.key))].join(", ")})`);
  const nic = deviceKey(hop.node, hop.netns, hop.device);
  const errors = observed.filter((f) => f.key === nic && classify(f.headers) === "error");
  const want = walk.drop?.icmp;
  if (!want) {
    if (errors.length) result.mismatches.push(`drop ${walk.drop?.code ?? "?"}: the engine sends no ICMP error, but ${errors.length} reached ${nic}`);
  } else {
    const match = errors.some((f) => {
      const ipH = f.headers.find((x) => x.type === "ip");
      const ic = f.headers.find((x) => x.type === "icmp");
      return ipH?.type === "ip" && ic?.type === "icmp" && ipH.src === want.source && ipH.dst === outer.src && ic.icmpType === want.type && ic.code === want.code;
    });
    if (!match) result.mismatches.push(`drop ${walk.drop?.code ?? "?"}: expected ICMP type ${want.type} code ${want.code} from ${want.source} to the tunnel's sender ${outer.src} on ${nic}, kernel sent ${errors.length} other errors`);
  }
  result.notes.push(`tunnel stand-in: ${udp ? "UDP" : "IPIP"} ${outer.src} → ${outer.dst} sent from ${hop.node}; walk compared from hop ${hop.index}; ${walk.drop ? `dropped: ${walk.drop.code}` : "delivered"}`);
}

/** The cleanup script of the lab being built or run, so a signal never leaves namespaces behind. */
let activeCleanup: string | undefined;

function cleanupAndExit(code: number): void {
  if (activeCleanup) runScript(activeCleanup);
  activeCleanup = undefined;
  process.exit(code);
}
process.on("SIGINT", () => cleanupAndExit(130));
process.on("SIGTERM", () => cleanupAndExit(143));
process.on("SIGHUP", () => cleanupAndExit(129));
// A closed stdout (| head) must not kill the run before its cleanup.
process.stdout.on("error", () => undefined);

async function runCase(c: KernelCase, prefix: string, keep: boolean): Promise<CaseResult> {
  const started = Date.now();
  const result: CaseResult = { name: c.name, hops: 0, tables: 0, shell: 0, routes: 0, mismatches: [], notes: [], ms: 0 };
  const base = getScenario(c.scenario);
  const cluster = c.mutate ? c.mutate(base) : base;
  const options: LabOptions = { prefix, ...(c.ipipStandIn ? { ipipStandIn: "veth" as const } : {}) };
  const names = labNames(cluster, options);
  let forward = walkPacket(cluster, c.spec);
  let reply = forward.delivered ? walkReply(cluster, forward) : undefined;
  const captures = new Captures();
  const listeners: ChildProcess[] = [];
  try {
    activeCleanup = labCleanupScript(cluster, options);
    runScript(activeCleanup);
    const setup = runScript(labScript(cluster, options));
    if (setup.code !== 0) {
      result.mismatches.push(`lab setup failed: ${setup.stderr.trim().split("\n").slice(-3).join(" | ")}`);
      return result;
    }
    if (c.standIn) {
      const standIn = runScript(c.standIn(cluster, names));
      if (standIn.code !== 0) {
        result.mismatches.push(`stand-in setup failed: ${standIn.stderr.trim().split("\n").slice(-3).join(" | ")}`);
        return result;
      }
    }
    const tables = checkTables(cluster, (node, id) => names.netns(node, id as "host"), c.ipipStandIn === true);
    result.tables = tables.checked;
    result.mismatches.push(...tables.mismatches);
    if (c.shell) {
      // Before the probe's captures: the shell check's ping must not be taken for the probe's packets.
      const sh = checkShell(cluster, names, { iptables: cluster.kubeProxy && cluster.services.length > 0 });
      result.shell = sh.checked;
      result.mismatches.push(...sh.mismatches);
      result.notes.push(`shell: ${[...sh.commands].map(([k, v]) => `${k} ×${v}`).join(", ")}`);
    }
    const checkRoutes = (): void => {
      const routes = checkRouteLookups(cluster, names, reply ? [forward, reply] : [forward]);
      result.routes = routes.checked;
      result.mismatches.push(...routes.mismatches);
    };
    if (!c.packets) {
      checkRoutes();
      if (c.tunnelProbe) await sendTunnelProbe(cluster, names, forward, captures, result);
      return result;
    }

    const initial = forward.initial;
    const p = initial.payload;
    // What the client asked for: a host's nat OUTPUT rewrites the walk's initial packet already.
    const probeDst = isIpv4(c.spec.to) ? c.spec.to : initial.dst;
    const probeDport = c.spec.port ?? (p.kind === "tcp" || p.kind === "udp" ? p.dport : 0);
    const service = serviceOf(cluster, forward);
    if (p.kind === "udp" && forward.final) {
      listeners.push(await startListener(names.netns(forward.final.location.node, forward.final.location.netns), probeDport, "udp"));
    }
    if (p.kind === "tcp") {
      // kube-proxy picks an endpoint at random, so every endpoint listens; the walk follows the one the kernel picked.
      const where = new Set<string>(service?.endpoints.map((e) => names.netns(e.node, podNetnsId(e.pod))) ?? []);
      if (forward.final) where.add(names.netns(forward.final.location.node, forward.final.location.netns));
      const targetPort = service ? (service.ports.find((sp) => sp.port === probeDport || sp.nodePort === probeDport)?.targetPort ?? probeDport) : probeDport;
      // A pod that lists its sockets (a wrong-targetPort fault) listens there, and only there.
      const listening = new Map<string, number>();
      for (const pod of cluster.pods) if (pod.listening?.[0]) listening.set(names.netns(pod.node, podNetnsId(pod.name)), pod.listening[0].port);
      for (const ns of where) listeners.push(await startListener(ns, listening.get(ns) ?? targetPort));
    }
    await captures.start(capturePoints(cluster, names));
    const srcNs = names.netns(forward.source.node, forward.source.netns);
    let probe;
    if (p.kind === "icmp") {
      const first = toWalkDocument(forward).hops[0]?.headers.find((h) => h.type === "ip");
      const payload = (first?.type === "ip" ? first.totalLength : 84) - 28;
      // A drop is waited for briefly: in a lab on one host a reply or ICMP error takes milliseconds, and the captures still see a late one.
      probe = inNetns(srcNs, ["ping", "-n", "-c1", forward.delivered ? "-W2" : `-W${c.dropWaitS ?? 0.3}`, "-s", String(payload), "-t", String(initial.ttl), "-M", initial.df ? "do" : "dont", probeDst], { timeoutMs: 5000 });
    } else if (p.kind === "tcp") {
      probe = inNetns(srcNs, ["python3", PROBE, "syn", initial.src, probeDst, String(p.sport), String(probeDport), String(initial.ttl), initial.df ? "1" : "0"]);
      // The answer (SYN-ACK or an ICMP error) needs a moment to come back.
      await new Promise((r) => setTimeout(r, 400));
    } else if (p.kind === "udp") {
      const first = toWalkDocument(forward).hops[0]?.headers.find((h) => h.type === "udp");
      const length = (first?.type === "udp" ? first.length : 8) - 8;
      probe = inNetns(srcNs, ["python3", PROBE, "udp", initial.src, probeDst, String(p.sport), String(probeDport), String(initial.ttl), initial.df ? "1" : "0", String(length)]);
      await new Promise((r) => setTimeout(r, 400));
    } else {
      throw new Error(`no probe for ${p.kind}`);
    }
    const udpPort = p.kind === "udp" ? probeDport : undefined;
    const byPoint = await captures.stop();
    const observed: ObservedFrame[] = [...byPoint].flatMap(([key, frames]) => frames.map((f) => ({ ...f, key })));
    if (service) {
      const picked = service.endpoints.findIndex((e) => observed.some((f) => f.key === deviceKey(e.node, podNetnsId(e.pod), "eth0") && classify(f.headers) === "request" && f.headers.some((h) => h.type === "ip" && h.dst === e.ip)));
      const walked = forward.conntrack.find((ct) => ct.dnat)?.dnat?.ip;
      if (picked >= 0 && service.endpoints[picked]?.ip !== walked) {
        forward = walkPacket(cluster, c.spec, { endpointIndex: picked });
        reply = forward.delivered ? walkReply(cluster, forward) : undefined;
      }
      if (picked >= 0) result.notes.push(`kube-proxy picked endpoint ${service.endpoints[picked]?.ip}`);
    }
    checkRoutes();
    const fw = compareWalk(cluster, forward, observed, "request", udpPort);
    result.hops += fw.compared;
    result.mismatches.push(...fw.mismatches);
    if (reply) {
      const rp = compareWalk(cluster, reply, observed, "reply", udpPort);
      result.hops += rp.compared;
      result.mismatches.push(...rp.mismatches);
    } else {
      const stray = observed.filter((f) => classify(f.headers, udpPort) === "reply");
      if (stray.length) result.mismatches.push(`the engine drops the packet, but the kernel answered it (seen on ${[...new Set(stray.map((f) => f.key))].join(", ")})`);
    }
    result.mismatches.push(...checkDrop(forward, observed, `${probe.stdout}\n${probe.stderr}`));
    if (c.shell && p.kind === "icmp") {
      // The shell's tcpdump on every device of the probe's path, against the lab's own capture of it.
      const seen = new Set<string>();
      const points = [...forward.hops, ...(reply?.hops ?? [])].flatMap((h) => {
        const key = deviceKey(h.location.node, h.location.netns, h.location.device);
        const file = captures.fileFor(key);
        if (!h.wire || !file || seen.has(key) || !cluster.nodes.some((n) => n.name === h.location.node)) return [];
        seen.add(key);
        return [{ node: h.location.node, netns: h.location.netns, device: h.location.device, file }];
      });
      const cap = checkShellCaptures(cluster, c.spec, points);
      result.shell += cap.checked;
      result.mismatches.push(...cap.mismatches);
      result.notes.push(`shell tcpdump on ${points.length} devices`);
    }
    result.notes.push(forward.delivered ? `delivered (${p.kind}), reply walked` : `dropped: ${forward.drop?.code}`);
    if (c.shellFixes) {
      // After the probe: the fixes change the lab.
      const fx = checkShellFixes(cluster, names, c.shellFixes);
      result.shell += fx.checked;
      result.mismatches.push(...fx.mismatches);
      result.notes.push(`shell fixes: ${c.shellFixes.map((f) => `\`${f.line}\``).join(", ")} (${fx.checked} commands)`);
    }
    return result;
  } catch (e) {
    result.mismatches.push(`harness error: ${e instanceof Error ? e.message : String(e)}`);
    return result;
  } finally {
    for (const l of listeners) if (l.exitCode === null) l.kill("SIGKILL");
    captures.dispose();
    if (!keep) runScript(labCleanupScript(cluster, options));
    activeCleanup = undefined;
    result.ms = Date.now() - started;
  }
}

function preflight(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root (network namespaces)";
  for (const tool of ["ip", "tcpdump", "python3", "ping", "iptables-nft-restore", "bridge", "nft"]) {
    if (run("sh", ["-c", `command -v ${tool}`]).code !== 0) return `needs ${tool}`;
  }
  // The Service paths are modelled with br_netfilter; loading a module is the host's business, not this test's.
  if (!existsSync("/proc/sys/net/bridge")) return "needs the br_netfilter module (modprobe br_netfilter)";
  return undefined;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1] : undefined;
  const keep = argv.includes("--keep");
  const missing = preflight();
  if (missing) {
    process.stderr.write(`test:kernel: ${missing}\n`);
    return 2;
  }
  // A per-run prefix: another run of this test on the same machine uses other namespaces.
  const prefix = process.env.CNIA_LAB_PREFIX ?? `cnia-${process.pid.toString(36)}-`;
  const cases = CASES.filter((c) => !only || c.name.includes(only) || c.scenario === only);
  const started = Date.now();
  let failed = 0;
  let shellCommands = 0;
  for (const c of cases) {
    const r = await runCase(c, prefix, keep);
    shellCommands += r.shell;
    if (r.mismatches.length) failed++;
    process.stdout.write(
      `${r.mismatches.length ? "FAIL" : "ok  "} ${c.scenario.padEnd(34)} ${c.name}\n` +
        `     hops compared ${r.hops}, table entries ${r.tables}, route lookups ${r.routes}, shell commands ${r.shell}, mismatches ${r.mismatches.length}${r.notes.length ? `; ${r.notes.join("; ")}` : ""} (${r.ms} ms)\n` +
        r.mismatches.map((m) => `     ✗ ${m}\n`).join(""),
    );
  }
  process.stdout.write(`\nlab shell: ${shellCommands} commands compared with the real tools in ${cases.filter((c) => c.shell).length} cases\n`);
  process.stdout.write(`${cases.length - failed}/${cases.length} cases without mismatches in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return failed ? 1 : 0;
}

void main().then((code) => {
  process.exitCode = code;
});
