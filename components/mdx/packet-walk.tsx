import { formatHeaders, getScenario, walkPacket } from "@/lib/packet-walk";

type Props = { scenario: string; from: string; to: string; protocol?: "icmp" | "tcp" | "udp"; port?: string | number; reply?: boolean };

/**
 * A packet walk in a lesson, computed by the engine when the page is built. This is the
 * hop-by-hop table (also the text alternative of the live diagram that issue 4 adds on top);
 * a walk that throws (unknown scenario or address) fails the build, so lessons cannot
 * ship a broken walk.
 */
export function PacketWalk({ scenario, from, to, protocol, port }: Props) {
  const result = walkPacket(getScenario(scenario), {
    from,
    to,
    ...(protocol ? { protocol } : {}),
    ...(port !== undefined ? { port: Number(port) } : {}),
  });
  const caption = `Packet walk (${scenario}): ${from} → ${to}${protocol ? ` ${protocol}` : ""}${port ? `:${port}` : ""}, ${
    result.delivered ? "delivered" : `dropped: ${result.drop?.reason ?? "unknown reason"}`
  }`;
  return (
    <figure className="packet-walk" data-scenario={scenario}>
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
    </figure>
  );
}
