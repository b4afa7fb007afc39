/**
 * libpcap export of what tcpdump would capture on chosen interfaces during a
 * walk. Pure: returns bytes; writing the file is the caller's job.
 *
 * Link types (tcpdump.org/linktypes.html): Ethernet devices use LINKTYPE_ETHERNET
 * (1); flannel0 (TUN) and tunl0 (IPIP) carry no link-layer header, so their
 * captures use LINKTYPE_RAW (101): each record starts with the IPv4 header.
 * A pcap file has one link type, so Ethernet and raw captures cannot share a file.
 */
import { PacketWalkInputError } from "./addresses";
import { indexCluster } from "./cluster-index";
import { encodeWireUnit } from "./frame";
import type { Cluster, DeviceRef } from "./model";
import type { Hop, WalkResult } from "./walk";

/** LINKTYPE_ETHERNET. */
export const LINKTYPE_ETHERNET = 1;
/** LINKTYPE_RAW: raw IPv4/IPv6, no link-layer header. */
export const LINKTYPE_RAW = 101;

/** One captured record. */
export interface CapturedFrame {
  readonly capture: DeviceRef;
  readonly hopId: string;
  readonly direction: "tx" | "rx";
  /** Microseconds since the Unix epoch. */
  readonly timestampMicros: number;
  readonly bytes: Uint8Array;
}

/** Synthetic capture clock: 2023-02-15 02:42:00 UTC, the seed article's publication time (10:42 in China). */
export const CAPTURE_EPOCH_MICROS = 1676428920 * 1_000_000;

/** Parses `node:device` or `pod-name:eth0` into a device of `cluster`. */
export function resolveCapturePoint(cluster: Cluster, text: string): DeviceRef {
  const colon = text.lastIndexOf(":");
  if (colon <= 0 || colon === text.length - 1) throw new PacketWalkInputError(`"${text}" is not NODE:DEVICE (e.g. node1:ens3)`, "capture");
  const who = text.slice(0, colon);
  const device = text.slice(colon + 1);
  const idx = indexCluster(cluster);
  const router = cluster.underlay.router;
  if (router && router.name === who) {
    const i = router.interfaces.find((x) => x.name === device);
    if (!i) throw new PacketWalkInputError(`router ${who} has no interface ${device}`, "capture");
    return { node: who, netns: "host", device: i.name };
  }
  const pod = idx.podsByName.get(who);
  const ref: DeviceRef | undefined = pod
    ? { node: pod.node, netns: `pod:${pod.name}`, device: device as DeviceRef["device"] }
    : idx.nodes.has(who)
      ? { node: who, netns: "host", device: device as DeviceRef["device"] }
      : undefined;
  if (!ref) throw new PacketWalkInputError(`"${who}" is neither a node nor a pod of ${cluster.name}`, "capture");
  const ns = idx.netns(ref.node, ref.netns);
  if (!ns?.devices.has(device)) {
    const known = ns ? [...ns.devices.keys()].join(", ") : "";
    throw new PacketWalkInputError(`${who} has no device "${device}" (it has: ${known})`, "capture");
  }
  return ref;
}

/** The pcap link type for a capture point. */
export function linkTypeOf(cluster: Cluster, ref: DeviceRef): number {
  const dev = indexCluster(cluster).netns(ref.node, ref.netns)?.devices.get(ref.device);
  return dev && (dev.kind === "tun" || dev.kind === "ipip") ? LINKTYPE_RAW : LINKTYPE_ETHERNET;
}

function sameRef(a: DeviceRef, b: DeviceRef): boolean {
  return a.node === b.node && a.netns === b.netns && a.device === b.device;
}

/**
 * Frames seen on the capture points during the given walks (forward, then reply),
 * in time order. Throws if the packet was fragmented on a captured device, since
 * fragments are not modelled byte by byte.
 */
export function captureFrames(walks: readonly WalkResult[], points: readonly DeviceRef[]): CapturedFrame[] {
  const frames: CapturedFrame[] = [];
  walks.forEach((walk, w) => {
    const base = CAPTURE_EPOCH_MICROS + w * 1000;
    for (const hop of walk.hops) {
      if (!hop.wire) continue;
      const point = points.find((p) => sameRef(p, hop.location));
      if (!point) continue;
      if (hop.size.exceedsMtu) {
        throw new PacketWalkInputError(`the packet is fragmented on ${hop.location.node}:${hop.location.device} (${hop.size.ipBytes} > MTU ${hop.size.mtu}); pcap export of fragments is not supported`, "pcap");
      }
      frames.push({ capture: point, hopId: hop.id, direction: hop.wire, timestampMicros: base + hop.index * 10, bytes: encodeWireUnit(hop.packet) });
    }
  });
  return frames;
}

/** The frames a single hop would produce on its device (for unit tests and the diagram's "bytes" view). */
export function hopBytes(hop: Hop): Uint8Array {
  return encodeWireUnit(hop.packet);
}

/** Encodes a classic libpcap file (magic a1b2c3d4, version 2.4, microsecond timestamps). */
export function encodePcap(frames: readonly { readonly timestampMicros: number; readonly bytes: Uint8Array }[], linkType: number, snaplen = 262144): Uint8Array {
  const total = 24 + frames.reduce((a, f) => a + 16 + Math.min(f.bytes.length, snaplen), 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  // Little-endian, as written by libpcap on x86; readers detect byte order from the magic.
  view.setUint32(0, 0xa1b2c3d4, true);
  view.setUint16(4, 2, true);
  view.setUint16(6, 4, true);
  view.setInt32(8, 0, true);
  view.setUint32(12, 0, true);
  view.setUint32(16, snaplen, true);
  view.setUint32(20, linkType, true);
  let off = 24;
  for (const f of frames) {
    const incl = Math.min(f.bytes.length, snaplen);
    view.setUint32(off, Math.floor(f.timestampMicros / 1_000_000), true);
    view.setUint32(off + 4, f.timestampMicros % 1_000_000, true);
    view.setUint32(off + 8, incl, true);
    view.setUint32(off + 12, f.bytes.length, true);
    out.set(f.bytes.subarray(0, incl), off + 16);
    off += 16 + incl;
  }
  return out;
}
