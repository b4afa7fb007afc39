import { formatHeaders, HOP_ACTION_LABELS, type WalkResult } from "@/lib/packet-walk/browser";
import { InlineText } from "@/components/inline-text";

/**
 * The diagram's text version: every hop of the walk the diagram shows now (the reply when
 * "Show the reply" is on, the chosen dataplane and endpoints), so a screen-reader user and
 * a sighted one follow the same path. Rendered on the server too, so it works without
 * JavaScript for the walk the lesson opens with.
 */
export function HopTable({ walk, caption }: { walk: WalkResult; caption: string }) {
  return (
    <details className="packet-walk-table">
      <summary>Every hop as a table (text version)</summary>
      <table tabIndex={0} className="hop-table" data-testid="hop-table">
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
          {walk.hops.map((hop) => (
            <tr key={hop.id} data-hop-id={hop.id}>
              <td>{hop.index + 1}</td>
              <td>
                <code>{hop.location.node}</code> {hop.location.netns === "host" ? "host namespace" : `pod ${hop.location.netns.replace(/^pod:/, "")}`} <code>{hop.location.device}</code>
              </td>
              <td>
                <strong>{HOP_ACTION_LABELS[hop.action]}</strong>: <InlineText text={hop.detail} />
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
  );
}
