/**
 * traceroute over the model: probes with TTL 1, 2, 3 … and reports who sends
 * the ICMP time-exceeded for each, exactly as Linux traceroute's default UDP
 * probes would (60-byte packets, destination ports from 33434).
 */
import type { Ipv4 } from "./addresses";
import type { Cluster } from "./model";
import { walkPacket, type DropCode, type PacketSpec, type WalkResult } from "./walk";

/** One line of traceroute output. */
export interface TracerouteHop {
  /** TTL of the probe (the hop number traceroute prints). */
  readonly ttl: number;
  /** Who answered, or `null` for `*` (no ICMP reaches the sender). */
  readonly responder: Ipv4 | null;
  /** Node (or router) that answered or silently dropped the probe. */
  readonly node: string | null;
  /** Why this line looks the way it does. */
  readonly note: string;
  /** The full walk of this probe. */
  readonly walk: WalkResult;
}

/** A complete traceroute. */
export interface TracerouteResult {
  readonly hops: readonly TracerouteHop[];
  /** True when the last probe reached the destination. */
  readonly reached: boolean;
  /** Set when a probe died for another reason than TTL (traceroute would print !N, !X, ...). */
  readonly stoppedBy?: DropCode;
}

/** Linux traceroute's first destination port. */
export const TRACEROUTE_BASE_PORT = 33434;

/**
 * Runs a traceroute from `from` to `to`. Default probes: UDP to port 33434+n with a
 * 32-byte payload, i.e. 60-byte packets as in the seed's `traceroute 10.244.2.2`.
 */
export function traceroute(cluster: Cluster, from: string, to: string, options: { maxHops?: number; protocol?: PacketSpec["protocol"] } = {}): TracerouteResult {
  const maxHops = options.maxHops ?? 30;
  const hops: TracerouteHop[] = [];
  for (let ttl = 1; ttl <= maxHops; ttl++) {
    const protocol = options.protocol ?? "udp";
    const walk = walkPacket(cluster, {
      from,
      to,
      protocol,
      ttl,
      ...(protocol === "udp" ? { port: TRACEROUTE_BASE_PORT + ttl - 1, payloadBytes: 32 } : {}),
      ...(protocol === "icmp" ? { payloadBytes: 32 } : {}),
    });
    if (walk.delivered && walk.final) {
      hops.push({ ttl, responder: walk.final.packet.dst, node: walk.final.location.node, note: "destination reached (it answers with ICMP port unreachable / echo reply)", walk });
      return { hops, reached: true };
    }
    const drop = walk.drop;
    if (!drop) break;
    if (drop.code === "ttl-expired") {
      const answered = drop.icmp && drop.icmp.reachesSender ? drop.icmp.source : null;
      hops.push({ ttl, responder: answered, node: drop.location.node, note: drop.reason, walk });
      continue;
    }
    hops.push({ ttl, responder: drop.icmp?.reachesSender ? drop.icmp.source : null, node: drop.location.node, note: drop.reason, walk });
    return { hops, reached: false, stoppedBy: drop.code };
  }
  return { hops, reached: false };
}
