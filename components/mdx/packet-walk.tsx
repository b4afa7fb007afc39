import { LazyPacketWalkDiagram } from "@/components/packet-walk/lazy-packet-walk";
import { compareWalkModes, formatHeaders, getScenario, scenarioLabel, walkPacket, type WalkProtocol } from "@/lib/packet-walk";

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
 * (client, lazy-loaded, server-rendered at hop 1) and, as its text alternative that
 * also works without JavaScript, the full hop table.
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
  const caption = `Packet walk (${scenarioLabel(scenario)}): ${from} → ${to}${protocol ? ` ${protocol}` : ""}${port ? `:${port}` : ""}, ${
    result.delivered ? "delivered" : `dropped: ${result.drop?.reason ?? "unknown reason"}`
  }`;
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
      <details className="packet-walk-table">
        <summary>Every hop as a table (text version)</summary>
        <table className="hop-table">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Where</th>
              <th scope="col">What happens</th>
              <th scope="col">Headers (outermost first)</th>
            </tr>
          </thead>
          <tbody>
            {result.hops.map((hop) => (
              <tr key={hop.id}>
                <td>{hop.index + 1}</td>
                <td>
                  <code>{hop.location.node}</code> {hop.location.netns} <code>{hop.location.device}</code>
                </td>
                <td>
                  <strong>{hop.action}</strong>: {hop.detail}
                  {hop.entry && (
                    <>
                      <br />
                      <span className="muted">decided by </span>
                      <code>{hop.entry.text}</code>
                    </>
                  )}
                  {hop.command && (
                    <>
                      <br />
                      <span className="muted">see it: </span>
                      <code>{hop.command}</code>
                    </>
                  )}
                </td>
                <td>
                  <code>{formatHeaders(hop.headers)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
