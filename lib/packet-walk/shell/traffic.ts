/**
 * The lab story's background traffic (`env.traffic`) walked through the current cluster:
 * what tcpdump captures and what conntrack remembers. Memoised per (cluster, traffic) pair,
 * both compared by identity, so a command log replays at walk speed.
 */
import { PacketWalkInputError } from "../addresses";
import type { Cluster } from "../model";
import { walkPacket, walkReply, type PacketSpec, type WalkResult } from "../walk";

/** One probe of the traffic: its forward walk and, when it was delivered and answered, the reply. */
export interface TrafficFlow {
  readonly spec: PacketSpec;
  readonly forward: WalkResult;
  readonly reply?: WalkResult;
}

const memo = new WeakMap<Cluster, WeakMap<readonly PacketSpec[], readonly TrafficFlow[]>>();

/** Walks every probe; a probe the cluster no longer fits (a pod gone) is skipped, as a client that cannot start. */
export function trafficFlows(cluster: Cluster, traffic: readonly PacketSpec[]): readonly TrafficFlow[] {
  let byTraffic = memo.get(cluster);
  if (!byTraffic) {
    byTraffic = new WeakMap();
    memo.set(cluster, byTraffic);
  }
  const hit = byTraffic.get(traffic);
  if (hit) return hit;
  const flows: TrafficFlow[] = [];
  for (const spec of traffic) {
    try {
      const forward = walkPacket(cluster, spec);
      const reply = forward.delivered ? walkReply(cluster, forward) : undefined;
      flows.push({ spec, forward, ...(reply ? { reply } : {}) });
    } catch (e) {
      if (!(e instanceof PacketWalkInputError)) throw e;
    }
  }
  byTraffic.set(traffic, flows);
  return flows;
}

/** A neighbour entry the kernel would hold because of the traffic: resolved (REACHABLE) or given up on (FAILED). */
export interface LearnedNeighbour {
  readonly ip: string;
  readonly dev: string;
  readonly mac?: string;
  readonly state: "REACHABLE" | "FAILED";
}

/**
 * Entries the traffic leaves in one namespace's neighbour table: every next hop it resolved by
 * ARP (not from a permanent entry) and every next hop ARP got no answer for.
 */
export function learnedNeighbours(cluster: Cluster, traffic: readonly PacketSpec[], node: string, netns: string): LearnedNeighbour[] {
  const out = new Map<string, LearnedNeighbour>();
  for (const flow of trafficFlows(cluster, traffic)) {
    for (const walk of flow.reply ? [flow.forward, flow.reply] : [flow.forward]) {
      let nexthop: string | undefined;
      for (const hop of walk.hops) {
        if (hop.location.node !== node || hop.location.netns !== netns) continue;
        if (hop.action === "route-lookup" && hop.entry?.kind === "route") {
          const ip = hop.packet.kind === "eth" ? hop.packet.payload : hop.packet;
          nexthop = hop.entry.route.via ?? ip.dst;
        }
        if (hop.action === "arp-lookup" && hop.entry?.kind === "neighbour" && hop.entry.dynamic) {
          const n = hop.entry.neighbour;
          out.set(`${n.ip}|${n.dev}`, { ip: n.ip, dev: n.dev, mac: n.mac, state: "REACHABLE" });
        }
        if (hop.action === "drop" && walk.drop?.code === "neighbour-unresolved" && walk.drop.hopId === hop.id && nexthop) {
          const key = `${nexthop}|${hop.location.device}`;
          if (!out.has(key)) out.set(key, { ip: nexthop, dev: hop.location.device, state: "FAILED" });
        }
      }
    }
  }
  return [...out.values()];
}
