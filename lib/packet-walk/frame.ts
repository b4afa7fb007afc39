/**
 * Byte-exact encoding of walked packets (Uint8Array/DataView only, so it runs
 * in the browser too): Ethernet II, IPv4 (RFC 791, header checksum), ICMP
 * (RFC 792), UDP (RFC 768, pseudo-header checksum; 0 when the sender disables
 * it, which IPv4 allows), TCP (RFC 793, no options), VXLAN (RFC 7348 §5: flags
 * 0x08 = "I" bit, 24-bit VNI) and IP-in-IP (RFC 2003, protocol 4).
 */
import { macBytes, ipv4ToNumber, type Ipv4 } from "./addresses";
import {
  ipProtocolNumber,
  ipTotalLength,
  tcpHeaderLength,
  wireLength,
  type EthFrame,
  type IpPacket,
  type TcpFlag,
  type UdpPayload,
  type WireUnit,
} from "./packet";

/** RFC 1071 one's-complement sum of `bytes[start, end)` folded to 16 bits, starting from `initial`. */
export function onesComplementSum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  let sum = initial;
  for (let i = start; i + 1 < end; i += 2) sum += ((bytes[i] as number) << 8) | (bytes[i + 1] as number);
  if ((end - start) % 2 === 1) sum += (bytes[end - 1] as number) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** The Internet checksum (complement of the one's-complement sum). */
export function internetChecksum(bytes: Uint8Array, start: number, end: number, initial = 0): number {
  return ~onesComplementSum(bytes, start, end, initial) & 0xffff;
}

function pseudoHeaderSum(src: Ipv4, dst: Ipv4, proto: number, length: number): number {
  const s = ipv4ToNumber(src) as number;
  const d = ipv4ToNumber(dst) as number;
  return (s >>> 16) + (s & 0xffff) + (d >>> 16) + (d & 0xffff) + proto + length;
}

const TCP_FLAG_BITS: Record<TcpFlag, number> = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10 };

/** Deterministic payload bytes (ping-like incrementing pattern). */
function fillPattern(buf: Uint8Array, off: number, len: number): void {
  for (let i = 0; i < len; i++) buf[off + i] = (0x10 + i) & 0xff;
}

function writeEth(buf: Uint8Array, view: DataView, off: number, f: EthFrame): void {
  buf.set(macBytes(f.dst), off);
  buf.set(macBytes(f.src), off + 6);
  view.setUint16(off + 12, 0x0800);
  writeIp(buf, view, off + 14, f.payload);
}

function writeUdp(buf: Uint8Array, view: DataView, off: number, ip: IpPacket, p: UdpPayload): void {
  const len = ipTotalLength(ip) - 20;
  view.setUint16(off, p.sport);
  view.setUint16(off + 2, p.dport);
  view.setUint16(off + 4, len);
  view.setUint16(off + 6, 0);
  const body = off + 8;
  switch (p.body.kind) {
    case "data":
      fillPattern(buf, body, p.body.length);
      break;
    case "vxlan":
      buf[body] = 0x08; // I flag: VNI is valid
      view.setUint32(body + 4, (p.body.vni & 0xffffff) << 8);
      writeEth(buf, view, body + 8, p.body.inner);
      break;
    case "flannel-udp":
      writeIp(buf, view, body, p.body.inner);
      break;
  }
  if (p.checksum) {
    const c = internetChecksum(buf, off, off + len, pseudoHeaderSum(ip.src, ip.dst, 17, len));
    // RFC 768: a computed 0 is sent as all ones (0 means "no checksum").
    view.setUint16(off + 6, c === 0 ? 0xffff : c);
  }
}

function writeIp(buf: Uint8Array, view: DataView, off: number, ip: IpPacket): void {
  const total = ipTotalLength(ip);
  const p = ip.payload;
  buf[off] = 0x45;
  buf[off + 1] = 0;
  view.setUint16(off + 2, total);
  view.setUint16(off + 4, ip.id & 0xffff);
  view.setUint16(off + 6, ip.df ? 0x4000 : 0);
  buf[off + 8] = ip.ttl;
  buf[off + 9] = ipProtocolNumber(p);
  view.setUint16(off + 10, 0);
  view.setUint32(off + 12, ipv4ToNumber(ip.src) as number);
  view.setUint32(off + 16, ipv4ToNumber(ip.dst) as number);
  view.setUint16(off + 10, internetChecksum(buf, off, off + 20));
  const l4 = off + 20;
  switch (p.kind) {
    case "icmp": {
      buf[l4] = p.type;
      buf[l4 + 1] = p.code;
      view.setUint16(l4 + 2, 0);
      view.setUint16(l4 + 4, p.ident & 0xffff);
      view.setUint16(l4 + 6, p.seq & 0xffff);
      fillPattern(buf, l4 + 8, p.dataLength);
      view.setUint16(l4 + 2, internetChecksum(buf, l4, l4 + 8 + p.dataLength));
      break;
    }
    case "tcp": {
      const hdr = tcpHeaderLength(p);
      const len = hdr + p.dataLength;
      view.setUint16(l4, p.sport);
      view.setUint16(l4 + 2, p.dport);
      view.setUint32(l4 + 4, p.seq >>> 0);
      view.setUint32(l4 + 8, p.ack >>> 0);
      buf[l4 + 12] = (hdr / 4) << 4;
      buf[l4 + 13] = p.flags.reduce((a, f) => a | TCP_FLAG_BITS[f], 0);
      view.setUint16(l4 + 14, 64240);
      view.setUint16(l4 + 16, 0);
      view.setUint16(l4 + 18, 0);
      if (p.mss !== undefined) {
        // Option kind 2 (MSS), length 4.
        buf[l4 + 20] = 2;
        buf[l4 + 21] = 4;
        view.setUint16(l4 + 22, p.mss);
      }
      fillPattern(buf, l4 + hdr, p.dataLength);
      view.setUint16(l4 + 16, internetChecksum(buf, l4, l4 + len, pseudoHeaderSum(ip.src, ip.dst, 6, len)));
      break;
    }
    case "udp":
      writeUdp(buf, view, l4, ip, p);
      break;
    case "ipip":
      writeIp(buf, view, l4, p.inner);
      break;
  }
}

/** Encodes a frame (or a bare IP packet for L3 devices) to the bytes tcpdump would capture. */
export function encodeWireUnit(w: WireUnit): Uint8Array {
  const buf = new Uint8Array(wireLength(w));
  const view = new DataView(buf.buffer);
  if (w.kind === "eth") writeEth(buf, view, 0, w);
  else writeIp(buf, view, 0, w);
  return buf;
}
