import type { KeyboardEvent } from "react";
import { BADGE_ROOM, DIAGRAM_FONT, layoutTopology, type ClusterTopology, type DeviceLayout, type DiagramLayout } from "@/lib/packet-walk/browser";
import styles from "./packet-walk.module.css";

/**
 * The SVG drawing of a cluster: nodes, pod and root namespaces, every device
 * with its `ip addr` facts, veth pairs, bridge ports, tunnels and the underlay.
 * Presentational and reusable (the lesson's packet walk uses it; a quiz can
 * use it for "click the devices in order"): it keeps no state of its own.
 */
export interface TopologyDiagramProps {
  /** What to draw: `describeTopology(cluster)` from "@/lib/packet-walk". */
  readonly topology: ClusterTopology;
  /** A precomputed `layoutTopology(topology, …)`; computed here when omitted. */
  readonly layout?: DiagramLayout;
  /** Device ids (`deviceKey(hop.location)`) to draw even if normally hidden (lo, docker0). Ignored when `layout` is given. */
  readonly includeDeviceIds?: readonly string[];
  /** The device to highlight (the current hop's device), with a text badge so colour is not the only signal. */
  readonly highlightedDeviceId?: string;
  /** Badge text next to the highlighted device, e.g. "hop 5". Default "here". */
  readonly highlightLabel?: string;
  /** Marks the highlighted device as where the packet was dropped (cross mark + "dropped" badge). */
  readonly dropped?: boolean;
  /** Devices the packet has already passed (drawn with a double border). */
  readonly visitedDeviceIds?: readonly string[];
  /** Devices a learner picked, in order: each gets a numbered badge (1, 2, …). */
  readonly selectedDeviceIds?: readonly string[];
  /** Makes every device a focusable button (Enter/Space or click) that reports its id. */
  readonly onDeviceClick?: (deviceId: string) => void;
  /** Accessible title and description of the drawing (rendered as SVG <title>/<desc>). */
  readonly title: string;
  readonly description: string;
  /** Prefix for element ids, unique per page when several diagrams are shown. */
  readonly idPrefix: string;
}

const LINE = DIAGRAM_FONT.lineHeight;
/** Badges sit in the room the layout keeps above every device: they never cover its text. */
const BADGE_H = BADGE_ROOM - 4;
const badgeWidth = (text: string) => Math.ceil([...text].length * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth) + 16;

/** "node1, pod-a's namespace" or "node1, host namespace": where a device is, in words a screen reader can say. */
export function placeOf(ref: { node: string; netns: string }): string {
  return ref.netns === "host" ? `${ref.node}, host namespace` : `${ref.node}, pod ${ref.netns.replace(/^pod:/, "")}`;
}

function deviceClass(d: DeviceLayout): string {
  switch (d.device.kind) {
    case "physical":
    case "router-port":
      return styles.devNic!;
    case "vxlan":
    case "ipip":
    case "tun":
      return styles.devTunnel!;
    case "bridge":
      return styles.devBridge!;
    default:
      return styles.devVeth!;
  }
}

export function TopologyDiagram(props: TopologyDiagramProps) {
  const layout = props.layout ?? layoutTopology(props.topology, props.includeDeviceIds ? { includeDeviceIds: props.includeDeviceIds } : {});
  const visited = new Set(props.visitedDeviceIds ?? []);
  const selectedOrder = new Map((props.selectedDeviceIds ?? []).map((id, i) => [id, i + 1]));
  const current = props.highlightedDeviceId ? layout.deviceById.get(props.highlightedDeviceId) : undefined;
  const interactive = !!props.onDeviceClick;
  const titleId = `${props.idPrefix}-title`;
  const descId = `${props.idPrefix}-desc`;
  const onKey = (id: string) => (e: KeyboardEvent<SVGGElement>) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      props.onDeviceClick?.(id);
    }
  };

  return (
    <svg
      className={styles.svg}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
      height={layout.height}
      role={interactive ? "group" : "img"}
      aria-labelledby={titleId}
      aria-describedby={descId}
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      {layout.containers.map((c) => (
        <g key={c.id} className={styles[`box-${c.kind}`]} data-container={c.id}>
          <rect x={c.x} y={c.y} width={c.width} height={c.height} rx={c.kind === "pod" ? 6 : 8} />
          {c.lines.map((l, i) => (
            <text key={i} x={c.x + 10} y={c.y + DIAGRAM_FONT.captionSize + 4 + i * (LINE + 1)} className={i === 0 ? styles.captionStrong : styles.caption}>
              {l}
            </text>
          ))}
        </g>
      ))}
      {layout.links.map((l) => (
        <g key={l.id} className={styles[`link-${l.kind}`]}>
          <path d={l.d} fill="none" />
        </g>
      ))}
      {layout.devices.map((d) => {
        const isCurrent = current?.id === d.id;
        const order = selectedOrder.get(d.id);
        const cls = [styles.device, deviceClass(d), visited.has(d.id) ? styles.visited : "", isCurrent ? styles.current : "", isCurrent && props.dropped ? styles.droppedDev : "", order ? styles.selected : ""].join(" ");
        return (
          <g
            key={d.id}
            className={cls}
            data-device={d.id}
            data-current={isCurrent ? "true" : undefined}
            {...(interactive
              ? {
                  role: "button",
                  tabIndex: 0,
                  // Named with where it is: the same device name (eth0, cni0) exists on every node.
                  "aria-label": `${d.fullText} on ${placeOf(d.device.ref)}${order ? `, picked as number ${order}` : ""}`,
                  "aria-pressed": order !== undefined,
                  onClick: () => props.onDeviceClick?.(d.id),
                  onKeyDown: onKey(d.id),
                }
              : {})}
          >
            <title>{`${placeOf(d.device.ref)}: ${d.fullText}`}</title>
            <rect x={d.x} y={d.y} width={d.width} height={d.height} rx={4} />
            {d.lines.map((l, i) => (
              <text key={i} x={d.x + 4} y={d.y + DIAGRAM_FONT.size + 2 + i * LINE} className={i === 0 ? styles.devName : styles.devText}>
                {l}
              </text>
            ))}
            {order !== undefined && (
              <g className={styles.orderBadge}>
                <circle cx={d.x + d.width - 10} cy={d.y - BADGE_ROOM / 2} r={BADGE_H / 2} />
                <text x={d.x + d.width - 10} y={d.y - BADGE_ROOM / 2 + 4} textAnchor="middle">
                  {order}
                </text>
              </g>
            )}
          </g>
        );
      })}
      {/* Labels last, so no box drawn later can cover them. */}
      {layout.links.map(
        (l) =>
          l.labelAt && (
            <text key={l.id} x={l.labelAt.x} y={l.labelAt.y} className={styles.linkLabel} textAnchor={l.kind === "tunnel" ? "middle" : "start"}>
              {l.label}
            </text>
          ),
      )}
      {current && (() => {
        const text = props.dropped ? `✕ ${props.highlightLabel ?? "dropped"}` : `▶ ${props.highlightLabel ?? "here"}`;
        const w = badgeWidth(text);
        return (
          <g
            className={`${styles.packet} ${props.dropped ? styles.packetDropped : ""}`}
            style={{ transform: `translate(${current.x + current.width - w}px, ${current.y - BADGE_ROOM + 2}px)` }}
            aria-hidden="true"
            data-packet-at={current.id}
          >
            <rect x={0} y={0} width={w} height={BADGE_H} rx={BADGE_H / 2} />
            <text x={w / 2} y={BADGE_H / 2 + 4} textAnchor="middle">
              {text}
            </text>
          </g>
        );
      })()}
    </svg>
  );
}
