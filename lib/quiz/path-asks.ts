import type { CniMode } from "../packet-walk";
import { modesFor, type PathSituation } from "./path-scenario";

/**
 * What a path question asks about the generated walk:
 * - `device-order`: click the devices the packet crosses, in order (partial credit per hop);
 * - `next-hop`: the gateway the source node's route picks (choice, with generated distractors);
 * - `encapsulating-device`: click the device that wraps the packet in the overlay header;
 * - `outer-destination`: the outer IPv4 destination on the underlay (typed);
 * - `udp-port`: the outer UDP destination port (number);
 * - `drop-point`: click where the packet dies and pick why (half credit each).
 */
export const PATH_ASKS = ["device-order", "next-hop", "encapsulating-device", "outer-destination", "udp-port", "drop-point"] as const;
export type PathAsk = (typeof PATH_ASKS)[number];

const DROPPED: readonly PathSituation[] = ["mtu-too-big", "policy-denied", "host-gw-other-subnet"];
/** Modes that put an outer header on the underlay (host-gw and plain BGP route unencapsulated). */
const ENCAPSULATING: readonly CniMode[] = ["flannel-vxlan", "flannel-udp", "calico-ipip", "calico-vxlan", "canal"];
/** Modes whose outer header is UDP (IP-in-IP has none). */
const UDP_ENCAPSULATING: readonly CniMode[] = ["flannel-vxlan", "flannel-udp", "calico-vxlan", "canal"];
/** Modes where a kernel device encapsulates (flannel's UDP backend hands packets to flanneld instead). */
const KERNEL_ENCAPSULATING: readonly CniMode[] = ["flannel-vxlan", "calico-ipip", "calico-vxlan", "canal"];

/** Why an ask cannot be staged with this situation and these modes, or null if it can. */
export function pathAskProblem(ask: PathAsk, situation: PathSituation, modes: readonly CniMode[]): { field: string; message: string } | null {
  const stageable = modes.filter((m) => !modesFor(situation).includes(m));
  if (stageable.length > 0) return { field: "modes", message: `"${situation}" cannot be staged in ${stageable.join(", ")} (use ${modesFor(situation).join(", ")})` };
  const need = (allowed: readonly CniMode[], what: string) => {
    const bad = modes.filter((m) => !allowed.includes(m));
    return bad.length ? { field: "modes", message: `"${ask}" needs ${what}; ${bad.join(", ")} cannot (use ${allowed.join(", ")})` } : null;
  };
  switch (ask) {
    case "device-order":
      return null;
    case "drop-point":
      return DROPPED.includes(situation) ? null : { field: "situation", message: `"drop-point" needs a situation where the packet is dropped (${DROPPED.join(", ")})` };
    case "next-hop":
    case "outer-destination":
    case "udp-port":
    case "encapsulating-device": {
      if (situation !== "cross-node") return { field: "situation", message: `"${ask}" needs "cross-node" (a packet between nodes)` };
      if (ask === "next-hop") return null;
      if (ask === "outer-destination") return need(ENCAPSULATING, "an encapsulating mode");
      if (ask === "udp-port") return need(UDP_ENCAPSULATING, "a UDP encapsulation");
      return need(KERNEL_ENCAPSULATING, "a kernel tunnel device");
    }
  }
}
