/**
 * The packet walker: follows one packet through a {@link Cluster} the way the
 * Linux kernel (plus flanneld, kube-proxy's iptables rules and Calico's policy
 * chains) would move it, recording every decision as a {@link Hop}.
 *
 * It is a set of mutually recursive steps mirroring kernel entry points
 * (ip_rcv → ip_forward → ip_output → dev_queue_xmit → peer/segment rx). Each
 * step only does hash/LPM lookups, so a walk's cost follows its path length,
 * not the cluster's size.
 */
import {
  BROADCAST_MAC,
  cidrContains,
  ipv4ToNumber,
  isIpv4,
  PacketWalkInputError,
  type IfName,
  type Ipv4,
  type Mac,
} from "./addresses";
import {
  bridgeOf,
  indexCluster,
  layeredGet,
  lookupRejectedRoute,
  lookupRoute,
  routeScope,
  selectSourceAddress,
  type ClusterIndex,
  type NetnsIndex,
  type SegmentStation,
} from "./cluster-index";
import { fnv1a32 } from "./hash";
import { lpmLookup, type LpmIndex } from "./lpm";
import { chooseEndpoint, kubeEndpointChain, kubeExternalChain, kubeServiceChain, servicePortName } from "./kube-proxy";
import type {
  BridgeDevice,
  Cluster,
  Device,
  DeviceRef,
  FdbEntry,
  FlannelLease,
  IpipDevice,
  NeighbourEntry,
  NetnsId,
  PodInfo,
  RejectedRoute,
  Route,
  RouterInterface,
  TunDevice,
  UnderlayFilter,
  VxlanDevice,
} from "./model";
import {
  headerStack,
  ipTotalLength,
  outerIp,
  rewritePacket,
  transportPorts,
  type EthFrame,
  type Header,
  type IpPacket,
  type IpPayload,
  type WireUnit,
} from "./packet";
import { evaluateNetworkPolicy, type PolicyVerdict } from "./policy";

/** Transport protocol of a walked packet. */
export type WalkProtocol = "icmp" | "tcp" | "udp";

/** What to send. `from` and `to` accept a pod name, a node name or an IP. */
export interface PacketSpec {
  /** Source: pod name, pod IP, node name or node IP. */
  readonly from: string;
  /** Destination: pod/node/ClusterIP address (or a pod or node name). */
  readonly to: string;
  /** Default `icmp` (ping), as in the seed. */
  readonly protocol?: WalkProtocol;
  /** Destination port (tcp default 80, udp default 53); ICMP ignores it. */
  readonly port?: number;
  /** Source port (default: a stable value from the ephemeral range 32768–60999); ICMP echo id for icmp. */
  readonly sourcePort?: number;
  /** Initial TTL (Linux default 64). */
  readonly ttl?: number;
  /** Bytes after the transport header (ping default 56, udp 32, tcp 0). */
  readonly payloadBytes?: number;
  /** Don't Fragment bit (Linux sets DF by default: path MTU discovery). */
  readonly dontFragment?: boolean;
}

/** Walk options. */
export interface WalkOptions {
  /** Force a Service endpoint (index into the Service's endpoints) instead of the 5-tuple hash. */
  readonly endpointIndex?: number;
}

/** What happened at a hop. */
export type HopAction =
  | "route-lookup"
  | "arp-lookup"
  | "fdb-lookup"
  | "send"
  | "receive"
  | "bridge-forward"
  | "encapsulate"
  | "decapsulate"
  | "to-userspace"
  | "dnat"
  | "snat"
  | "un-dnat"
  | "un-snat"
  | "policy"
  | "note"
  | "deliver"
  | "drop";

/** The table entry (or rule) that decided a hop, structured plus as the tool would print it. */
export type TableEntry =
  | { readonly kind: "route"; readonly text: string; readonly route: Route; readonly rejected?: RejectedRoute }
  | { readonly kind: "local-address"; readonly text: string; readonly ip: Ipv4; readonly device: IfName }
  | { readonly kind: "neighbour"; readonly text: string; readonly neighbour: NeighbourEntry; readonly dynamic: boolean; readonly answeredBy?: string }
  | { readonly kind: "fdb"; readonly text: string; readonly fdb: FdbEntry; readonly flooded?: boolean }
  | { readonly kind: "vxlan-device"; readonly text: string; readonly device: IfName; readonly vni: number; readonly dstPort: number }
  | { readonly kind: "ipip-device"; readonly text: string; readonly device: IfName }
  | { readonly kind: "flannel-lease"; readonly text: string; readonly lease: FlannelLease }
  | { readonly kind: "iptables"; readonly text: string; readonly table: "nat" | "filter"; readonly chains: readonly string[]; readonly service?: string }
  | { readonly kind: "conntrack"; readonly text: string; readonly conntrack: ConntrackEntry }
  | { readonly kind: "policy"; readonly text: string; readonly verdict: PolicyVerdict }
  | { readonly kind: "router-route"; readonly text: string; readonly router: string };

/** Packet size at a hop compared with the device MTU (IP total length vs MTU, as the kernel compares). */
export interface HopSize {
  /** IP total length of the outermost IP packet. */
  readonly ipBytes: number;
  /** Bytes on the wire at this point (adds the 14-byte Ethernet header on L2 devices). */
  readonly wireBytes: number;
  readonly mtu: number | null;
  readonly exceedsMtu: boolean;
}

/** One step of a walk. */
export interface Hop {
  /** Stable id within the walk (`hop-0`, `hop-1`, …). */
  readonly id: string;
  readonly index: number;
  /** Where it happens; a diagram highlights this device. */
  readonly location: DeviceRef;
  readonly action: HopAction;
  readonly detail: string;
  readonly entry?: TableEntry;
  /** A real command that shows the deciding state on a node. */
  readonly command?: string;
  /** Full header stack at this point, outermost first. */
  readonly headers: readonly Header[];
  readonly size: HopSize;
  /** Set when this hop is the packet on the wire of `location.device` (what tcpdump there would capture). */
  readonly wire?: "tx" | "rx";
  /** The packet as structured data (for byte encoding). */
  readonly packet: WireUnit;
}

/** Why a packet died. */
export type DropCode =
  | "no-route"
  | "blackhole"
  | "next-hop-not-on-link"
  | "underlay-no-route"
  | "mtu-exceeded"
  | "policy-denied"
  | "no-endpoints"
  | "ttl-expired"
  | "neighbour-unresolved"
  | "no-fdb-entry"
  | "vni-mismatch"
  | "not-forwarding"
  | "not-for-this-host"
  | "device-down"
  | "loop"
  | "rp-filter"
  | "underlay-filtered"
  | "port-unreachable"
  | "frame-too-big";

/** The ICMP error a drop generates (what traceroute or the sender sees). */
export interface DropIcmp {
  readonly type: number;
  readonly code: number;
  /** Source address of the ICMP error. */
  readonly source: Ipv4;
  /** False when the error cannot reach the original sender (e.g. it is sent to the node about an outer header). */
  readonly reachesSender: boolean;
}

/** Details of a drop, actionable by a learner. */
export interface DropInfo {
  readonly code: DropCode;
  readonly reason: string;
  readonly hopId: string;
  readonly location: DeviceRef;
  readonly icmp?: DropIcmp;
  readonly policy?: PolicyVerdict;
}

/** A connection-tracking tuple. */
export interface ConntrackTuple {
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
}

/** A NAT'ed connection remembered by one node (what `conntrack -L` shows). */
export interface ConntrackEntry {
  readonly node: string;
  readonly protocol: "tcp" | "udp";
  readonly original: ConntrackTuple;
  readonly dnat?: { readonly ip: Ipv4; readonly port: number };
  readonly snat?: { readonly ip: Ipv4 };
  readonly masquerade: boolean;
  readonly service?: string;
}

/** Result of a walk. */
export interface WalkResult {
  readonly direction: "forward" | "reply";
  readonly delivered: boolean;
  readonly drop?: DropInfo;
  readonly hops: readonly Hop[];
  /** Where the packet started. */
  readonly source: DeviceRef & { readonly ip: Ipv4 };
  /** The packet as first sent. */
  readonly initial: IpPacket;
  /**
   * Where and as what it was delivered. `refused`: the packet reached the namespace but no socket
   * listens on its port, so the kernel answers with a TCP RST (or ICMP port unreachable for UDP).
   */
  readonly final?: { readonly location: DeviceRef; readonly packet: IpPacket; readonly refused?: string };
  /** NAT state created (forward) or used (reply). */
  readonly conntrack: readonly ConntrackEntry[];
}

type Outcome =
  | { readonly delivered: true; readonly location: DeviceRef; readonly packet: IpPacket; readonly refused?: string }
  | { readonly delivered: false; readonly drop: DropInfo };

interface Ctx {
  readonly idx: ClusterIndex;
  readonly direction: "forward" | "reply";
  readonly options: WalkOptions;
  readonly hops: Hop[];
  /** Conntrack entries (forward: created so far; reply: given). */
  conntrack: ConntrackEntry[];
  /** Connection known to conntrack: policy accepts it as ESTABLISHED. */
  readonly established: boolean;
  /** A masquerade owed at POSTROUTING of this node (index into conntrack). */
  pendingMasq: { node: string; ct: number } | undefined;
  /** An un-DNAT owed at POSTROUTING/INPUT of this node. */
  pendingUnDnat: { node: string; ct: number } | undefined;
  /** A route an agent failed to install that would have matched: explains later drops. */
  rejected: { node: string; rejected: RejectedRoute } | undefined;
}

const MAX_HOPS = 400;
/** Dataplanes that carry pod traffic between nodes in a tunnel. */
const OVERLAY_MODES: ReadonlySet<string> = new Set(["flannel-vxlan", "flannel-udp", "calico-ipip", "calico-vxlan", "canal"]);
const DEFAULT_TTL = 64;

function ref(node: string, netns: NetnsId, device: IfName | string): DeviceRef {
  return { node, netns, device: device as IfName };
}

function execPrefix(netns: NetnsId): string {
  return netns === "host" ? "" : `kubectl exec -it ${netns.slice(4)} -- `;
}

function formatRoute(r: Route): string {
  const parts: string[] = [];
  if (r.type !== "unicast") parts.push(r.type);
  parts.push(r.dst === "0.0.0.0/0" ? "default" : r.dst.endsWith("/32") ? r.dst.slice(0, -3) : r.dst);
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.proto) parts.push(`proto ${r.proto}`);
  if (r.scope && r.scope !== "global") parts.push(`scope ${r.scope}`);
  if (r.src) parts.push(`src ${r.src}`);
  if (r.metric !== undefined) parts.push(`metric ${r.metric}`);
  if (r.onlink) parts.push("onlink");
  if (r.linkdown) parts.push("linkdown");
  return parts.join(" ");
}

/** Formats a route the way `ip route` prints it. */
export function formatRouteLine(r: Route): string {
  return formatRoute(r);
}

function formatNeighbour(n: NeighbourEntry): string {
  return `${n.ip} dev ${n.dev} lladdr ${n.mac} ${n.state}`;
}

function formatFdb(f: FdbEntry): string {
  const parts = [f.mac, `dev ${f.dev}`];
  if (f.dst) parts.push(`dst ${f.dst}`);
  if (f.master) parts.push(`master ${f.master}`);
  if (f.self) parts.push("self");
  if (f.permanent) parts.push("permanent");
  return parts.join(" ");
}

function formatConntrack(ct: ConntrackEntry): string {
  const replySrc = ct.dnat?.ip ?? ct.original.dst;
  const replySport = ct.dnat?.port ?? ct.original.dport;
  const replyDst = ct.snat?.ip ?? ct.original.src;
  return (
    `${ct.protocol} src=${ct.original.src} dst=${ct.original.dst} sport=${ct.original.sport} dport=${ct.original.dport} ` +
    `src=${replySrc} dst=${replyDst} sport=${replySport} dport=${ct.original.sport}` +
    `${ct.dnat ? " [DNAT]" : ""}${ct.snat ? " [SNAT]" : ""}`
  );
}

function deviceMtu(ns: NetnsIndex | undefined, dev: string): number | null {
  return ns?.devices.get(dev)?.mtu ?? null;
}

function addHop(
  ctx: Ctx,
  location: DeviceRef,
  action: HopAction,
  detail: string,
  packet: WireUnit,
  extra: { entry?: TableEntry; command?: string; mtu?: number | null; wire?: "tx" | "rx" } = {},
): Hop {
  const index = ctx.hops.length;
  const ipBytes = ipTotalLength(outerIp(packet));
  const mtu = extra.mtu ?? null;
  const hop: Hop = {
    id: `hop-${index}`,
    index,
    location,
    action,
    detail,
    ...(extra.entry ? { entry: extra.entry } : {}),
    ...(extra.command ? { command: extra.command } : {}),
    headers: headerStack(packet),
    size: { ipBytes, wireBytes: packet.kind === "eth" ? ipBytes + 14 : ipBytes, mtu, exceedsMtu: mtu !== null && ipBytes > mtu },
    ...(extra.wire ? { wire: extra.wire } : {}),
    packet,
  };
  ctx.hops.push(hop);
  return hop;
}

function drop(
  ctx: Ctx,
  location: DeviceRef,
  code: DropCode,
  reason: string,
  packet: WireUnit,
  extra: { entry?: TableEntry; command?: string; icmp?: DropIcmp; policy?: PolicyVerdict; mtu?: number | null } = {},
): Outcome {
  let finalCode = code;
  let finalReason = reason;
  // A later drop is usually the symptom of a route the agent could not install; say so.
  if (ctx.rejected && (code === "underlay-no-route" || code === "no-route" || code === "neighbour-unresolved")) {
    finalCode = "next-hop-not-on-link";
    const r = ctx.rejected.rejected;
    finalReason =
      `${r.by} on ${ctx.rejected.node} could not install \`${formatRoute(r.route)}\`: ${r.error}. ` +
      `Without it the packet followed another route and was lost: ${reason}`;
  }
  const hop = addHop(ctx, location, "drop", finalReason, packet, {
    ...(extra.entry ? { entry: extra.entry } : {}),
    ...(extra.command ? { command: extra.command } : {}),
    mtu: extra.mtu ?? null,
  });
  return {
    delivered: false,
    drop: {
      code: finalCode,
      reason: finalReason,
      hopId: hop.id,
      location,
      ...(extra.icmp ? { icmp: extra.icmp } : {}),
      ...(extra.policy ? { policy: extra.policy } : {}),
    },
  };
}

function guard(ctx: Ctx, location: DeviceRef, packet: WireUnit): Outcome | undefined {
  if (ctx.hops.length > MAX_HOPS) {
    return drop(ctx, location, "loop", `gave up after ${MAX_HOPS} hops: the packet is looping (check routes for a cycle)`, packet);
  }
  return undefined;
}

/** Ephemeral-port-like stable number for a flow. */
function stablePort(seed: string): number {
  return 32768 + (fnv1a32(seed) % (60999 - 32768 + 1));
}

/** Where a packet can originate. */
interface ResolvedSource {
  readonly node: string;
  readonly netns: NetnsId;
  readonly ip: Ipv4 | undefined;
  readonly pod?: PodInfo;
}

function resolveSource(idx: ClusterIndex, from: string): ResolvedSource {
  const pod = idx.podsByName.get(from) ?? (isIpv4(from) ? idx.podsByIp.get(from) : undefined);
  if (pod) return { node: pod.node, netns: `pod:${pod.name}`, ip: pod.ip, pod };
  const node = idx.nodes.get(from) ?? (isIpv4(from) ? idx.nodeByIp.get(from) : undefined);
  if (node) return { node: node.name, netns: "host", ip: isIpv4(from) ? from : undefined };
  if (isIpv4(from)) {
    // Any other address owned by a node's root namespace (flannel.1, cni0, tunl0 ...).
    for (const n of idx.cluster.nodes) {
      const host = idx.netns(n.name, "host");
      if (host?.localAddresses.has(from)) return { node: n.name, netns: "host", ip: from };
    }
  }
  throw new PacketWalkInputError(`unknown source "${from}": give a pod name or IP, or a node name or IP of cluster "${idx.cluster.name}"`, "from");
}

function resolveDestination(idx: ClusterIndex, to: string): Ipv4 {
  if (isIpv4(to)) return to;
  const pod = idx.podsByName.get(to);
  if (pod) return pod.ip;
  const node = idx.nodes.get(to);
  if (node) return node.ip;
  throw new PacketWalkInputError(`unknown destination "${to}": give an IPv4 address, a pod name or a node name`, "to");
}

function buildPayload(spec: PacketSpec, flowSeed: string): IpPayload {
  const protocol = spec.protocol ?? "icmp";
  if (protocol === "icmp") {
    return { kind: "icmp", type: 8, code: 0, ident: spec.sourcePort ?? fnv1a32(flowSeed) & 0xffff, seq: 1, dataLength: spec.payloadBytes ?? 56 };
  }
  const sport = spec.sourcePort ?? stablePort(flowSeed);
  if (protocol === "tcp") {
    return { kind: "tcp", sport, dport: spec.port ?? 80, flags: ["SYN"], seq: fnv1a32(`${flowSeed}|seq`), ack: 0, dataLength: spec.payloadBytes ?? 0 };
  }
  return { kind: "udp", sport, dport: spec.port ?? 53, checksum: true, body: { kind: "data", length: spec.payloadBytes ?? 32 } };
}

/**
 * The largest payload a walk follows: with its headers and a 50-byte VXLAN (or 20-byte IPIP)
 * wrapping it still fits an IPv4 datagram's 65,535 bytes, since the walk follows a
 * fragmented packet as one.
 */
export const MAX_PAYLOAD_BYTES = 65000;

function validateSpec(spec: PacketSpec): void {
  const checkPort = (v: number | undefined, path: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 65535)) throw new PacketWalkInputError(`${v} is not a port number (0-65535)`, path);
  };
  checkPort(spec.port, "port");
  checkPort(spec.sourcePort, "sourcePort");
  if (spec.ttl !== undefined && (!Number.isInteger(spec.ttl) || spec.ttl < 1 || spec.ttl > 255)) {
    throw new PacketWalkInputError(`${spec.ttl} is not a TTL (1-255)`, "ttl");
  }
  if (spec.payloadBytes !== undefined && (!Number.isInteger(spec.payloadBytes) || spec.payloadBytes < 0 || spec.payloadBytes > MAX_PAYLOAD_BYTES)) {
    throw new PacketWalkInputError(`${spec.payloadBytes} is not a payload size (0-${MAX_PAYLOAD_BYTES})`, "payloadBytes");
  }
  if (spec.protocol !== undefined && !["icmp", "tcp", "udp"].includes(spec.protocol)) {
    throw new PacketWalkInputError(`"${String(spec.protocol)}" is not one of icmp, tcp, udp`, "protocol");
  }
}

/**
 * Walks one packet from `spec.from` to `spec.to` through `cluster` and returns
 * every hop, the drop reason if it died, and the conntrack state it created.
 * Pure: the cluster is not modified.
 */
export function walkPacket(cluster: Cluster, spec: PacketSpec, options: WalkOptions = {}): WalkResult {
  validateSpec(spec);
  const idx = indexCluster(cluster);
  const source = resolveSource(idx, spec.from);
  const dst = resolveDestination(idx, spec.to);
  const outside = idx.nodeByIp.get(dst);
  if (source.pod && outside?.external) {
    // Real clusters masquerade pod traffic that leaves the pod network (flannel --ip-masq,
    // Calico natOutgoing); the model has no such rules, so it would show a reply that dies.
    throw new PacketWalkInputError(
      `${outside.name} is outside the cluster: walks start there (a client of a NodePort) but a pod's traffic to it needs outgoing NAT, which is not modelled`,
      "to",
    );
  }
  const flowSeed = `${spec.from}|${dst}|${spec.protocol ?? "icmp"}|${spec.port ?? ""}`;
  const initial: IpPacket = {
    kind: "ip",
    src: source.ip ?? ("0.0.0.0" as Ipv4),
    dst,
    ttl: spec.ttl ?? DEFAULT_TTL,
    id: fnv1a32(`${flowSeed}|id`) & 0xffff,
    df: spec.dontFragment ?? true,
    payload: buildPayload(spec, flowSeed),
  };
  const ctx: Ctx = {
    idx,
    direction: "forward",
    options,
    hops: [],
    conntrack: [],
    established: false,
    pendingMasq: undefined,
    pendingUnDnat: undefined,
    rejected: undefined,
  };
  const ns = idx.netns(source.node, source.netns);
  if (!ns) throw new PacketWalkInputError(`namespace ${source.netns} on ${source.node} is missing from the cluster`, "from");
  const { outcome, sent } = originate(ctx, ns, initial, source.ip === undefined);
  return finish(ctx, outcome, { ...ref(source.node, source.netns, firstDevice(ns)), ip: sent.src }, sent);
}

function firstDevice(ns: NetnsIndex): IfName {
  const d = ns.devicesByIfindex.find((x) => x.kind !== "loopback") ?? ns.devicesByIfindex[0];
  return (d?.name ?? "lo") as IfName;
}

function finish(ctx: Ctx, outcome: Outcome, source: DeviceRef & { ip: Ipv4 }, initial: IpPacket): WalkResult {
  return {
    direction: ctx.direction,
    delivered: outcome.delivered,
    ...(outcome.delivered
      ? { final: { location: outcome.location, packet: outcome.packet, ...(outcome.refused ? { refused: outcome.refused } : {}) } }
      : { drop: outcome.drop }),
    hops: ctx.hops,
    source,
    initial,
    conntrack: ctx.conntrack,
  };
}

/**
 * Walks the reply to a delivered packet (echo reply, SYN-ACK, UDP answer) back
 * from where it was delivered, using the conntrack state of the forward walk so
 * Service traffic is un-DNATed (the reply's source is the ClusterIP again).
 */
export function walkReply(cluster: Cluster, forward: WalkResult, options: WalkOptions = {}): WalkResult {
  if (!forward.delivered || !forward.final) {
    throw new PacketWalkInputError("only a delivered packet has a reply: the forward walk was dropped", "reply");
  }
  const idx = indexCluster(cluster);
  const got = forward.final.packet;
  const p = got.payload;
  let payload: IpPayload;
  switch (p.kind) {
    case "icmp":
      payload = { ...p, type: 0 };
      break;
    case "tcp": {
      if (forward.final.refused) {
        // tcp_v4_send_reset: RST,ACK acknowledging the SYN, sequence 0, no options.
        const { mss: _peerMss, ...rest } = p;
        payload = { ...rest, sport: p.dport, dport: p.sport, flags: ["RST", "ACK"], seq: 0, ack: (p.seq + 1 + p.dataLength) >>> 0, dataLength: 0 };
        break;
      }
      const synAck = p.flags.includes("SYN");
      const { mss: _peerMss, ...rest } = p;
      // Linux always puts the MSS option on a SYN-ACK (tcp_synack_options), MSS = route MTU − 40 (checked against the kernel).
      const mss = synAck ? synAckMss(idx, forward.final.location, got.src) : undefined;
      payload = { ...rest, sport: p.dport, dport: p.sport, flags: synAck ? ["SYN", "ACK"] : ["ACK"], ack: (p.seq + 1) >>> 0, seq: fnv1a32(`${p.seq}|reply`), ...(mss !== undefined ? { mss } : {}) };
      break;
    }
    case "udp":
      if (forward.final.refused) throw new PacketWalkInputError(`no reply to walk: ${forward.final.refused}`, "reply");
      payload = { ...p, sport: p.dport, dport: p.sport };
      break;
    default:
      throw new PacketWalkInputError("cannot build a reply to a tunnel packet", "reply");
  }
  // The kernel answers pings from its ICMP control socket, which uses IP_PMTUDISC_DONT (icmp_sk_init): no DF on echo replies.
  const df = p.kind === "icmp" ? false : got.df;
  const reply: IpPacket = { kind: "ip", src: got.dst, dst: got.src, ttl: DEFAULT_TTL, id: (got.id + 1) & 0xffff, df, payload };
  const ctx: Ctx = {
    idx,
    direction: "reply",
    options,
    hops: [],
    conntrack: [...forward.conntrack],
    established: true,
    pendingMasq: undefined,
    pendingUnDnat: undefined,
    rejected: undefined,
  };
  const loc = forward.final.location;
  const ns = idx.netns(loc.node, loc.netns);
  if (!ns) throw new PacketWalkInputError(`namespace ${loc.netns} on ${loc.node} is missing`, "reply");
  const { outcome, sent } = originate(ctx, ns, reply, false);
  return finish(ctx, outcome, { ...loc, ip: sent.src }, sent);
}

/** The MSS a Linux SYN-ACK advertises: the MTU of the route back to the client minus 40 (IPv4 + TCP headers). */
function synAckMss(idx: ClusterIndex, at: DeviceRef, client: Ipv4): number | undefined {
  const ns = idx.netns(at.node, at.netns);
  if (!ns) return undefined;
  const route = lookupRoute(ns, client);
  const mtu = route?.dev ? deviceMtu(ns, route.dev) : null;
  return mtu === null ? undefined : mtu - 40;
}

// ---------------------------------------------------------------------------
// Local output: a process (or a tunnel driver) in `ns` sends `packet`.

/** kube-proxy's rules live in the root namespace of every cluster node, never on an outside host. */
function runsKubeProxy(ctx: Ctx, ns: NetnsIndex): boolean {
  return ns.netns.id === "host" && ctx.idx.cluster.kubeProxy && ctx.idx.nodes.get(ns.node)?.external !== true;
}

function originate(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, chooseSource: boolean): { outcome: Outcome; sent: IpPacket } {
  let pkt = packet;
  const node = ns.node;
  // kube-proxy hooks nat OUTPUT too: host processes reach ClusterIPs and NodePorts.
  let preDnatSource: Ipv4 | undefined;
  if (runsKubeProxy(ctx, ns) && ctx.direction === "forward") {
    // connect() picks the source from the route to the address it was given, before nat OUTPUT
    // rewrites the destination (checked against the kernel: from a node to a ClusterIP it is the NIC's address).
    const first = chooseSource ? lookupRoute(ns, pkt.dst) : undefined;
    preDnatSource = first && first.type === "unicast" ? (first.src ?? selectSourceAddress(ns, first.dev, first.via ?? pkt.dst, routeScope(first))) : undefined;
    if (preDnatSource) pkt = { ...pkt, src: preDnatSource };
    const r = serviceDnat(ctx, ns, pkt, firstDevice(ns), true);
    if ("outcome" in r) return { outcome: r.outcome, sent: pkt };
    pkt = r.packet;
  }
  const route = lookupRoute(ns, pkt.dst);
  const here = ref(node, ns.netns.id, route?.dev ?? firstDevice(ns));
  if (!route) {
    return {
      outcome: drop(ctx, here, "no-route", `no route to ${pkt.dst} in ${describeNetns(ns)} ("Network is unreachable")`, pkt, {
        command: `${execPrefix(ns.netns.id)}ip route get ${pkt.dst}`,
      }),
      sent: pkt,
    };
  }
  if (chooseSource && !preDnatSource) {
    const src = route.src ?? selectSourceAddress(ns, route.dev, route.via ?? pkt.dst, routeScope(route));
    if (!src) {
      return { outcome: drop(ctx, here, "no-route", `no usable source address for ${pkt.dst} in ${describeNetns(ns)}`, pkt), sent: pkt };
    }
    pkt = { ...pkt, src };
  }
  addHop(ctx, here, "route-lookup", `local output ${pkt.src} → ${pkt.dst}: matched \`${formatRoute(route)}\``, pkt, {
    entry: { kind: "route", text: formatRoute(route), route },
    command: `${execPrefix(ns.netns.id)}ip route get ${pkt.dst}`,
    mtu: route.dev ? deviceMtu(ns, route.dev) : null,
  });
  return { outcome: output(ctx, ns, pkt, route, undefined), sent: pkt };
}

function describeNetns(ns: NetnsIndex): string {
  return ns.netns.id === "host" ? `${ns.node}'s root namespace` : `pod ${ns.netns.id.slice(4)}`;
}

// ---------------------------------------------------------------------------
// Routing decided: FORWARD/POSTROUTING hooks, MTU, then hand to the device.

function output(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, route: Route, inDev: Device | undefined): Outcome {
  const node = ns.node;
  if (route.type === "blackhole" || route.type === "unreachable") {
    return drop(ctx, ref(node, ns.netns.id, inDev?.name ?? firstDevice(ns)), "blackhole", `matched \`${formatRoute(route)}\`: the kernel discards packets to ${packet.dst}` +
      (route.type === "blackhole" ? " (Calico installs a blackhole for its own IPAM block so addresses it has not assigned go nowhere)" : ""), packet, {
      entry: { kind: "route", text: formatRoute(route), route },
      command: `ip route get ${packet.dst}`,
    });
  }
  const dev = route.dev ? ns.devices.get(route.dev) : undefined;
  if (!dev) {
    return drop(ctx, ref(node, ns.netns.id, route.dev ?? firstDevice(ns)), "no-route", `route \`${formatRoute(route)}\` names a device that does not exist`, packet);
  }
  if (!dev.up) {
    return drop(ctx, ref(node, ns.netns.id, dev.name), "device-down", `${dev.name} is down: the kernel cannot send on it`, packet, { command: `ip link show ${dev.name}` });
  }
  let pkt = packet;
  // Calico policy lives in filter FORWARD/OUTPUT, after routing, on the workload's host interface.
  const policyOut = calicoPolicyChecks(ctx, ns, pkt, inDev, dev);
  if (policyOut) return policyOut;
  const post = postrouting(ctx, ns, pkt, dev, route);
  if ("outcome" in post) return post.outcome;
  pkt = post.packet;
  const here = ref(node, ns.netns.id, dev.name);
  const size = ipTotalLength(pkt);
  if (size > dev.mtu) {
    if (pkt.df) {
      const forwarded = inDev !== undefined;
      const icmpSrc = forwarded ? icmpErrorSource(ns, pkt.src) : undefined;
      return drop(
        ctx,
        here,
        "mtu-exceeded",
        `${size}-byte packet exceeds ${dev.name} MTU ${dev.mtu} and has DF set: ` +
          (forwarded
            ? `dropped, ICMP "fragmentation needed" (mtu ${dev.mtu}) goes back to ${pkt.src}`
            : `the sending socket gets EMSGSIZE ("Message too long")`) +
          ". Lower the pod MTU or the payload, or fix the tunnel MTU (encapsulation overhead).",
        pkt,
        { command: `ip link show ${dev.name}`, mtu: dev.mtu, ...(icmpSrc ? { icmp: { type: 3, code: 4, source: icmpSrc, reachesSender: true } } : {}) },
      );
    }
    addHop(ctx, here, "note", `${size}-byte packet exceeds ${dev.name} MTU ${dev.mtu}; DF is clear so the kernel fragments it (the walk follows it as one packet)`, pkt, { mtu: dev.mtu });
  }
  const nexthop = route.via ?? pkt.dst;
  switch (dev.kind) {
    case "tun":
      return tunOutput(ctx, ns, dev, pkt);
    case "ipip":
      return ipipOutput(ctx, ns, dev, pkt, route);
    case "loopback":
      return localDeliver(ctx, ns, dev, pkt);
    default: {
      const neigh = resolveNeighbour(ctx, ns, dev, nexthop);
      if ("error" in neigh) {
        // The kernel queues the packet while it solicits (3 ARP requests, 1 s apart); when the
        // entry fails, arp_error_report sends ICMP host unreachable for a forwarded packet
        // (checked in the lab: "From 10.244.1.1 ... Destination Host Unreachable" after ~3 s).
        const icmpSrc = inDev !== undefined ? icmpErrorSource(ns, pkt.src) : undefined;
        return drop(ctx, here, "neighbour-unresolved", `${neigh.error}. After ~3 s of unanswered ARP requests the kernel gives up${icmpSrc ? ` and sends ICMP host unreachable to ${pkt.src} from ${icmpSrc}` : ""}`, pkt, {
          command: `${execPrefix(ns.netns.id)}ip neigh show dev ${dev.name}`,
          mtu: dev.mtu,
          ...(icmpSrc ? { icmp: { type: 3, code: 1, source: icmpSrc, reachesSender: true } } : {}),
        });
      }
      addHop(ctx, here, "arp-lookup", `next hop ${nexthop} on ${dev.name} → ${neigh.entry.mac}${neigh.answeredBy ? ` (${neigh.answeredBy})` : ""}`, pkt, {
        entry: { kind: "neighbour", text: formatNeighbour(neigh.entry), neighbour: neigh.entry, dynamic: neigh.dynamic, ...(neigh.answeredBy ? { answeredBy: neigh.answeredBy } : {}) },
        command: `${execPrefix(ns.netns.id)}ip neigh show dev ${dev.name}`,
        mtu: dev.mtu,
      });
      const frame: EthFrame = { kind: "eth", src: dev.mac, dst: neigh.entry.mac, payload: pkt };
      return transmitFrame(ctx, ns, dev, frame);
    }
  }
}

function icmpErrorSource(ns: NetnsIndex, to: Ipv4): Ipv4 | undefined {
  const r = lookupRoute(ns, to);
  if (!r || r.type !== "unicast") return undefined;
  return r.src ?? selectSourceAddress(ns, r.dev, r.via ?? to, routeScope(r));
}

// ---------------------------------------------------------------------------
// Neighbour resolution.

interface Resolved {
  readonly entry: NeighbourEntry;
  readonly dynamic: boolean;
  readonly answeredBy?: string;
}

const bridgeDomainCache = new WeakMap<NetnsIndex, Map<string, Map<string, { mac: Mac; who: string }>>>();

/** IP → (MAC, owner) for everything attached to a bridge (the ports' peers and the bridge itself). */
function bridgeDomain(ctx: Ctx, ns: NetnsIndex, br: BridgeDevice): Map<string, { mac: Mac; who: string }> {
  let perNs = bridgeDomainCache.get(ns);
  if (!perNs) {
    perNs = new Map();
    bridgeDomainCache.set(ns, perNs);
  }
  const cached = perNs.get(br.name);
  if (cached) return cached;
  const map = new Map<string, { mac: Mac; who: string }>();
  for (const a of br.addresses) map.set(a.ip, { mac: br.mac, who: `${br.name} on ${ns.node}` });
  for (const port of ns.bridgePorts.get(br.name) ?? []) {
    if (port.kind !== "veth") continue;
    const peerNs = ctx.idx.netns(ns.node, port.peer.netns);
    const peer = peerNs?.devices.get(port.peer.device);
    if (!peer || peer.kind !== "veth") continue;
    for (const a of peer.addresses) map.set(a.ip, { mac: peer.mac, who: `${port.peer.netns} ${peer.name}` });
    map.set(`mac:${peer.mac}`, { mac: peer.mac, who: port.name });
  }
  perNs.set(br.name, map);
  return map;
}

function dynamicEntry(ip: Ipv4, dev: IfName, m: Mac): NeighbourEntry {
  return { ip, dev, mac: m, state: "REACHABLE" };
}

function resolveNeighbour(ctx: Ctx, ns: NetnsIndex, dev: Device, ip: Ipv4): Resolved | { error: string } {
  const fixed = layeredGet(ns.neighbours, dev.name, ip);
  if (fixed) return { entry: fixed, dynamic: false };
  switch (dev.kind) {
    case "vxlan":
      return {
        error:
          `no neighbour entry for ${ip} on ${dev.name}: the VXLAN device has nolearning and the agent programs one PERMANENT ARP entry per remote node; ` +
          `none exists for ${ip}, so the kernel broadcasts ARP requests on ${dev.name}, which the VXLAN driver drops: no FDB entry for ff:ff:ff:ff:ff:ff and no l2miss handler (is the remote node's lease missing?)`,
      };
    case "physical": {
      const station = ctx.idx.segments.get(dev.segment)?.byIp.get(ip);
      if (!station) return { error: `ARP "who-has ${ip}" on ${dev.name} (segment ${dev.segment}) got no answer: nothing on this L2 segment owns ${ip}` };
      return { entry: dynamicEntry(ip, dev.name, stationMac(station)), dynamic: true, answeredBy: `ARP reply from ${stationName(station)}` };
    }
    case "bridge": {
      const hit = bridgeDomain(ctx, ns, dev).get(ip);
      if (!hit) return { error: `ARP "who-has ${ip}" flooded on ${dev.name} got no answer: no port's peer owns ${ip}` };
      return { entry: dynamicEntry(ip, dev.name, hit.mac), dynamic: true, answeredBy: `ARP reply from ${hit.who}` };
    }
    case "veth": {
      const peerNs = ctx.idx.netns(ns.node, dev.peer.netns);
      const peer = peerNs?.devices.get(dev.peer.device);
      if (!peerNs || !peer || peer.kind !== "veth") return { error: `veth ${dev.name} has no peer` };
      if (peer.addresses.some((a) => a.ip === ip)) {
        return { entry: dynamicEntry(ip, dev.name, peer.mac), dynamic: true, answeredBy: `ARP reply from ${describeNetns(peerNs)} ${peer.name}` };
      }
      const br = bridgeOf(peerNs, peer);
      if (br) {
        const hit = bridgeDomain(ctx, peerNs, br).get(ip);
        if (hit) return { entry: dynamicEntry(ip, dev.name, hit.mac), dynamic: true, answeredBy: `ARP reply from ${hit.who} via bridge ${br.name}` };
      }
      if (peer.proxyArp) {
        // proxy_arp answers only if the host would route the target out of another interface.
        const r = lookupRoute(peerNs, ip);
        if (r && r.type === "unicast" && r.dev !== peer.name) {
          return {
            entry: dynamicEntry(ip, dev.name, peer.mac),
            dynamic: true,
            answeredBy: `proxy ARP: ${peer.name} on ${peerNs.node} answers with its own MAC because the host routes ${ip} elsewhere (${formatRoute(r)})`,
          };
        }
      }
      return { error: `ARP "who-has ${ip}" on ${dev.name} got no answer from ${describeNetns(peerNs)}` };
    }
    default:
      return { error: `${dev.name} (${dev.kind}) does not resolve neighbours` };
  }
}

function stationMac(s: SegmentStation): Mac {
  return s.kind === "node" ? s.mac : s.iface.mac;
}

function stationName(s: SegmentStation): string {
  return s.kind === "node" ? `${s.node} ${s.device}` : `${routerLabel(s.router)} ${s.iface.name}`;
}

// ---------------------------------------------------------------------------
// Device transmit paths.

function tcpdumpFilter(packet: WireUnit): string {
  const ip = outerIp(packet);
  const p = ip.payload;
  if (p.kind === "ipip") return "ip proto 4";
  if (p.kind === "udp" && p.body.kind === "vxlan") return `udp port ${p.dport}`;
  if (p.kind === "udp" && p.body.kind === "flannel-udp") return `udp port ${p.dport}`;
  return `host ${ip.dst}`;
}

function tcpdumpCommand(netns: NetnsId, dev: string, packet: WireUnit): string {
  return `${execPrefix(netns)}tcpdump -eni ${dev} ${tcpdumpFilter(packet)}`;
}

function transmitFrame(ctx: Ctx, ns: NetnsIndex, dev: Device, frame: EthFrame): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  const g = guard(ctx, here, frame);
  if (g) return g;
  if (dev.kind === "vxlan") return vxlanOutput(ctx, ns, dev, frame);
  addHop(ctx, here, "send", `transmit on ${dev.name}: ${frame.src} → ${frame.dst}`, frame, {
    wire: "tx",
    mtu: dev.mtu,
    command: tcpdumpCommand(ns.netns.id, dev.name, frame),
  });
  switch (dev.kind) {
    case "veth": {
      const peerNs = ctx.idx.netns(ns.node, dev.peer.netns);
      const peer = peerNs?.devices.get(dev.peer.device);
      if (!peerNs || !peer) return drop(ctx, here, "no-route", `veth ${dev.name} has no peer`, frame);
      return receiveFrame(ctx, peerNs, peer, frame);
    }
    case "bridge":
      return bridgeForward(ctx, ns, dev, undefined, frame);
    case "physical":
      return segmentDeliver(ctx, dev.segment, frame, here);
    default:
      return drop(ctx, here, "no-route", `${dev.name} (${dev.kind}) cannot carry Ethernet frames`, frame);
  }
}

function segmentDeliver(ctx: Ctx, segment: string, frame: EthFrame, from: DeviceRef): Outcome {
  const filter = underlayFilterFor(ctx, segment, frame.payload);
  if (filter) {
    const what = filter.protocol === "ipip" ? "IP protocol 4 (IP-in-IP)" : `UDP destination port ${filter.dport ?? "any"}`;
    return drop(
      ctx,
      from,
      "underlay-filtered",
      `the underlay firewall on segment ${segment} drops ${what}: the frame never reaches ${frame.payload.dst} and nobody is told (no ICMP). ` +
        `Allow ${what} between the nodes (security group / switch ACL), or the overlay cannot carry pod traffic`,
      frame,
    );
  }
  const station = ctx.idx.segments.get(segment)?.byMac.get(frame.dst);
  if (!station) {
    return drop(ctx, from, "neighbour-unresolved", `no interface with MAC ${frame.dst} on segment ${segment} (stale neighbour entry?)`, frame);
  }
  if (station.kind === "router") return routerInput(ctx, station.router, station.iface, frame);
  const ns = ctx.idx.netns(station.node, "host");
  const dev = ns?.devices.get(station.device);
  if (!ns || !dev) return drop(ctx, from, "neighbour-unresolved", `station ${station.node} ${station.device} is missing`, frame);
  // A packet bigger than the sender's MTU left it in fragments (DF clear) no longer than that MTU.
  const senderMtu = deviceMtu(ctx.idx.netns(from.node, from.netns), from.device);
  const whole = ipTotalLength(frame.payload);
  const size = senderMtu !== null && whole > senderMtu ? senderMtu : whole;
  if (size > dev.mtu) {
    // A NIC sizes its receive buffers from its MTU: a longer frame is counted as an rx error and discarded
    // (a veth checks the same in is_skb_forwardable, allowing 4 bytes for a VLAN tag). Nobody sends ICMP.
    return drop(
      ctx,
      ref(station.node, "host", dev.name),
      "frame-too-big",
      `${size}-byte packet arrives at ${station.node} ${dev.name}, whose MTU is ${dev.mtu}: the NIC discards the oversized frame silently (an rx error in \`ip -s link show ${dev.name}\`). ` +
        `The sender's MTU is larger than the receiver's: give every node on the segment the same MTU`,
      frame,
      { command: `ip -s link show ${dev.name}`, mtu: dev.mtu },
    );
  }
  return receiveFrame(ctx, ns, dev, frame);
}

function underlayFilterFor(ctx: Ctx, segment: string, packet: IpPacket): UnderlayFilter | undefined {
  const filters = ctx.idx.cluster.underlay.filters;
  if (!filters) return undefined;
  const p = packet.payload;
  return filters.find(
    (f) => f.segment === segment && (f.protocol === "ipip" ? p.kind === "ipip" : p.kind === "udp" && (f.dport === undefined || f.dport === p.dport)),
  );
}

function vxlanOutput(ctx: Ctx, ns: NetnsIndex, dev: VxlanDevice, frame: EthFrame): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  addHop(ctx, here, "send", `inner frame handed to the kernel VXLAN driver of ${dev.name} (what \`tcpdump -i ${dev.name}\` shows)`, frame, {
    wire: "tx",
    mtu: dev.mtu,
    command: tcpdumpCommand(ns.netns.id, dev.name, frame),
  });
  const fdb = layeredGet(ns.fdb, dev.name, frame.dst) ?? layeredGet(ns.fdb, dev.name, "00:00:00:00:00:00");
  if (!fdb || !fdb.dst) {
    return drop(
      ctx,
      here,
      "no-fdb-entry",
      `no FDB entry for ${frame.dst} on ${dev.name}: the kernel does not know which VTEP owns this MAC (learning is off; the agent adds one entry per remote node)`,
      frame,
      { command: `bridge fdb show dev ${dev.name}`, mtu: dev.mtu },
    );
  }
  addHop(ctx, here, "fdb-lookup", `${frame.dst} is behind VTEP ${fdb.dst}`, frame, {
    entry: { kind: "fdb", text: formatFdb(fdb), fdb },
    command: `bridge fdb show dev ${dev.name}`,
    mtu: dev.mtu,
  });
  const inner = frame.payload;
  const [lo, hi] = dev.srcPortRange;
  const ports = transportPorts(inner);
  // The kernel hashes the inner flow into the source port range (udp_flow_src_port) so ECMP can spread tunnels.
  const flowHash = fnv1a32(`${inner.src}|${inner.dst}|${inner.payload.kind}|${ports?.sport ?? 0}|${ports?.dport ?? 0}`);
  const sport = lo + Math.floor((flowHash * (hi - lo)) / 2 ** 32);
  const outer: IpPacket = {
    kind: "ip",
    src: dev.local,
    dst: fdb.dst,
    ttl: dev.ttl === 0 ? DEFAULT_TTL : dev.ttl,
    id: fnv1a32(`${ns.node}|${inner.id}|${inner.src}|vxlan`) & 0xffff,
    // The vxlan driver leaves DF clear unless configured (`df set`), so oversize outer packets fragment.
    df: false,
    payload: { kind: "udp", sport, dport: dev.dstPort, checksum: dev.udpChecksum, body: { kind: "vxlan", vni: dev.vni, inner: frame } },
  };
  addHop(
    ctx,
    here,
    "encapsulate",
    `kernel VXLAN: + VXLAN (VNI ${dev.vni}) + UDP ${sport}→${dev.dstPort} + IP ${dev.local}→${fdb.dst}; outer TTL ${outer.ttl}` +
      `${dev.udpChecksum ? ", UDP checksum computed" : ", UDP checksum 0"} (${agentOf(dev.name)} only programmed the tables)`,
    outer,
    {
      entry: { kind: "vxlan-device", text: `${dev.name}: vxlan id ${dev.vni} local ${dev.local} dev ${dev.underlay} dstport ${dev.dstPort} ${dev.learning ? "learning" : "nolearning"}`, device: dev.name, vni: dev.vni, dstPort: dev.dstPort },
      command: `ip -d link show ${dev.name}`,
      mtu: deviceMtu(ns, dev.underlay),
    },
  );
  return originate(ctx, ns, outer, false).outcome;
}

function tunOutput(ctx: Ctx, ns: NetnsIndex, dev: TunDevice, packet: IpPacket): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  addHop(ctx, here, "send", `written to TUN ${dev.name}: a raw IP packet, no Ethernet header`, packet, {
    wire: "tx",
    mtu: dev.mtu,
    command: tcpdumpCommand(ns.netns.id, dev.name, packet),
  });
  const fl = ns.flanneld;
  if (!fl || fl.process.tun !== dev.name) return drop(ctx, here, "no-route", `no process reads ${dev.name}`, packet);
  const lease = lookupLease(fl.leases, packet.dst);
  if (!lease) {
    return drop(ctx, here, "no-route", `flanneld has no subnet lease covering ${packet.dst}; it answers ICMP net unreachable`, packet, {
      icmp: { type: 3, code: 0, source: dev.addresses[0]?.ip ?? packet.dst, reachesSender: true },
      command: "kubectl get nodes -o jsonpath='{.items[*].spec.podCIDR}'",
    });
  }
  const userspaceTtl = packet.ttl - 1;
  if (userspaceTtl <= 0) {
    return drop(ctx, here, "ttl-expired", `flanneld decremented the TTL to 0 in userspace and discarded the packet without sending ICMP (flannel's proxy: "TODO: send back ICMP Time Exceeded"); traceroute shows *`, packet);
  }
  const inner: IpPacket = { ...packet, ttl: userspaceTtl };
  addHop(ctx, here, "to-userspace", `flanneld reads the packet from /dev/net/tun, finds lease ${lease.subnet} → ${lease.publicIp} and decrements TTL ${packet.ttl}→${userspaceTtl} in userspace`, inner, {
    entry: { kind: "flannel-lease", text: `${lease.subnet} → ${lease.publicIp} (${lease.node})`, lease },
    command: "journalctl -u flanneld | grep -i subnet",
    mtu: dev.mtu,
  });
  const outer: IpPacket = {
    kind: "ip",
    src: fl.process.bindIp,
    dst: lease.publicIp,
    ttl: DEFAULT_TTL,
    id: fnv1a32(`${ns.node}|${inner.id}|flannel-udp`) & 0xffff,
    df: true,
    payload: { kind: "udp", sport: fl.process.port, dport: fl.process.port, checksum: true, body: { kind: "flannel-udp", inner } },
  };
  addHop(ctx, here, "encapsulate", `flanneld sendto(): UDP ${fl.process.port}→${fl.process.port} to ${lease.publicIp}, payload = the raw inner IP packet (28 bytes overhead)`, outer, {
    entry: { kind: "flannel-lease", text: `${lease.subnet} → ${lease.publicIp} (${lease.node})`, lease },
    command: `ss -ulpn | grep ${fl.process.port}`,
  });
  return originate(ctx, ns, outer, false).outcome;
}

function lookupLease(leases: LpmIndex<FlannelLease>, ip: Ipv4): FlannelLease | undefined {
  return lpmLookup(leases, ipv4ToNumber(ip) as number)?.[0];
}

function ipipOutput(ctx: Ctx, ns: NetnsIndex, dev: IpipDevice, packet: IpPacket, route: Route): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  addHop(ctx, here, "send", `handed to ${dev.name} (IP-in-IP, no Ethernet header)`, packet, {
    wire: "tx",
    mtu: dev.mtu,
    command: tcpdumpCommand(ns.netns.id, dev.name, packet),
  });
  if (!route.via) {
    return drop(ctx, here, "no-route", `route \`${formatRoute(route)}\` has no gateway, so ${dev.name} has no tunnel endpoint`, packet);
  }
  const underRoute = lookupRoute(ns, route.via);
  const src = underRoute ? underRoute.src ?? selectSourceAddress(ns, underRoute.dev, underRoute.via ?? route.via, routeScope(underRoute)) : undefined;
  if (!src) return drop(ctx, here, "no-route", `no route to tunnel endpoint ${route.via}`, packet);
  const outer: IpPacket = {
    kind: "ip",
    src,
    dst: route.via,
    // ttl 0 = inherit: the outer header copies the inner TTL (already decremented by the forward).
    ttl: dev.ttl === 0 ? packet.ttl : dev.ttl,
    id: fnv1a32(`${ns.node}|${packet.id}|ipip`) & 0xffff,
    // nopmtudisc: DF is copied from the inner header.
    df: dev.pmtudisc ? true : packet.df,
    payload: { kind: "ipip", inner: packet },
  };
  addHop(ctx, here, "encapsulate", `IP-in-IP: outer IP ${src}→${route.via}, protocol 4, TTL ${outer.ttl} (inherited), 20 bytes overhead`, outer, {
    entry: { kind: "ipip-device", text: `${dev.name}: ipip any remote any local any ttl ${dev.ttl === 0 ? "inherit" : dev.ttl} ${dev.pmtudisc ? "pmtudisc" : "nopmtudisc"}`, device: dev.name },
    command: `ip -d link show ${dev.name}`,
  });
  return originate(ctx, ns, outer, false).outcome;
}

// ---------------------------------------------------------------------------
// Receive paths.

function receiveFrame(ctx: Ctx, ns: NetnsIndex, dev: Device, frame: EthFrame): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  const g = guard(ctx, here, frame);
  if (g) return g;
  addHop(ctx, here, "receive", `received on ${dev.name} in ${describeNetns(ns)}`, frame, {
    wire: "rx",
    mtu: dev.mtu,
    command: tcpdumpCommand(ns.netns.id, dev.name, frame),
  });
  const br = bridgeOf(ns, dev);
  if (br) return bridgeForward(ctx, ns, br, dev, frame);
  const devMac = "mac" in dev ? dev.mac : undefined;
  if (frame.dst !== devMac && frame.dst !== BROADCAST_MAC) {
    // After decapsulation a wrong inner MAC means the sender's tables name an old VTEP MAC.
    const stale = dev.kind === "vxlan" ? ` The sending node's ARP and FDB entries for this VTEP still name ${frame.dst}: update them to ${devMac ?? "?"} (\`ip neigh\` and \`bridge fdb show dev ${dev.name}\` there; flanneld rewrites them from the node's VtepMAC annotation)` : "";
    return drop(ctx, here, "not-for-this-host", `destination MAC ${frame.dst} is not ${dev.name}'s address ${devMac ?? "(none)"}: the frame is ignored (PACKET_OTHERHOST).${stale}`, frame);
  }
  return ipInput(ctx, ns, dev, frame.payload);
}

function bridgeForward(ctx: Ctx, ns: NetnsIndex, br: BridgeDevice, inPort: Device | undefined, frame: EthFrame): Outcome {
  const here = ref(ns.node, ns.netns.id, br.name);
  if (inPort && frame.dst === br.mac) {
    const own: FdbEntry = { mac: br.mac, dev: br.name, master: br.name, permanent: true };
    // br_netfilter runs nat PREROUTING in the bridge's own pre-routing hook, before the frame is passed up,
    // so tcpdump on the bridge already sees the translated packet (checked against the kernel).
    // kube-proxy's REJECT sits in filter FORWARD, after routing: such a frame is passed up untranslated first.
    const nat = rejectedService(ctx, ns, frame.payload) ? { packet: frame.payload } : preroutingNat(ctx, ns, br.name, frame.payload, (p) => ({ ...frame, payload: p }));
    if ("outcome" in nat) return nat.outcome;
    if (nat.packet.dst !== frame.payload.dst) {
      const route = lookupRoute(ns, nat.packet.dst);
      if (route?.type === "unicast" && route.dev === br.name) {
        const bridged = bridgedDnat(ctx, ns, br, inPort, frame, nat.packet, route);
        if (bridged) return bridged;
      }
    }
    const up: EthFrame = { ...frame, payload: nat.packet };
    // The frame enters the stack as received on the bridge device, so tcpdump on the bridge captures it.
    addHop(ctx, here, "bridge-forward", `destination MAC ${frame.dst} is ${br.name}'s own address: not forwarded, passed up to the host IP stack (received on ${br.name})`, up, {
      entry: { kind: "fdb", text: `${br.mac} dev ${br.name} vlan 1 master ${br.name} permanent`, fdb: own },
      command: `bridge fdb show br ${br.name}`,
      mtu: br.mtu,
      wire: "rx",
    });
    return ipInput(ctx, ns, br, nat.packet, nat.packet === frame.payload ? false : true);
  }
  let fdb = layeredGet(ns.fdb, br.name, frame.dst);
  let flooded = false;
  if (!fdb) {
    // Unknown unicast is flooded to every port; only the owner of the MAC accepts it.
    const owner = bridgeDomain(ctx, ns, br).get(`mac:${frame.dst}`);
    if (!owner) return drop(ctx, here, "neighbour-unresolved", `no port of ${br.name} leads to ${frame.dst}`, frame, { command: `bridge fdb show br ${br.name}` });
    fdb = { mac: frame.dst, dev: owner.who as IfName, master: br.name, permanent: false };
    flooded = true;
  }
  const port = ns.devices.get(fdb.dev);
  if (!port) return drop(ctx, here, "neighbour-unresolved", `bridge port ${fdb.dev} is missing`, frame);
  if (inPort && port.name === inPort.name) {
    return drop(ctx, here, "not-for-this-host", `${frame.dst} is behind the ingress port ${port.name}; without hairpin mode the bridge does not send it back`, frame);
  }
  let out = frame;
  // br_netfilter (bridge-nf-call-iptables=1, which kube-proxy needs) runs iptables on bridged frames:
  // that is how a same-node reply gets un-DNATed back to the ClusterIP.
  const nat = bridgedConntrack(ctx, ns, out, here);
  if (nat) out = { ...out, payload: nat };
  addHop(ctx, here, "bridge-forward", `${frame.dst} is learned on port ${port.name}${flooded ? " (unknown unicast: flooded, only that port's peer accepts)" : ""}`, out, {
    entry: { kind: "fdb", text: formatFdb(fdb), fdb, ...(flooded ? { flooded } : {}) },
    command: `bridge fdb show br ${br.name}`,
    mtu: br.mtu,
  });
  return transmitFrame(ctx, ns, port, out);
}

/**
 * br_netfilter's bridged DNAT (br_nf_pre_routing_finish): when the DNAT target is reached
 * through the same bridge the frame came in on, the frame is not routed but bridged again:
 * only the destination MAC is rewritten to the target's (no TTL decrement, the client's
 * source MAC stays). The first packet, before the neighbour's header is cached, leaves
 * through the bridge's neighbour output, so tcpdump on the bridge sees it once with the
 * bridge's MAC as source. Checked against the kernel (a pod reaching a Service endpoint on
 * its own node).
 */
function bridgedDnat(ctx: Ctx, ns: NetnsIndex, br: BridgeDevice, inPort: Device, frame: EthFrame, packet: IpPacket, route: Route): Outcome | undefined {
  const here = ref(ns.node, ns.netns.id, br.name);
  const nexthop = route.via ?? packet.dst;
  const neigh = resolveNeighbour(ctx, ns, br, nexthop);
  if ("error" in neigh) return drop(ctx, here, "neighbour-unresolved", neigh.error, packet, { mtu: br.mtu });
  // A pod reaching itself (hairpin) keeps the routed model: it needs the port's hairpin mode, which the lab does not set, so it is not kernel-checked.
  if (layeredGet(ns.fdb, br.name, neigh.entry.mac)?.dev === inPort.name) return undefined;
  addHop(ctx, here, "arp-lookup", `br_netfilter: ${packet.dst} is behind ${br.name} itself, so the DNATed frame is bridged, not routed (TTL stays ${packet.ttl}); next hop ${nexthop} → ${neigh.entry.mac}`, packet, {
    entry: { kind: "neighbour", text: formatNeighbour(neigh.entry), neighbour: neigh.entry, dynamic: neigh.dynamic, ...(neigh.answeredBy ? { answeredBy: neigh.answeredBy } : {}) },
    command: `ip neigh show dev ${br.name}`,
    mtu: br.mtu,
  });
  addHop(ctx, here, "send", `the first such frame leaves through ${br.name}'s neighbour output (what tcpdump -i ${br.name} shows); later ones reuse the cached header and skip it`, { kind: "eth", src: br.mac, dst: neigh.entry.mac, payload: packet }, {
    wire: "tx",
    mtu: br.mtu,
  });
  return bridgeForward(ctx, ns, br, inPort, { ...frame, dst: neigh.entry.mac, payload: packet });
}

/** True when the packet is for a Service port without endpoints (kube-proxy rejects it instead of translating). */
function rejectedService(ctx: Ctx, ns: NetnsIndex, packet: IpPacket): boolean {
  const p = packet.payload;
  if (ctx.direction !== "forward" || !runsKubeProxy(ctx, ns) || (p.kind !== "tcp" && p.kind !== "udp")) return false;
  const hit = ctx.idx.servicesByClusterIp.get(`${packet.dst}|${p.kind}|${p.dport}`) ?? (ns.localAddresses.has(packet.dst) ? ctx.idx.servicesByNodePort.get(`${p.kind}|${p.dport}`) : undefined);
  return hit !== undefined && hit.service.endpoints.length === 0;
}

/** nat PREROUTING on a node: kube-proxy's Service DNAT, or conntrack's un-SNAT of a reply. */
function preroutingNat(ctx: Ctx, ns: NetnsIndex, devName: IfName, packet: IpPacket, showAs: ShowAs = asIp): { packet: IpPacket } | { outcome: Outcome } {
  if (!runsKubeProxy(ctx, ns)) return { packet };
  if (ctx.direction === "reply") return { packet: unSnat(ctx, ns, packet, ref(ns.node, ns.netns.id, devName), showAs) };
  return serviceDnat(ctx, ns, packet, devName, false, showAs);
}

function ipInput(ctx: Ctx, ns: NetnsIndex, dev: Device, packet: IpPacket, natDone = false): Outcome {
  let pkt = packet;
  const here = ref(ns.node, ns.netns.id, dev.name);
  const g = guard(ctx, here, pkt);
  if (g) return g;
  if (!natDone) {
    const r = preroutingNat(ctx, ns, dev.name, pkt);
    if ("outcome" in r) return r.outcome;
    pkt = r.packet;
  }
  const rpf = reversePathCheck(ns, dev, pkt);
  if (rpf) return drop(ctx, here, "rp-filter", rpf, pkt, { command: `sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.${dev.name}.rp_filter; ip route get ${pkt.src}` });
  if (ns.localAddresses.has(pkt.dst)) return localDeliver(ctx, ns, dev, pkt);
  if (!ns.netns.ipForward) {
    return drop(ctx, here, "not-forwarding", `${pkt.dst} is not an address of ${describeNetns(ns)} and it does not forward (ip_forward=0)`, pkt);
  }
  return forward(ctx, ns, dev, pkt);
}

/**
 * Reverse-path filter (fib_validate_source, during the input route lookup, for local and forwarded
 * packets alike): the kernel uses the larger of net.ipv4.conf.all.rp_filter and the receiving
 * device's. Strict (1): the route back to the source must leave by the receiving device. Loose (2):
 * some unicast route back must exist. Returns why the packet is dropped, or undefined.
 */
function reversePathCheck(ns: NetnsIndex, dev: Device, packet: IpPacket): string | undefined {
  const mode = Math.max(ns.netns.rpFilter ?? 0, dev.rpFilter ?? 0);
  if (mode === 0 || packet.src === "0.0.0.0" || ns.localAddresses.has(packet.src)) return undefined;
  const back = lookupRoute(ns, packet.src);
  const setting = `rp_filter=${mode} (${mode === 1 ? "strict" : "loose"}; the larger of net.ipv4.conf.all.rp_filter=${ns.netns.rpFilter ?? 0} and net.ipv4.conf.${dev.name}.rp_filter=${dev.rpFilter ?? 0})`;
  if (!back || back.type !== "unicast") {
    return `reverse-path filter on ${ns.node}: ${setting}, and there is no unicast route back to the source ${packet.src}, so the kernel drops the packet as a martian. Add the route to ${packet.src}'s subnet, or set rp_filter to 0`;
  }
  if (mode === 1 && back.dev !== dev.name) {
    return `reverse-path filter on ${ns.node}: ${setting}: the packet from ${packet.src} came in on ${dev.name}, but the route back (\`${formatRoute(back)}\`) leaves by ${back.dev ?? "?"}, so the kernel drops it as a martian. Fix the route to ${packet.src}'s subnet, or use rp_filter=2 (loose) or 0`;
  }
  return undefined;
}

function forward(ctx: Ctx, ns: NetnsIndex, inDev: Device, packet: IpPacket): Outcome {
  const route = lookupRoute(ns, packet.dst);
  const node = ns.node;
  const inRef = ref(node, ns.netns.id, inDev.name);
  const rejected = lookupRejectedRoute(ns, packet.dst);
  if (rejected && (!route || rejectedIsMoreSpecific(rejected, route))) ctx.rejected = { node, rejected };
  if (!route) {
    return drop(ctx, inRef, "no-route", `no route to ${packet.dst} on ${node}`, packet, { command: `ip route get ${packet.dst}` });
  }
  const outRef = ref(node, ns.netns.id, route.dev ?? inDev.name);
  if (route.type !== "unicast") {
    // The input route decides before ip_forward looks at the TTL: a blackhole discards the packet
    // whatever its TTL, with no time exceeded (the lab shell's kernel check found it with ping -t 1).
    addHop(ctx, outRef, "route-lookup", `forward ${packet.src} → ${packet.dst} (iif ${inDev.name}): matched \`${formatRoute(route)}\``, packet, {
      entry: { kind: "route", text: formatRoute(route), route },
      command: `ip route get ${packet.dst} from ${packet.src} iif ${inDev.name}`,
    });
    return output(ctx, ns, packet, route, inDev);
  }
  if (packet.ttl <= 1) {
    const source = icmpErrorSource(ns, packet.src);
    addHop(ctx, outRef, "route-lookup", `forward ${packet.src} → ${packet.dst} (iif ${inDev.name}): matched \`${formatRoute(route)}\``, packet, {
      entry: { kind: "route", text: formatRoute(route), route },
      command: `ip route get ${packet.dst} from ${packet.src} iif ${inDev.name}`,
    });
    return drop(
      ctx,
      outRef,
      "ttl-expired",
      `TTL ${packet.ttl} would reach 0 when forwarding on ${node}: dropped, ICMP time exceeded sent from ${source ?? "?"} (this is the hop traceroute prints)`,
      packet,
      { command: `traceroute ${packet.dst}`, ...(source ? { icmp: { type: 11, code: 0, source, reachesSender: true } } : {}) },
    );
  }
  const pkt: IpPacket = { ...packet, ttl: packet.ttl - 1 };
  const rejectedNote = ctx.rejected && ctx.rejected.node === node ? ` (note: ${ctx.rejected.rejected.by} failed to install \`${formatRoute(ctx.rejected.rejected.route)}\`: ${ctx.rejected.rejected.error})` : "";
  addHop(ctx, outRef, "route-lookup", `forward ${pkt.src} → ${pkt.dst} (iif ${inDev.name}): matched \`${formatRoute(route)}\`, TTL ${packet.ttl}→${pkt.ttl}${rejectedNote}`, pkt, {
    entry: { kind: "route", text: formatRoute(route), route, ...(ctx.rejected && ctx.rejected.node === node ? { rejected: ctx.rejected.rejected } : {}) },
    command: `ip route get ${pkt.dst} from ${pkt.src} iif ${inDev.name}`,
    mtu: route.dev ? deviceMtu(ns, route.dev) : null,
  });
  return output(ctx, ns, pkt, route, inDev);
}

function rejectedIsMoreSpecific(rejected: RejectedRoute, chosen: Route): boolean {
  const a = Number(rejected.route.dst.split("/")[1]);
  const b = Number(chosen.dst.split("/")[1]);
  return a > b;
}

function localDeliver(ctx: Ctx, ns: NetnsIndex, dev: Device, packet: IpPacket): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  let pkt = packet;
  const p = pkt.payload;
  if (ns.netns.id === "host") {
    if (p.kind === "udp") {
      const vx = ns.vxlanByPort.get(p.dport);
      if (vx && p.body.kind === "vxlan") return vxlanInput(ctx, ns, vx, pkt, p.body.vni, p.body.inner);
      const fl = ns.flanneld;
      if (fl && fl.process.port === p.dport && p.body.kind === "flannel-udp") return flannelUdpInput(ctx, ns, pkt, p.body.inner);
      if (p.body.kind !== "data") {
        // A tunnel packet for a port no socket is bound to: udp_rcv answers ICMP port unreachable to the
        // sending node (about the outer header), so the pod that sent the inner packet hears nothing.
        const tunnel = p.body.kind === "vxlan" ? "VXLAN" : "flannel UDP";
        const listening = [...ns.vxlanByPort.keys()].map((port) => `${port} (VXLAN)`).concat(fl ? [`${fl.process.port} (flanneld)`] : []);
        return drop(
          ctx,
          here,
          "port-unreachable",
          `${tunnel} packet to UDP port ${p.dport} on ${ns.node}, but no socket listens there (${listening.length ? `this node listens on ${listening.join(", ")}` : "no tunnel socket at all"}): ` +
            `the kernel answers ${pkt.src} with ICMP port unreachable and the inner packet is lost. Every node must use the same tunnel port` +
            (p.body.kind === "flannel-udp" ? " and run flanneld" : ""),
          pkt,
          { command: "ss -ulpn", icmp: { type: 3, code: 3, source: pkt.dst, reachesSender: false } },
        );
      }
    }
    if (p.kind === "ipip") {
      if (!ns.ipip) return drop(ctx, here, "not-for-this-host", `IP protocol 4 (IP-in-IP) arrived but ${ns.node} has no ipip tunnel device: the kernel answers ICMP protocol unreachable`, pkt);
      return ipipInput(ctx, ns, ns.ipip, pkt, p.inner);
    }
    // Replies reaching a local socket get their DNAT undone in INPUT.
    pkt = applyPendingUnDnat(ctx, ns, pkt, here);
    const workload = ctx.idx.workloadInterfaces.get(`${ns.node}|${dev.name}`);
    if (workload) {
      const denied = calicoCheck(ctx, ns, "egress", workload, pkt, dev.name);
      if (denied) return denied;
    }
  }
  const note = unenforcedPolicyNote(ctx, ns, pkt);
  if (note) addHop(ctx, here, "policy", note.text, pkt, { entry: { kind: "policy", text: note.text, verdict: note }, command: `kubectl describe networkpolicy -n ${ctx.idx.podsByName.get(ns.netns.id.slice(4))?.namespace ?? "default"}` });
  const pod = ns.netns.id === "host" ? undefined : ctx.idx.podsByName.get(ns.netns.id.slice(4));
  if (ctx.direction === "forward" && pod?.listening && (p.kind === "tcp" || p.kind === "udp") && !pod.listening.some((l) => l.protocol === p.kind && l.port === p.dport)) {
    const open = pod.listening.map((l) => `${l.protocol.toUpperCase()} ${l.port}`).join(", ") || "nothing";
    const dnat = ctx.conntrack.find((c) => c.dnat?.ip === pkt.dst && c.dnat.port === p.dport);
    const refused =
      `no socket listens on ${p.kind.toUpperCase()} ${p.dport} in pod ${pod.name} (it listens on ${open}): the kernel answers ` +
      (p.kind === "tcp" ? "RST (\"Connection refused\")" : "ICMP port unreachable") +
      (dnat?.service ? `. The Service ${dnat.service} sends its traffic to targetPort ${p.dport}: set targetPort to the port the container listens on` : "");
    addHop(ctx, here, "deliver", `reached ${describeNetns(ns)}, but ${refused}`, pkt, { command: `${execPrefix(ns.netns.id)}ss -ltnup`, mtu: dev.mtu });
    return { delivered: true, location: here, packet: pkt, refused };
  }
  const what = p.kind === "icmp" ? (p.type === 8 ? "ICMP echo request: the kernel answers with an echo reply" : "ICMP echo reply: ping prints a line") : p.kind === "tcp" ? `TCP ${p.flags.join(",")} to port ${p.dport}` : p.kind === "udp" ? `UDP datagram to port ${p.dport}` : p.kind;
  addHop(ctx, here, "deliver", `delivered to ${describeNetns(ns)} (${pkt.dst} is local on ${ns.localAddresses.get(pkt.dst)?.device.name ?? dev.name}): ${what}`, pkt, {
    entry: { kind: "local-address", text: `local ${pkt.dst} dev ${ns.localAddresses.get(pkt.dst)?.device.name ?? dev.name} table local`, ip: pkt.dst, device: (ns.localAddresses.get(pkt.dst)?.device.name ?? dev.name) as IfName },
    command: `${execPrefix(ns.netns.id)}ip route get ${pkt.dst}`,
    mtu: dev.mtu,
  });
  return { delivered: true, location: here, packet: pkt };
}

function vxlanInput(ctx: Ctx, ns: NetnsIndex, dev: VxlanDevice, outer: IpPacket, vni: number, inner: EthFrame): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  if (vni !== dev.vni) {
    return drop(ctx, here, "vni-mismatch", `VXLAN VNI ${vni} does not match ${dev.name} (vxlan id ${dev.vni}): dropped`, outer, { command: `ip -d link show ${dev.name}` });
  }
  addHop(
    ctx,
    here,
    "decapsulate",
    `UDP ${dev.dstPort} on ${outer.dst} belongs to the kernel VXLAN socket of ${dev.name}; VNI ${vni} matches, outer Ethernet/IP/UDP/VXLAN headers stripped in the kernel (${agentOf(dev.name)} is not on the data path)`,
    inner,
    {
      entry: { kind: "vxlan-device", text: `${dev.name}: vxlan id ${dev.vni} local ${dev.local} dev ${dev.underlay} dstport ${dev.dstPort} ${dev.learning ? "learning" : "nolearning"}`, device: dev.name, vni: dev.vni, dstPort: dev.dstPort },
      command: `ip -d link show ${dev.name}`,
      mtu: dev.mtu,
    },
  );
  return receiveFrame(ctx, ns, dev, inner);
}

function flannelUdpInput(ctx: Ctx, ns: NetnsIndex, outer: IpPacket, inner: IpPacket): Outcome {
  const fl = ns.flanneld;
  const tun = fl ? ns.devices.get(fl.process.tun) : undefined;
  const here = ref(ns.node, ns.netns.id, tun?.name ?? firstDevice(ns));
  if (!fl || !tun) return drop(ctx, here, "not-for-this-host", "no flanneld socket", outer);
  addHop(ctx, here, "to-userspace", `UDP ${fl.process.port} delivered to flanneld's socket (${fl.process.bindIp}:${fl.process.port}) in userspace`, outer, {
    command: `ss -ulpn | grep ${fl.process.port}`,
  });
  const ttl = inner.ttl - 1;
  if (ttl <= 0) {
    return drop(ctx, here, "ttl-expired", `flanneld decremented the inner TTL to 0 in userspace and discarded the packet without ICMP; traceroute shows *`, inner);
  }
  const decapped: IpPacket = { ...inner, ttl };
  addHop(ctx, here, "decapsulate", `flanneld strips IP/UDP, decrements TTL ${inner.ttl}→${ttl} (userspace) and writes the inner packet to /dev/net/tun`, decapped, {
    command: `ip -d link show ${tun.name}`,
    mtu: tun.mtu,
  });
  addHop(ctx, here, "receive", `the inner packet appears on ${tun.name}`, decapped, {
    wire: "rx",
    mtu: tun.mtu,
    command: tcpdumpCommand(ns.netns.id, tun.name, decapped),
  });
  return ipInput(ctx, ns, tun, decapped);
}

function ipipInput(ctx: Ctx, ns: NetnsIndex, dev: IpipDevice, outer: IpPacket, inner: IpPacket): Outcome {
  const here = ref(ns.node, ns.netns.id, dev.name);
  addHop(ctx, here, "decapsulate", `IP protocol 4 from ${outer.src}: the ipip module strips the outer IP header; the inner packet enters via ${dev.name}`, inner, {
    entry: { kind: "ipip-device", text: `${dev.name}: ipip any remote any local any ttl ${dev.ttl === 0 ? "inherit" : dev.ttl}`, device: dev.name },
    command: `ip -d link show ${dev.name}`,
    mtu: dev.mtu,
  });
  addHop(ctx, here, "receive", `received on ${dev.name}`, inner, { wire: "rx", mtu: dev.mtu, command: tcpdumpCommand(ns.netns.id, dev.name, inner) });
  return ipInput(ctx, ns, dev, inner);
}

// ---------------------------------------------------------------------------
/** Who programmed a tunnel device's tables, by the names the CNIs give their devices (flannel.1, vxlan.calico, tunl0). */
function agentOf(deviceName: string): string {
  if (deviceName.startsWith("flannel")) return "flanneld";
  if (deviceName.includes("calico") || deviceName === "tunl0") return "Calico's Felix";
  return "the CNI agent";
}

/** "the underlay router", or "underlay router r1" when the router has a name of its own. */
function routerLabel(router: string): string {
  return router === "router" ? "the underlay router" : `underlay router ${router}`;
}

// The underlay router: knows its connected subnets, nothing about pods.

/** Why the physical network cannot know an address: a ClusterIP, a pod IP, or just an unknown network. */
function underlayMissReason(ctx: Ctx, dst: Ipv4, src: Ipv4): string {
  const service = ctx.idx.cluster.services.find((s) => s.clusterIp === dst);
  if (service) {
    return `it is the ClusterIP of Service ${service.namespace}/${service.name}, which exists only in kube-proxy's rules on the cluster's nodes; from outside the cluster use a NodePort (or a LoadBalancer)`;
  }
  if (cidrContains(ctx.idx.cluster.clusterCidr, dst)) {
    const owner = ctx.idx.cluster.nodes.find((n) => n.podCidr && cidrContains(n.podCidr, dst));
    const sender = ctx.idx.cluster.pods.find((p) => p.ip === src)?.node;
    // In an overlay a pod packet on the underlay unencapsulated means the sender had no tunnel route for it.
    if (owner && sender && sender !== owner.name && OVERLAY_MODES.has(ctx.idx.cluster.mode)) {
      return `the physical network only knows node subnets, not pod CIDRs. The packet left ${sender} unencapsulated, by its default route: ${sender} has no route for ${owner.name}'s pod subnet ${owner.podCidr} (check \`ip route\` on ${sender}; the CNI agent adds one per node)`;
    }
    return "the physical network only knows node subnets, not pod CIDRs (host-gw and plain BGP need L2 adjacency or routes/peering on the router)";
  }
  return "it is on none of the segments the router joins, and the model's router has no default route";
}

function routerInput(ctx: Ctx, router: string, iface: RouterInterface, frame: EthFrame): Outcome {
  const here = ref(router, "host", iface.name);
  const g = guard(ctx, here, frame);
  if (g) return g;
  addHop(ctx, here, "receive", `${routerLabel(router)} receives on ${iface.name} (${iface.ip})`, frame, { wire: "rx", mtu: null });
  const pkt = frame.payload;
  const r = ctx.idx.cluster.underlay.router;
  const out = r?.interfaces.find((i) => {
    const seg = ctx.idx.cluster.underlay.segments.find((s) => s.name === i.segment);
    return seg !== undefined && cidrContains(seg.cidr, pkt.dst);
  });
  if (!out) {
    // Like any Linux router, it answers with ICMP network unreachable (type 3 code 0), which
    // reaches the sender only if the router can route back to it: a node or an outside host,
    // never a pod (checked against the kernel).
    const back = ctx.idx.cluster.underlay.segments.some((s) => cidrContains(s.cidr, pkt.src));
    return drop(
      ctx,
      here,
      "underlay-no-route",
      `${routerLabel(router)} has no route to ${pkt.dst}: ${underlayMissReason(ctx, pkt.dst, pkt.src)}` +
        (back ? `. It answers ${pkt.src} with ICMP network unreachable from ${iface.ip}` : ""),
      pkt,
      { icmp: { type: 3, code: 0, source: iface.ip, reachesSender: back } },
    );
  }
  const seg = ctx.idx.cluster.underlay.segments.find((s) => s.name === out.segment);
  const entry: TableEntry = { kind: "router-route", text: `${seg?.cidr ?? "?"} dev ${out.name} (connected)`, router };
  if (pkt.ttl <= 1) {
    const inner = pkt.payload.kind === "ipip" || (pkt.payload.kind === "udp" && pkt.payload.body.kind !== "data");
    return drop(
      ctx,
      here,
      "ttl-expired",
      `TTL expired on ${routerLabel(router)}: ICMP time exceeded sent from ${iface.ip} to ${pkt.src}` +
        (inner ? " — that is the node, about the outer header, so the pod's traceroute never sees it (prints *)" : ""),
      pkt,
      { entry, icmp: { type: 11, code: 0, source: iface.ip, reachesSender: !inner } },
    );
  }
  const fwd: IpPacket = { ...pkt, ttl: pkt.ttl - 1 };
  addHop(ctx, here, "route-lookup", `${routerLabel(router)}: ${fwd.dst} via connected ${entry.text}, TTL ${pkt.ttl}→${fwd.ttl}`, fwd, { entry });
  const station = ctx.idx.segments.get(out.segment)?.byIp.get(fwd.dst);
  if (!station) return drop(ctx, ref(router, "host", out.name), "neighbour-unresolved", `${routerLabel(router)}: ARP for ${fwd.dst} on ${out.name} got no answer`, fwd);
  const outFrame: EthFrame = { kind: "eth", src: out.mac, dst: stationMac(station), payload: fwd };
  addHop(ctx, ref(router, "host", out.name), "send", `${routerLabel(router)} transmits on ${out.name} to ${stationName(station)}`, outFrame, { wire: "tx", mtu: null });
  return segmentDeliver(ctx, out.segment, outFrame, ref(router, "host", out.name));
}

// ---------------------------------------------------------------------------
// kube-proxy NAT and conntrack.

function serviceDnat(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, devName: IfName, local: boolean, showAs: ShowAs = asIp): { packet: IpPacket } | { outcome: Outcome } {
  const p = packet.payload;
  const here = ref(ns.node, ns.netns.id, devName);
  if (p.kind !== "tcp" && p.kind !== "udp") {
    const isService = ctx.idx.cluster.services.some((s) => s.clusterIp === packet.dst);
    if (isService && p.kind === "icmp") {
      addHop(ctx, here, "note", `${packet.dst} is a ClusterIP, but kube-proxy only DNATs the Service's TCP/UDP ports: ICMP to a ClusterIP is not translated (ClusterIPs do not answer ping)`, packet, {
        command: `iptables -t nat -L KUBE-SERVICES -n | grep ${packet.dst}`,
      });
    }
    return { packet };
  }
  let hit = ctx.idx.servicesByClusterIp.get(`${packet.dst}|${p.kind}|${p.dport}`);
  let viaNodePort = false;
  if (!hit && ns.localAddresses.has(packet.dst)) {
    hit = ctx.idx.servicesByNodePort.get(`${p.kind}|${p.dport}`);
    viaNodePort = hit !== undefined;
  }
  if (!hit) return { packet };
  const { service, port } = hit;
  const svcName = `${service.namespace}/${service.name}`;
  const svcChain = kubeServiceChain(service, port);
  const ep = chooseEndpoint(service.endpoints, { src: packet.src, sport: p.sport, dst: packet.dst, dport: p.dport }, ctx.options.endpointIndex);
  if (!ep) {
    const text = `-A KUBE-SERVICES -d ${service.clusterIp}/32 -p ${port.protocol} -m comment --comment "${servicePortName(service, port)} has no endpoints" -m ${port.protocol} --dport ${port.port} -j REJECT --reject-with icmp-port-unreachable`;
    return {
      outcome: drop(
        ctx,
        here,
        "no-endpoints",
        `Service ${svcName} has no ready endpoints (its selector ${JSON.stringify(service.selector)} matches no ready pod): kube-proxy's filter rule rejects the connection with ICMP port unreachable ("Connection refused")`,
        packet,
        {
          entry: { kind: "iptables", text, table: "filter", chains: ["KUBE-SERVICES"], service: svcName },
          command: `kubectl get endpoints ${service.name} -n ${service.namespace}`,
          // REJECT answers through icmp_send: the source is this node's address towards the sender, not the ClusterIP (checked against the kernel).
          icmp: { type: 3, code: 3, source: icmpErrorSource(ns, packet.src) ?? packet.dst, reachesSender: true },
        },
      ),
    };
  }
  const epChain = kubeEndpointChain(service, port, ep);
  const clusterCidr = ctx.idx.cluster.clusterCidr;
  // kube-proxy marks for masquerade: NodePort (externalTrafficPolicy Cluster), hairpin, and ClusterIP traffic from outside the pod CIDR.
  const masquerade = viaNodePort || packet.src === ep.ip || !cidrContains(clusterCidr, packet.src);
  const chains = viaNodePort ? ["KUBE-SERVICES", "KUBE-NODEPORTS", kubeExternalChain(service, port), svcChain, epChain] : ["KUBE-SERVICES", svcChain, epChain];
  const rewritten = rewritePacket(packet, { dst: ep.ip, dport: port.targetPort });
  const ct: ConntrackEntry = {
    node: ns.node,
    protocol: p.kind,
    original: { src: packet.src, dst: packet.dst, sport: p.sport, dport: p.dport },
    dnat: { ip: ep.ip, port: port.targetPort },
    masquerade,
    service: svcName,
  };
  ctx.conntrack = [...ctx.conntrack, ct];
  if (masquerade) ctx.pendingMasq = { node: ns.node, ct: ctx.conntrack.length - 1 };
  addHop(
    ctx,
    here,
    "dnat",
    `${local ? "nat OUTPUT" : "nat PREROUTING"}: ${viaNodePort ? `NodePort ${p.dport} on ${packet.dst}` : `ClusterIP ${packet.dst}:${p.dport}`} of ${svcName} → endpoint ${ep.pod} ${ep.ip}:${port.targetPort}` +
      `${masquerade ? " (marked for masquerade)" : ""}; conntrack remembers the translation`,
    showAs(rewritten),
    {
      entry: { kind: "iptables", text: `-A ${epChain} -p ${port.protocol} -m ${port.protocol} -j DNAT --to-destination ${ep.ip}:${port.targetPort}`, table: "nat", chains, service: svcName },
      command: viaNodePort ? "iptables -t nat -L KUBE-NODEPORTS -n" : `iptables -t nat -L ${svcChain} -n`,
    },
  );
  return { packet: rewritten };
}

function postrouting(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, dev: Device, route: Route): { packet: IpPacket } | { outcome: Outcome } {
  let pkt = packet;
  const here = ref(ns.node, ns.netns.id, dev.name);
  const pm = ctx.pendingMasq;
  if (pm && pm.node === ns.node && ns.netns.id === "host") {
    ctx.pendingMasq = undefined;
    const ct = ctx.conntrack[pm.ct];
    const src = selectSourceAddress(ns, dev.name, route.via ?? pkt.dst, "global");
    if (ct && src) {
      const updated: ConntrackEntry = { ...ct, snat: { ip: src } };
      ctx.conntrack = ctx.conntrack.map((c, i) => (i === pm.ct ? updated : c));
      pkt = rewritePacket(pkt, { src });
      addHop(ctx, here, "snat", `nat POSTROUTING: packet marked 0x4000 by kube-proxy → MASQUERADE to ${dev.name}'s address ${src} (the endpoint will reply to this node, which undoes both translations)`, pkt, {
        entry: { kind: "iptables", text: "-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully", table: "nat", chains: ["POSTROUTING", "KUBE-POSTROUTING"] },
        command: "iptables -t nat -L KUBE-POSTROUTING -n",
      });
    }
  }
  pkt = applyPendingUnDnat(ctx, ns, pkt, here);
  return { packet: pkt };
}

function replyMatches(ct: ConntrackEntry, pkt: IpPacket): boolean {
  const ports = transportPorts(pkt);
  if (!ports || pkt.payload.kind !== ct.protocol) return false;
  const replySrc = ct.dnat?.ip ?? ct.original.dst;
  const replySport = ct.dnat?.port ?? ct.original.dport;
  const replyDst = ct.snat?.ip ?? ct.original.src;
  return pkt.src === replySrc && ports.sport === replySport && pkt.dst === replyDst && ports.dport === ct.original.sport;
}

/**
 * How a NAT hop's headers are shown: the IP packet as routed, or, for a bridged frame
 * (br_netfilter runs conntrack on it), inside the Ethernet frame the bridge carries.
 */
type ShowAs = (packet: IpPacket) => WireUnit;
const asIp: ShowAs = (packet) => packet;

function unSnat(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, here: DeviceRef, showAs: ShowAs = asIp): IpPacket {
  for (let i = 0; i < ctx.conntrack.length; i++) {
    const ct = ctx.conntrack[i] as ConntrackEntry;
    if (ct.node !== ns.node || !replyMatches(ct, packet)) continue;
    let pkt = packet;
    if (ct.snat) {
      pkt = rewritePacket(pkt, { dst: ct.original.src });
      addHop(ctx, here, "un-snat", `conntrack: reply to a masqueraded connection, destination ${ct.snat.ip} restored to ${ct.original.src}`, showAs(pkt), {
        entry: { kind: "conntrack", text: formatConntrack(ct), conntrack: ct },
        command: `conntrack -L -p ${ct.protocol} --orig-dst ${ct.original.dst}`,
      });
    }
    if (ct.dnat) ctx.pendingUnDnat = { node: ns.node, ct: i };
    return pkt;
  }
  return packet;
}

function applyPendingUnDnat(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, here: DeviceRef, showAs: ShowAs = asIp): IpPacket {
  const pu = ctx.pendingUnDnat;
  if (!pu || pu.node !== ns.node || ns.netns.id !== "host") return packet;
  ctx.pendingUnDnat = undefined;
  const ct = ctx.conntrack[pu.ct];
  if (!ct) return packet;
  const pkt = rewritePacket(packet, { src: ct.original.dst, sport: ct.original.dport });
  addHop(ctx, here, "un-dnat", `conntrack: reply from endpoint ${packet.src} gets its source restored to ${ct.original.dst}:${ct.original.dport}${ct.service ? ` (${ct.service})` : ""}, so the client sees the address it connected to`, showAs(pkt), {
    entry: { kind: "conntrack", text: formatConntrack(ct), conntrack: ct },
    command: `conntrack -L -p ${ct.protocol} --orig-dst ${ct.original.dst}`,
  });
  return pkt;
}

function bridgedConntrack(ctx: Ctx, ns: NetnsIndex, frame: EthFrame, here: DeviceRef): IpPacket | undefined {
  if (ctx.direction !== "reply" || !ctx.idx.cluster.kubeProxy) return undefined;
  const packet = frame.payload;
  const before = packet;
  const inFrame: ShowAs = (p) => ({ ...frame, payload: p });
  let pkt = unSnat(ctx, ns, packet, here, inFrame);
  pkt = applyPendingUnDnat(ctx, ns, pkt, here, inFrame);
  return pkt === before ? undefined : pkt;
}

// ---------------------------------------------------------------------------
// Calico policy (Calico and Canal) and the "flannel enforces nothing" note.

function l4(packet: IpPacket): { protocol: "tcp" | "udp" | "icmp"; port: number | undefined } {
  const p = packet.payload;
  if (p.kind === "tcp" || p.kind === "udp") return { protocol: p.kind, port: p.dport };
  return { protocol: "icmp", port: undefined };
}

function calicoCheck(ctx: Ctx, ns: NetnsIndex, direction: "ingress" | "egress", pod: PodInfo, packet: IpPacket, iface: IfName): Outcome | undefined {
  if (ctx.idx.cluster.policyEngine !== "calico") return undefined;
  const here = ref(ns.node, ns.netns.id, iface);
  const chain = `${direction === "ingress" ? "cali-tw-" : "cali-fw-"}${iface}`;
  const command = `iptables -L ${chain} -n -v`;
  if (ctx.established) {
    const text = `${direction} ${pod.name}: reply of an established connection, accepted by Calico's conntrack rule before policy`;
    addHop(ctx, here, "policy", text, packet, {
      entry: { kind: "policy", text, verdict: { allowed: true, direction, pod: pod.name, selectedBy: [], text } },
      command,
    });
    return undefined;
  }
  const { protocol, port } = l4(packet);
  const otherIp = direction === "ingress" ? packet.src : packet.dst;
  const otherPod = ctx.idx.podsByIp.get(otherIp);
  const verdict = evaluateNetworkPolicy(ctx.idx, direction, pod, { ip: otherIp, ...(otherPod ? { pod: otherPod } : {}) }, protocol, port);
  if (!verdict.allowed) {
    return drop(ctx, here, "policy-denied", `Calico policy (${chain}): ${verdict.text}`, packet, {
      entry: { kind: "policy", text: verdict.text, verdict },
      command: `kubectl describe networkpolicy -n ${pod.namespace}`,
      policy: verdict,
    });
  }
  addHop(ctx, here, "policy", `Calico policy (${chain}): ${verdict.text}`, packet, { entry: { kind: "policy", text: verdict.text, verdict }, command });
  return undefined;
}

function calicoPolicyChecks(ctx: Ctx, ns: NetnsIndex, packet: IpPacket, inDev: Device | undefined, outDev: Device): Outcome | undefined {
  if (ns.netns.id !== "host" || ctx.idx.cluster.policyEngine !== "calico") return undefined;
  if (inDev) {
    const fromPod = ctx.idx.workloadInterfaces.get(`${ns.node}|${inDev.name}`);
    if (fromPod) {
      const r = calicoCheck(ctx, ns, "egress", fromPod, packet, inDev.name);
      if (r) return r;
    }
  }
  const toPod = ctx.idx.workloadInterfaces.get(`${ns.node}|${outDev.name}`);
  if (toPod) return calicoCheck(ctx, ns, "ingress", toPod, packet, outDev.name);
  return undefined;
}

function unenforcedPolicyNote(ctx: Ctx, ns: NetnsIndex, packet: IpPacket): PolicyVerdict | undefined {
  if (ctx.idx.cluster.policyEngine !== "none" || ctx.direction !== "forward" || ns.netns.id === "host") return undefined;
  const pod = ctx.idx.podsByName.get(ns.netns.id.slice(4));
  if (!pod) return undefined;
  const { protocol, port } = l4(packet);
  const src = ctx.idx.podsByIp.get(packet.src);
  const v = evaluateNetworkPolicy(ctx.idx, "ingress", pod, { ip: packet.src, ...(src ? { pod: src } : {}) }, protocol, port);
  if (v.allowed) return undefined;
  return {
    ...v,
    allowed: true,
    text: `NOT enforced: ${v.text.replace(/ \(add a rule.*$/, "")} — but ${ctx.idx.cluster.mode} has no policy engine, so the packet is delivered anyway (use Calico or Canal to enforce NetworkPolicy)`,
  };
}
