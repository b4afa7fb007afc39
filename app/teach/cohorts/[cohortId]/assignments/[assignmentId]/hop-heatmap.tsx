import { TopologyDiagram } from "@/components/packet-walk/topology-diagram";
import { DiagramViewport } from "@/components/packet-walk/diagram-viewport";
import type { PathHopHeatmap } from "@/lib/gradebook.server";
import { worstHop } from "@/lib/item-analysis";
import { BADGE_ROOM, DIAGRAM_FONT, layoutTopology } from "@/lib/packet-walk/browser";
import { describeDeviceKey } from "@/lib/quiz/path-scenario";
import styles from "./hop-heatmap.module.css";
import { plural } from "@/lib/text/plural";

/** Red for many misses, green for none; always shown next to the count, never alone. */
function heatColour(share: number): string {
  return `hsl(${Math.round((1 - share) * 120)} 75% 55%)`;
}

/**
 * Where learners leave the right path of a device-order question: a bar per hop, the same
 * counts as tags on a representative cluster diagram (hop number badge + "wrong/answered"),
 * and a table as the text version.
 */
export function HopHeatmap({ heatmap, questionId }: { heatmap: PathHopHeatmap; questionId: string }) {
  const layout = layoutTopology(heatmap.topology, { includeDeviceIds: heatmap.representativePath });
  const worst = worstHop(heatmap.hops);
  const hopOf = (i: number) => heatmap.hops[i];
  return (
    <section aria-label={`Per-hop misses for ${questionId}`} data-testid="hop-heatmap">
      <p className="muted">
        Hop n is the n-th device of the right path. {plural(heatmap.attemptsInMode, "first attempt")} in {heatmap.mode}
        {heatmap.attemptsInOtherModes > 0 ? `; ${heatmap.attemptsInOtherModes} in other modes are not counted (their paths have another shape)` : ""}. Each answer is aligned to its own right path (edit distance), so a skipped device counts once, at its hop. Blank answers are left out.
        {worst ? ` Most missed: hop ${worst.hop} (${describeDeviceKey(heatmap.representativePath[worst.hop - 1] ?? "")}), ${worst.wrong} of ${worst.attempts}.` : " Nobody left the right path."}
      </p>
      <ol className={styles.bars} aria-hidden="true">
        {heatmap.hops.map((h) => (
          <li key={h.hop}>
            <span>hop {h.hop}</span>
            <span className={styles.bar}>
              <span style={{ width: `${Math.round(h.share * 100)}%`, background: heatColour(h.share) }} />
            </span>
            <span className={styles.count}>{h.wrong}/{h.attempts} wrong</span>
          </li>
        ))}
      </ol>
      <DiagramViewport width={layout.width} height={layout.height} label={`Right path of one ${heatmap.mode} cluster, with misses per hop`}>
          <TopologyDiagram
            topology={heatmap.topology}
            layout={layout}
            title={`Right path of one ${heatmap.mode} cluster, hops numbered`}
            description="Each device of the right path has its hop number and a tag with how many learners got that hop wrong; the table below has the same numbers."
            idPrefix={`heat-${questionId}`}
            selectedDeviceIds={heatmap.representativePath}
          />
          <svg className={styles.overlay} viewBox={`0 0 ${layout.width} ${layout.height}`} aria-hidden="true">
            {heatmap.representativePath.map((id, i) => {
              const d = layout.deviceById.get(id);
              const h = hopOf(i);
              if (!d || !h) return null;
              const label = `${h.wrong}/${h.attempts}`;
              // In the room above the device, left of its hop-number badge: never over the device's text.
              const w = Math.ceil(label.length * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth) + 8;
              const top = d.y - BADGE_ROOM + 2;
              return (
                <g key={id} data-hop={h.hop}>
                  <rect className={styles.cell} x={d.x + d.width - w - 24} y={top} width={w} height={BADGE_ROOM - 4} rx={3} fill={heatColour(h.share)} />
                  <text x={d.x + d.width - 28} y={top + 13} textAnchor="end">{label}</text>
                </g>
              );
            })}
          </svg>
      </DiagramViewport>
      <table tabIndex={0} aria-label={`Per-hop misses for ${questionId}`}>
        <thead>
          <tr>
            <th scope="col">Hop</th><th scope="col">Device (representative cluster)</th><th scope="col">Wrong</th><th scope="col">Left out</th>
            <th scope="col">Other device</th><th scope="col">Extra device before</th><th scope="col">First mistake here</th><th scope="col">Answered</th><th scope="col">Share wrong</th>
          </tr>
        </thead>
        <tbody>
          {heatmap.hops.map((h) => (
            <tr key={h.hop}>
              <td>{h.hop}</td>
              <td>{describeDeviceKey(heatmap.representativePath[h.hop - 1] ?? "")}</td>
              <td data-testid="hop-wrong">{h.wrong}</td>
              <td>{h.missing}</td>
              <td>{h.substituted}</td>
              <td>{h.extraBefore}</td>
              <td>{h.firstDivergence}</td>
              <td>{h.attempts}</td>
              <td>{Math.round(h.share * 100)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
