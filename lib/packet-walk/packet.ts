/**
 * Structured packets (nested, immutable) and their flattened header stacks.
 *
 * Nesting mirrors encapsulation: a VXLAN outer packet literally contains the
 * inner Ethernet frame, so sizes, header stacks and wire bytes all derive from
 * one value and cannot disagree.
 */
import type { Ipv4, Mac } from "./addresses";

/** ICMP echo request/reply (ping) or an error carrying no modelled body. */
export interface IcmpPayload {
  readonly kind: "icmp";
  /** 8 = echo request, 0 = echo reply. */
  readonly type: number;
  readonly code: number;
  readonly ident: number;
  readonly seq: number;
  /** Bytes after the 8-byte ICMP header (ping's default is 56). */
  readonly dataLength: number;
}

/** TCP flags the walk uses. */
export type TcpFlag = "SYN" | "ACK" | "FIN" | "RST" | "PSH";

/** A TCP segment: no options, or only the MSS option (4 bytes) that Linux always puts on a SYN-ACK. */
export interface TcpPayload {
  readonly kind: "tcp";
  readonly sport: number;
  readonly dport: number;
  readonly flags: readonly TcpFlag[];
  readonly seq: number;
  readonly ack: number;
  readonly dataLength: number;
  /** Maximum segment size option (kind 2), when the segment carries one. */
  readonly mss?: number;
}

/** Bytes of a TCP header: 20, plus 4 with the MSS option. */
export function tcpHeaderLength(p: TcpPayload): number {
  return p.mss === undefined ? 20 : 24;
}

/** Opaque application bytes in a UDP datagram. */
export interface UdpData {
  readonly kind: "data";
  readonly length: number;
}

/** A VXLAN header (RFC 7348 §5) followed by the inner Ethernet frame. */
export interface VxlanBody {
  readonly kind: "vxlan";
  readonly vni: number;
  readonly inner: EthFrame;
}

/** flannel's UDP backend: the raw inner IP packet, no extra header. */
export interface FlannelUdpBody {
  readonly kind: "flannel-udp";
  readonly inner: IpPacket;
}

/** A UDP datagram. */
export interface UdpPayload {
  readonly kind: "udp";
  readonly sport: number;
  readonly dport: number;
  /** Whether the sender fills the checksum; `false` puts 0 on the wire (allowed for IPv4). */
  readonly checksum: boolean;
  readonly body: UdpData | VxlanBody | FlannelUdpBody;
}

/** IP-in-IP (protocol 4): the payload is the inner IP packet. */
export interface IpipPayload {
  readonly kind: "ipip";
  readonly inner: IpPacket;
}

/** What an IPv4 packet can carry here. */
export type IpPayload = IcmpPayload | TcpPayload | UdpPayload | IpipPayload;

/** IPv4 protocol names used in header stacks. */
export type IpProtoName = "icmp" | "tcp" | "udp" | "ipip";

/** An IPv4 packet (20-byte header, no options). */
export interface IpPacket {
  readonly kind: "ip";
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly ttl: number;
  readonly id: number;
  /** Don't Fragment bit. */
  readonly df: boolean;
  readonly payload: IpPayload;
}

/** An Ethernet II frame carrying IPv4 (no VLAN tag, no FCS). */
export interface EthFrame {
  readonly kind: "eth";
  readonly src: Mac;
  readonly dst: Mac;
  readonly payload: IpPacket;
}

/** What is on a device at one instant: an Ethernet frame, or a bare IP packet on L3 devices (tun, ipip). */
export type WireUnit = EthFrame | IpPacket;

/** IANA protocol number of an IP payload. */
export function ipProtocolNumber(p: IpPayload): number {
  switch (p.kind) {
    case "icmp": return 1;
    case "tcp": return 6;
    case "udp": return 17;
    case "ipip": return 4;
  }
}

/** Bytes of an IP payload (transport header + data). */
export function ipPayloadLength(p: IpPayload): number {
  switch (p.kind) {
    case "icmp": return 8 + p.dataLength;
    case "tcp": return tcpHeaderLength(p) + p.dataLength;
    case "udp": return 8 + udpBodyLength(p.body);
    case "ipip": return ipTotalLength(p.inner);
  }
}

/** Bytes of a UDP body (after the 8-byte UDP header). */
export function udpBodyLength(b: UdpPayload["body"]): number {
  switch (b.kind) {
    case "data": return b.length;
    case "vxlan": return 8 + frameLength(b.inner);
    case "flannel-udp": return ipTotalLength(b.inner);
  }
}

/** The IPv4 Total Length field: 20-byte header + payload. */
export function ipTotalLength(p: IpPacket): number {
  return 20 + ipPayloadLength(p.payload);
}

/** Bytes of an Ethernet frame without FCS (what tcpdump shows). */
export function frameLength(f: EthFrame): number {
  return 14 + ipTotalLength(f.payload);
}

/** Bytes of a wire unit. */
export function wireLength(w: WireUnit): number {
  return w.kind === "eth" ? frameLength(w) : ipTotalLength(w);
}

/** The IP packet of a wire unit (outermost L3). */
export function outerIp(w: WireUnit): IpPacket {
  return w.kind === "eth" ? w.payload : w;
}

/** The innermost IP packet, peeling every encapsulation: the learner's "original" packet. */
export function innermostIp(w: WireUnit): IpPacket {
  let ip = outerIp(w);
  for (;;) {
    const inner = encapsulatedIp(ip);
    if (!inner) return ip;
    ip = inner;
  }
}

/** The IP packet directly inside an encapsulating packet, if any. */
export function encapsulatedIp(ip: IpPacket): IpPacket | undefined {
  const p = ip.payload;
  if (p.kind === "ipip") return p.inner;
  if (p.kind === "udp") {
    if (p.body.kind === "vxlan") return p.body.inner.payload;
    if (p.body.kind === "flannel-udp") return p.body.inner;
  }
  return undefined;
}

/** Ethernet header in a header stack. */
export interface EthHeader { readonly type: "eth"; readonly src: Mac; readonly dst: Mac }
/** IPv4 header in a header stack. */
export interface IpHeader {
  readonly type: "ip";
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly ttl: number;
  readonly proto: IpProtoName;
  readonly protoNumber: number;
  readonly totalLength: number;
  readonly df: boolean;
  readonly id: number;
}
/** UDP header in a header stack. */
export interface UdpHeader {
  readonly type: "udp";
  readonly sport: number;
  readonly dport: number;
  readonly length: number;
  /** `computed` or `zero` (what the sender puts in the checksum field). */
  readonly checksum: "computed" | "zero";
}
/** TCP header in a header stack. */
export interface TcpHeader { readonly type: "tcp"; readonly sport: number; readonly dport: number; readonly flags: string; readonly mss?: number }
/** ICMP header in a header stack. */
export interface IcmpHeader {
  readonly type: "icmp";
  readonly icmpType: number;
  readonly code: number;
  readonly ident: number;
  readonly seq: number;
  /** e.g. "echo request". */
  readonly name: string;
}
/** VXLAN header in a header stack. */
export interface VxlanHeader { readonly type: "vxlan"; readonly vni: number }

/** One header of a stack, outermost first. */
export type Header = EthHeader | IpHeader | UdpHeader | TcpHeader | IcmpHeader | VxlanHeader;

function icmpName(type: number): string {
  switch (type) {
    case 0: return "echo reply";
    case 3: return "destination unreachable";
    case 8: return "echo request";
    case 11: return "time exceeded";
    default: return `type ${type}`;
  }
}

/** Flattens a wire unit into its header stack, outermost first. */
export function headerStack(w: WireUnit): Header[] {
  const out: Header[] = [];
  let ip: IpPacket;
  if (w.kind === "eth") {
    out.push({ type: "eth", src: w.src, dst: w.dst });
    ip = w.payload;
  } else {
    ip = w;
  }
  for (;;) {
    const p = ip.payload;
    out.push({
      type: "ip",
      src: ip.src,
      dst: ip.dst,
      ttl: ip.ttl,
      proto: p.kind,
      protoNumber: ipProtocolNumber(p),
      totalLength: ipTotalLength(ip),
      df: ip.df,
      id: ip.id,
    });
    if (p.kind === "icmp") {
      out.push({ type: "icmp", icmpType: p.type, code: p.code, ident: p.ident, seq: p.seq, name: icmpName(p.type) });
      return out;
    }
    if (p.kind === "tcp") {
      out.push({ type: "tcp", sport: p.sport, dport: p.dport, flags: p.flags.join(","), ...(p.mss !== undefined ? { mss: p.mss } : {}) });
      return out;
    }
    if (p.kind === "ipip") {
      ip = p.inner;
      continue;
    }
    out.push({ type: "udp", sport: p.sport, dport: p.dport, length: 8 + udpBodyLength(p.body), checksum: p.checksum ? "computed" : "zero" });
    if (p.body.kind === "data") return out;
    if (p.body.kind === "flannel-udp") {
      ip = p.body.inner;
      continue;
    }
    out.push({ type: "vxlan", vni: p.body.vni });
    out.push({ type: "eth", src: p.body.inner.src, dst: p.body.inner.dst });
    ip = p.body.inner.payload;
  }
}

/** Returns a copy of the innermost IP packet rewritten by `f`, keeping every encapsulation around it. */
export function mapInnermost(ip: IpPacket, f: (inner: IpPacket) => IpPacket): IpPacket {
  const inner = encapsulatedIp(ip);
  if (!inner) return f(ip);
  const p = ip.payload;
  if (p.kind === "ipip") return { ...ip, payload: { ...p, inner: mapInnermost(p.inner, f) } };
  if (p.kind === "udp" && p.body.kind === "vxlan") {
    const body = p.body;
    return { ...ip, payload: { ...p, body: { ...body, inner: { ...body.inner, payload: mapInnermost(body.inner.payload, f) } } } };
  }
  if (p.kind === "udp" && p.body.kind === "flannel-udp") {
    return { ...ip, payload: { ...p, body: { ...p.body, inner: mapInnermost(p.body.inner, f) } } };
  }
  return f(ip);
}

/** Transport ports of a packet, if it has any. */
export function transportPorts(ip: IpPacket): { sport: number; dport: number } | undefined {
  const p = ip.payload;
  if (p.kind === "tcp" || p.kind === "udp") return { sport: p.sport, dport: p.dport };
  return undefined;
}

/** Rewrites addresses/ports of an IP packet (NAT), leaving everything else intact. */
export function rewritePacket(ip: IpPacket, change: { src?: Ipv4; dst?: Ipv4; sport?: number; dport?: number }): IpPacket {
  const p = ip.payload;
  let payload: IpPayload = p;
  if ((p.kind === "tcp" || p.kind === "udp") && (change.sport !== undefined || change.dport !== undefined)) {
    payload = { ...p, sport: change.sport ?? p.sport, dport: change.dport ?? p.dport };
  }
  return { ...ip, src: change.src ?? ip.src, dst: change.dst ?? ip.dst, payload };
}
