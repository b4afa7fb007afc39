import { LazyPacketWalkDiagram } from "@/components/packet-walk/lazy-packet-walk";
import { compareWalkModes, getScenario, walkPacket, type WalkProtocol } from "@/lib/packet-walk";

/** What a lesson writes: `<PacketWalk scenario="…" from="…" to="…" [protocol] [port] [modes={[…]}] [startHop] [controls={false}] [pickers={false}] [reply] />`. */
export interface PacketWalkProps {
  /** Scenario name, e.g. "seed-flannel-vxlan" (`npm run -s walk -- --list`). */
  readonly scenario: string;
  /** Pod name or IP, node name or IP. */
  readonly from: string;
  /** Pod, node, ClusterIP, or node IP with a NodePort in `port`. */
  readonly to: string;
  readonly protocol?: WalkProtocol;
  readonly port?: string | number;
  /** Scenarios to offer in the mode switcher (include `scenario`), e.g. {["seed-flannel-vxlan", "flannel-udp", "flannel-host-gw"]}. */
  readonly modes?: readonly string[];
  /** Hop number to open at, 1-based as the hop list shows it. */
  readonly startHop?: number;
  /** false: no play/step/speed buttons and no pickers (hop list and arrow keys still step). */
  readonly controls?: boolean;
  /** false: no source/destination pickers or reply toggle. */
  readonly pickers?: boolean;
  /** Open on the return path. */
  readonly reply?: boolean;
}

/**
 * A packet walk in a lesson. The walk is computed here when the page is built, so a
 * broken walk (unknown scenario or address, a mode the flow cannot be carried to, a
 * start hop past the end) fails the build. The page gets the interactive diagram
 * (client, lazy-loaded, server-rendered at hop 1), which carries its own text version
 * (the hop table of whatever walk it shows, also without JavaScript).
 */
export function PacketWalk({ scenario, from, to, protocol, port, modes, startHop, controls, pickers, reply }: PacketWalkProps) {
  const spec = { from, to, ...(protocol ? { protocol } : {}), ...(port !== undefined ? { port: Number(port) } : {}) };
  const result = walkPacket(getScenario(scenario), spec);
  if (modes && modes.length > 0) {
    if (!modes.includes(scenario)) throw new Error(`<PacketWalk scenario="${scenario}">: modes must include the scenario itself`);
    const broken = compareWalkModes(scenario, spec, modes).filter((m) => m.error);
    if (broken.length > 0) throw new Error(`<PacketWalk scenario="${scenario}" from="${from}" to="${to}">: cannot walk in ${broken.map((b) => `${b.scenario} (${b.error})`).join(", ")}`);
  }
  if (startHop !== undefined && !(Number.isInteger(startHop) && startHop >= 1 && startHop <= result.hops.length)) {
    throw new Error(`<PacketWalk scenario="${scenario}">: startHop ${startHop} is not between 1 and ${result.hops.length}`);
  }
  return (
    <figure className="packet-walk" data-scenario={scenario}>
      <LazyPacketWalkDiagram
        scenario={scenario}
        from={from}
        to={to}
        {...(protocol ? { protocol } : {})}
        {...(port !== undefined ? { port: Number(port) } : {})}
        {...(modes ? { modes } : {})}
        {...(startHop !== undefined ? { startHop: startHop - 1 } : {})}
        {...(controls !== undefined ? { controls } : {})}
        {...(pickers !== undefined ? { pickers } : {})}
        {...(reply !== undefined ? { reply } : {})}
      />
    </figure>
  );
}
