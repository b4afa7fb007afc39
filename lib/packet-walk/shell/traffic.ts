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
