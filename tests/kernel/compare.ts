/**
 * Hop-by-hop comparison of a walk with what tcpdump saw in the lab, plus the
 * table checks (ip link/addr/route against the model, ip route get against the
 * route each lookup hop names). Pure: inputs are decoded captures and command
 * output, so every rule is easy to read and to perturb.
 */
import { toWalkDocument, type Cluster, type WalkResult } from "@/lib/packet-walk";
import type { CapturedFrame, DecodedHeader } from "./frames";

export type FlowKind = "request" | "reply" | "error" | "other";

/** What a frame is with respect to the probe: the walk's packet, its reply, an ICMP error, or noise. `udpPort`: the UDP probe's destination port. */
export function classify(headers: readonly DecodedHeader[], udpPort?: number): FlowKind {
  let transport: DecodedHeader | undefined;
  for (const [i, h] of headers.entries()) {
    if (h.type === "icmp") {
      if (h.icmpType === 3 || h.icmpType === 11) return "error";
      transport = h;
      break;
    }
    if (h.type === "tcp") {
      transport = h;
      break;
    }
    // The outer UDP of a VXLAN frame (or of flannel's UDP backend, an IP packet right after it) is the tunnel's; the probe's is inside.
    if (h.type === "udp" && headers[i + 1]?.type !== "vxlan" && headers[i + 1]?.type !== "ip") {
      transport = h;
      break;
    }
  }
  if (!transport) return "other";
  if (transport.type === "icmp") return transport.icmpType === 8 ? "request" : transport.icmpType === 0 ? "reply" : "other";
  if (transport.type === "tcp") {
    const f = [...transport.flags].sort().join(",");
    // A RST,ACK answers a SYN to a port nobody listens on (a refused connection).
    return f === "SYN" ? "request" : f === "ACK,SYN" || f === "ACK,RST" ? "reply" : "other";
  }
  if (transport.type === "udp" && udpPort !== undefined) return transport.dport === udpPort ? "request" : transport.sport === udpPort ? "reply" : "other";
  return "other";
}

/** A frame the walk says tcpdump sees on a device. */
export interface ExpectedFrame {
  readonly hopIndex: number;
  readonly key: string;
  readonly headers: readonly Record<string, unknown>[];
  /** Ports the kernel picks at random here (MASQUERADE --random-fully), so not compared. */
  readonly randomPort?: "sport" | "dport";
}

export function deviceKey(node: string, netns: string, device: string): string {
  return `${node}|${netns}|${device}`;
}

/** The walk's wire hops, in order (what a tcpdump on each device captures). */
export function expectedFrames(walk: WalkResult): ExpectedFrame[] {
  const doc = toWalkDocument(walk);
  const out: ExpectedFrame[] = [];
  // Masquerade rewrites the client port at random: after SNAT (forward) and before un-SNAT (reply).
  let masqueraded = walk.direction === "reply" && doc.hops.some((h) => h.action === "un-snat");
  for (const h of doc.hops) {
    if (walk.direction === "forward" && h.action === "snat") masqueraded = true;
    if (walk.direction === "reply" && h.action === "un-snat") masqueraded = false;
    if (!h.wire) continue;
    out.push({
      hopIndex: h.index,
      key: deviceKey(h.node, h.netns, h.device),
      headers: h.headers as unknown as Record<string, unknown>[],
      ...(masqueraded ? { randomPort: walk.direction === "forward" ? ("sport" as const) : ("dport" as const) } : {}),
    });
  }
  return out;
}

export interface ObservedFrame extends CapturedFrame {
  readonly key: string;
}

export interface Comparison {
  readonly compared: number;
  readonly mismatches: string[];
}

function vxlanSourceRange(cluster: Cluster, dport: number): [number, number] {
  for (const n of cluster.nodes) {
    for (const ns of n.namespaces) {
      for (const d of ns.devices) if (d.kind === "vxlan" && d.dstPort === dport) return [d.srcPortRange[0], d.srcPortRange[1]];
    }
  }
  return [32768, 60999];
}

/** Compares one engine header stack with one decoded kernel frame; returns the differences. */
export function compareHeaders(cluster: Cluster, expected: ExpectedFrame, got: readonly DecodedHeader[]): string[] {
  const diffs: string[] = [];
  const want = expected.headers;
  if (want.map((h) => h.type).join("/") !== got.map((h) => h.type).join("/")) {
    return [`header stack ${want.map((h) => h.type).join("/")} vs kernel ${got.map((h) => h.type).join("/")}`];
  }
  // The last transport header is the probe's own; outer UDP before VXLAN is the tunnel's.
  want.forEach((w, i) => {
    const g = got[i] as DecodedHeader;
    const field = (name: string, a: unknown, b: unknown): void => {
      if (String(a) !== String(b)) diffs.push(`${w.type}.${name} engine ${String(a)} kernel ${String(b)}`);
    };
    switch (g.type) {
      case "eth":
        field("src", w.src, g.src);
        field("dst", w.dst, g.dst);
        break;
      case "ip":
        field("src", w.src, g.src);
        field("dst", w.dst, g.dst);
        field("ttl", w.ttl, g.ttl);
        field("protocol", w.protoNumber, g.protoNumber);
        field("df", w.df, g.df);
        field("totalLength", w.totalLength, g.totalLength);
        break;
      case "udp": {
        field("dport", w.dport, g.dport);
        field("length", w.length, g.length);
        if (got[i + 1]?.type === "vxlan") {
          const [lo, hi] = vxlanSourceRange(cluster, g.dport);
          if (g.sport < lo || g.sport > hi) diffs.push(`udp.sport kernel ${g.sport} outside the VXLAN source range ${lo}-${hi}`);
        } else {
          if (expected.randomPort !== "sport") field("sport", w.sport, g.sport);
          if (expected.randomPort === "dport") break;
        }
        break;
      }
      case "vxlan":
        field("vni", w.vni, g.vni);
        break;
      case "tcp":
        if (expected.randomPort !== "sport") field("sport", w.sport, g.sport);
        if (expected.randomPort !== "dport") field("dport", w.dport, g.dport);
        field("flags", String(w.flags).split(",").sort().join(","), [...g.flags].sort().join(","));
        break;
      case "icmp":
        field("type", w.icmpType, g.icmpType);
        field("code", w.code, g.code);
        if (g.seq !== undefined) field("seq", w.seq, g.seq);
        break;
    }
  });
  return diffs;
}

/**
 * Walk vs captures for one direction: each expected frame is found on its device,
 * in order, with the same headers; any other frame of that kind is a mismatch.
 */
export function compareWalk(cluster: Cluster, walk: WalkResult, observed: readonly ObservedFrame[], kind: FlowKind, udpPort?: number): Comparison {
  const mismatches: string[] = [];
  const pool = observed.filter((f) => classify(f.headers, udpPort) === kind).sort((a, b) => a.timeMicros - b.timeMicros);
  const used = new Set<ObservedFrame>();
  let lastTime = -Infinity;
  let lastKey = "";
  const expected = expectedFrames(walk);
  for (const e of expected) {
    const frame = pool.find((f) => f.key === e.key && !used.has(f));
    if (!frame) {
      mismatches.push(`${walk.direction} hop ${e.hopIndex}: not seen on ${e.key}`);
      continue;
    }
    used.add(frame);
    if (frame.timeMicros < lastTime) mismatches.push(`${walk.direction} hop ${e.hopIndex}: seen on ${e.key} before the previous hop (${lastKey})`);
    lastTime = frame.timeMicros;
    lastKey = e.key;
    for (const d of compareHeaders(cluster, e, frame.headers)) mismatches.push(`${walk.direction} hop ${e.hopIndex} on ${e.key}: ${d}`);
  }
  for (const f of pool) if (!used.has(f)) mismatches.push(`${walk.direction}: the kernel also sent it on ${f.key}, which the walk does not list`);
  return { compared: expected.length, mismatches };
}

/** Parses the first line of `ip route get`: gateway, device, or the kernel's refusal. */
export function parseRouteGet(stdout: string, stderr: string, code: number): { via?: string; dev?: string; type?: string; error?: string } {
  if (code !== 0) return { error: (stderr.trim().split("\n").pop() ?? "").replace(/^RTNETLINK answers: /, "") };
  const line = stdout.split("\n")[0] ?? "";
  const words = line.trim().split(/\s+/);
  const after = (w: string): string | undefined => {
    const i = words.indexOf(w);
    return i >= 0 ? words[i + 1] : undefined;
  };
  const type = ["blackhole", "unreachable", "prohibit", "local", "broadcast"].find((t) => words[0] === t);
  return { ...(after("via") ? { via: after("via") } : {}), ...(after("dev") ? { dev: after("dev") } : {}), ...(type ? { type } : {}) };
}
