/**
 * Reads classic libpcap files written by tcpdump and decodes each frame into the
 * engine's header-stack shape (outermost first), so kernel captures and walk hops
 * compare field by field. Only what the labs carry is decoded: Ethernet, IPv4,
 * UDP (VXLAN on the VXLAN ports), TCP, ICMP, and IP-in-IP.
 */

/** One decoded header; field names follow lib/packet-walk/packet.ts. */
export type DecodedHeader =
  | { type: "eth"; src: string; dst: string }
  | { type: "ip"; src: string; dst: string; ttl: number; protoNumber: number; totalLength: number; df: boolean; id: number }
  | { type: "udp"; sport: number; dport: number; length: number }
  | { type: "vxlan"; vni: number }
  | { type: "tcp"; sport: number; dport: number; flags: string[] }
  | { type: "icmp"; icmpType: number; code: number; ident?: number; seq?: number; nextHopMtu?: number };

export interface CapturedFrame {
  /** Microseconds since the epoch (same clock for every capture on the host). */
  readonly timeMicros: number;
  readonly headers: DecodedHeader[];
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;

export function readPcap(buf: Buffer): CapturedFrame[] {
  if (buf.length < 24) return [];
  const magic = buf.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && buf.readUInt32BE(0) !== 0xa1b2c3d4 && buf.readUInt32BE(0) !== 0xa1b23c4d) throw new Error("not a libpcap file");
  const nano = (le ? magic : buf.readUInt32BE(0)) === 0xa1b23c4d;
  const u32 = (o: number): number => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
  const linkType = u32(20);
  const frames: CapturedFrame[] = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = u32(off);
    const frac = u32(off + 4);
    const incl = u32(off + 8);
    const data = buf.subarray(off + 16, off + 16 + incl);
    off += 16 + incl;
    const timeMicros = sec * 1e6 + (nano ? Math.floor(frac / 1000) : frac);
    const headers = linkType === LINKTYPE_ETHERNET ? decodeEth(data) : linkType === LINKTYPE_RAW ? decodeIp(data) : [];
    frames.push({ timeMicros, headers });
  }
  return frames;
}

function macAt(b: Buffer, o: number): string {
  return [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, "0")).join(":");
}

function decodeEth(b: Buffer): DecodedHeader[] {
  if (b.length < 14) return [];
  const eth: DecodedHeader = { type: "eth", dst: macAt(b, 0), src: macAt(b, 6) };
  if (b.readUInt16BE(12) !== 0x0800) return [eth];
  return [eth, ...decodeIp(b.subarray(14))];
}

const VXLAN_PORTS = new Set([4789, 8472]);
const FLANNEL_UDP_PORT = 8285;

function decodeIp(b: Buffer): DecodedHeader[] {
  const first = b[0] ?? 0;
  if (b.length < 20 || first >> 4 !== 4) return [];
  const ihl = (first & 15) * 4;
  const frag = b.readUInt16BE(6);
  const ip: DecodedHeader = {
    type: "ip",
    totalLength: b.readUInt16BE(2),
    id: b.readUInt16BE(4),
    df: (frag & 0x4000) !== 0,
    ttl: b[8] as number,
    protoNumber: b[9] as number,
    src: [...b.subarray(12, 16)].join("."),
    dst: [...b.subarray(16, 20)].join("."),
  };
  const p = b.subarray(ihl);
  switch (ip.protoNumber) {
    case 1:
      if (p.length < 4) return [ip];
      return [ip, { type: "icmp", icmpType: p[0] as number, code: p[1] as number, ...(p[0] === 0 || p[0] === 8 ? { ident: p.readUInt16BE(4), seq: p.readUInt16BE(6) } : {}), ...(p[0] === 3 && p[1] === 4 && p.length >= 8 ? { nextHopMtu: p.readUInt16BE(6) } : {}) }, ...(p[0] === 3 || p[0] === 11 ? decodeIp(p.subarray(8)) : [])];
    case 4:
      return [ip, ...decodeIp(p)];
    case 6: {
      if (p.length < 14) return [ip];
      const f = p[13] as number;
      const names: [number, string][] = [[0x02, "SYN"], [0x10, "ACK"], [0x01, "FIN"], [0x04, "RST"], [0x08, "PSH"]];
      return [ip, { type: "tcp", sport: p.readUInt16BE(0), dport: p.readUInt16BE(2), flags: names.filter(([bit]) => (f & bit) !== 0).map(([, n]) => n) }];
    }
    case 17: {
      if (p.length < 8) return [ip];
      const udp: DecodedHeader = { type: "udp", sport: p.readUInt16BE(0), dport: p.readUInt16BE(2), length: p.readUInt16BE(4) };
      if (VXLAN_PORTS.has(udp.dport) && p.length >= 16 && (p[8] as number) & 0x08) {
        return [ip, udp, { type: "vxlan", vni: p.readUIntBE(12, 3) }, ...decodeEth(p.subarray(16))];
      }
      // flannel's UDP backend: the datagram's payload is the raw inner IP packet.
      if (udp.dport === FLANNEL_UDP_PORT) return [ip, udp, ...decodeIp(p.subarray(8))];
      return [ip, udp];
    }
    default:
      return [ip];
  }
}
