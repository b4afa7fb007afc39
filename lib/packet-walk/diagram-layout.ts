/**
 * Where each box, device and link of a {@link ClusterTopology} goes on the
 * lesson diagram, in SVG user units. Pure and deterministic, so the server
 * render and the browser agree and nothing moves while a packet animates.
 *
 * Shape: one column per node, side by side; inside a node, top to bottom, the
 * pods (each with its eth0), the host ends of their veth pairs, the bridge
 * (cni0) when the mode has one, the tunnel devices (flannel.1, flannel0,
 * tunl0, vxlan.calico) and the NIC. Below the nodes a lane for tunnels between
 * nodes that are not neighbours on the drawing, one horizontal bus per
 * underlay segment, and the underlay router. Loopbacks and bridges without
 * ports (docker0) are left out unless a walk touches them.
 */
import type { ClusterTopology, TopologyDevice, TopologyLink } from "./topology";

/** A point in SVG user units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** An axis-aligned box. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One drawn device: its box and the text lines inside it (already fitted to the box). */
export interface DeviceLayout extends Box {
  readonly id: string;
  readonly device: TopologyDevice;
  /** First line: `ip link`-style `N: name@ifM mtu M`; then the address and MAC as `ip addr` prints them, then kind facts. */
  readonly lines: readonly string[];
  /** Full, untruncated text for a tooltip / accessible name. */
  readonly fullText: string;
  readonly center: Point;
}

/** A node, pod namespace or root namespace box with its caption lines. */
export interface ContainerLayout extends Box {
  readonly id: string;
  readonly kind: "node" | "router" | "host-netns" | "pod";
  readonly lines: readonly string[];
  readonly fullText: string;
}

/** One drawn edge, as an SVG path. */
export interface LinkLayout {
  readonly id: string;
  readonly kind: TopologyLink["kind"] | "segment";
  readonly d: string;
  readonly label: string;
  /** Where to write the label (tunnels and segments only). */
  readonly labelAt?: Point;
}

/** The whole drawing. */
export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly containers: readonly ContainerLayout[];
  readonly devices: readonly DeviceLayout[];
  readonly links: readonly LinkLayout[];
  /** Device id → its layout, for highlighting and hit-testing. */
  readonly deviceById: ReadonlyMap<string, DeviceLayout>;
}

/** Options of {@link layoutTopology}. */
export interface LayoutOptions {
  /** Device ids to draw even if they would be hidden (a walk's hop locations). */
  readonly includeDeviceIds?: Iterable<string>;
}

/** Font metrics the drawing assumes (monospace, width ≈ 0.6 em). Exported so the component uses the same sizes. */
export const DIAGRAM_FONT = { size: 10, captionSize: 11, charWidth: 0.6, lineHeight: 12 } as const;

const PAD = 10;
const GAP = 10;
const NODE_GAP = 30;
const POD_W = 172;
const DEVICE_W = POD_W - 2 * PAD;
const HEADER_H = 2 * DIAGRAM_FONT.lineHeight + 12;
const BUS_GAP = 26;
const LANE_STEP = 6;

/**
 * Shortens `text` to fit `maxWidth` units at `fontSize`, cutting the middle
 * (pod names and veth names differ at both ends) and marking the cut with "…".
 */
export function fitText(text: string, maxWidth: number, fontSize: number = DIAGRAM_FONT.size): string {
  const maxChars = Math.max(3, Math.floor(maxWidth / (fontSize * DIAGRAM_FONT.charWidth)));
  if (text.length <= maxChars) return text;
  const keep = maxChars - 1;
  const head = Math.ceil(keep / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (keep - head))}`;
}

function deviceLines(d: TopologyDevice): string[] {
  const lines = [d.mtu !== null ? `${d.label} mtu ${d.mtu}` : d.label];
  for (const a of d.addresses.slice(0, 1)) lines.push(d.kind === "router-port" ? a : `inet ${a}`);
  if (d.mac) lines.push(d.mac);
  if (d.kind === "vxlan") {
    lines.push(d.details.filter((x) => x.startsWith("vxlan id") || x.startsWith("dstport")).join(" "));
  } else if (d.kind === "ipip" || d.kind === "tun") {
    lines.push(d.details[0] ?? d.kind);
  } else if (d.kind === "bridge") {
    lines.push("bridge");
  }
  return lines;
}

function boxHeight(lineCount: number): number {
  return lineCount * DIAGRAM_FONT.lineHeight + 8;
}

function placeDevice(d: TopologyDevice, x: number, y: number, width: number, fixedHeight?: number): DeviceLayout {
  const full = deviceLines(d);
  const lines = full.map((l) => fitText(l, width - 8));
  const h = fixedHeight ?? boxHeight(lines.length);
  return { id: d.id, device: d, x, y, width, height: h, lines, fullText: full.join(", "), center: { x: x + width / 2, y: y + h / 2 } };
}

function container(id: string, kind: ContainerLayout["kind"], box: Box, full: readonly string[]): ContainerLayout {
  return { id, kind, ...box, lines: full.map((l) => fitText(l, box.width - 2 * PAD, DIAGRAM_FONT.captionSize)), fullText: full.join(", ") };
}

const bottomOf = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height });
const topOf = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y });
const line = (a: Point, b: Point) => `M${a.x} ${a.y} L${b.x} ${b.y}`;

/** Lays out a topology. See the module comment for the shape. */
export function layoutTopology(topology: ClusterTopology, options: LayoutOptions = {}): DiagramLayout {
  const include = new Set(options.includeDeviceIds ?? []);
  const deviceInfo = new Map(topology.devices.map((d) => [d.id, d]));
  const bridgePorts = new Set(topology.links.filter((l) => l.kind === "bridge-port").map((l) => l.to));
  const vethPeer = new Map<string, string>();
  for (const l of topology.links) {
    if (l.kind !== "veth") continue;
    vethPeer.set(l.from, l.to);
    vethPeer.set(l.to, l.from);
  }
  const visible = (d: TopologyDevice) => include.has(d.id) || (d.kind !== "loopback" && !(d.kind === "bridge" && !bridgePorts.has(d.id)));

  const kubeNodes = topology.nodes.filter((n) => n.kind === "node");
  const nsById = new Map(topology.namespaces.map((n) => [n.id, n]));
  const devicesOf = (nsId: string) =>
    (nsById.get(nsId)?.deviceIds ?? []).map((id) => deviceInfo.get(id)).filter((d): d is TopologyDevice => !!d && visible(d));

  // Classify every node first: rows must line up across nodes.
  const plans = kubeNodes.map((node) => {
    const spaces = node.namespaceIds.map((id) => nsById.get(id)).filter((ns) => !!ns);
    const pods = spaces.filter((ns) => ns.kind === "pod");
    const host = spaces.find((ns) => ns.kind === "host");
    const hostDevices = host ? devicesOf(host.id) : [];
    const veths = hostDevices.filter((d) => d.kind === "veth");
    const bridges = hostDevices.filter((d) => d.kind === "bridge");
    const nics = hostDevices.filter((d) => d.kind === "physical");
    const middle = hostDevices.filter((d) => d.kind !== "veth" && d.kind !== "bridge" && d.kind !== "physical");
    return { node, pods, host, veths, bridges, nics, middle, columns: Math.max(1, pods.length, veths.length) };
  });

  const podDeviceRows = Math.max(1, ...plans.flatMap((p) => p.pods.map((pod) => devicesOf(pod.id).length)));
  const podDeviceH = boxHeight(3);
  const podH = HEADER_H + podDeviceRows * (podDeviceH + GAP);
  const vethH = boxHeight(3);
  const bridgeH = boxHeight(4);
  const middleH = boxHeight(4);
  const nicH = boxHeight(3);
  const hasBridgeRow = plans.some((p) => p.bridges.length > 0);
  const hasMiddleRow = plans.some((p) => p.middle.length > 0);

  const yPods = HEADER_H + PAD;
  const yHost = yPods + podH + GAP;
  const yVeth = yHost + HEADER_H - 10;
  const yBridge = yVeth + vethH + 2 * GAP;
  const yMiddle = yBridge + (hasBridgeRow ? bridgeH + 2 * GAP : 0);
  const yNic = yMiddle + (hasMiddleRow ? middleH + 2 * GAP : 0);
  const nodeH = yNic + nicH + PAD;

  const containers: ContainerLayout[] = [];
  const devices: DeviceLayout[] = [];
  const links: LinkLayout[] = [];
  const nodeSpan = new Map<string, { x1: number; x2: number; order: number }>();
  let x = PAD;
  for (const plan of plans) {
    const innerW = plan.columns * POD_W + (plan.columns - 1) * GAP;
    const nodeW = innerW + 4 * PAD;
    const left = x;
    const colX = (i: number) => left + 2 * PAD + i * (POD_W + GAP);
    const n = plan.node;
    containers.push(container(n.id, "node", { x, y: 0, width: nodeW, height: nodeH }, [n.name, `${n.ip ?? ""}${n.podCidr ? ` · pods ${n.podCidr}` : ""}`]));
    plan.pods.forEach((pod, i) => {
      const box = { x: colX(i), y: yPods, width: POD_W, height: podH };
      containers.push(container(pod.id, "pod", box, [pod.pod?.name ?? pod.label, `pod netns${pod.pod ? ` (${pod.pod.namespace})` : ""}`]));
      devicesOf(pod.id).forEach((d, row) => devices.push(placeDevice(d, box.x + PAD, yPods + HEADER_H + row * (podDeviceH + GAP), DEVICE_W, podDeviceH)));
    });
    if (plan.host) {
      containers.push(container(plan.host.id, "host-netns", { x: x + PAD, y: yHost, width: nodeW - 2 * PAD, height: nodeH - yHost - PAD / 2 }, ["root network namespace"]));
    }
    // Host veths sit under the pod they connect to.
    const column = new Map<string, number>();
    plan.pods.forEach((pod, i) => {
      for (const id of pod.deviceIds) {
        const peer = vethPeer.get(id);
        if (peer) column.set(peer, i);
      }
    });
    let spare = plan.pods.length;
    for (const v of plan.veths) devices.push(placeDevice(v, colX(column.get(v.id) ?? spare++) + PAD, yVeth, DEVICE_W, vethH));
    const row = (list: readonly TopologyDevice[], y: number, h: number) => {
      const w = list.length === 1 ? Math.min(innerW, DEVICE_W + POD_W) : (innerW - (list.length - 1) * GAP) / Math.max(1, list.length);
      const start = left + 2 * PAD + (list.length === 1 ? (innerW - w) / 2 : 0);
      list.forEach((d, i) => devices.push(placeDevice(d, start + i * (w + GAP), y, w, h)));
    };
    row(plan.bridges, yBridge, bridgeH);
    row(plan.middle, yMiddle, middleH);
    row(plan.nics, yNic, nicH);
    nodeSpan.set(n.id, { x1: x, x2: x + nodeW, order: nodeSpan.size });
    x += nodeW + NODE_GAP;
  }
  let width = Math.max(x - NODE_GAP + PAD, 2 * POD_W);
  const byId = new Map(devices.map((d) => [d.id, d]));

  const tunnels = topology.links.filter((l) => l.kind === "tunnel");
  const laneTop = nodeH + 10;
  const busTop = laneTop + tunnels.length * LANE_STEP;
  const segY = new Map(topology.segments.map((s, i) => [s.id, busTop + BUS_GAP * (i + 1)]));
  const routerNode = topology.nodes.find((n) => n.kind === "router");
  const routerPorts = routerNode
    ? routerNode.namespaceIds.flatMap((id) => nsById.get(id)?.deviceIds ?? []).map((id) => deviceInfo.get(id)).filter((d): d is TopologyDevice => !!d)
    : [];
  const routerTop = busTop + BUS_GAP * (topology.segments.length + 1);
  const portH = boxHeight(3);
  const hasRouter = !!routerNode && routerPorts.length > 0;
  if (routerNode && hasRouter) {
    const portW = 132;
    const rw = routerPorts.length * portW + (routerPorts.length - 1) * GAP + 2 * PAD;
    const rx = Math.max(PAD, (width - rw) / 2);
    containers.push(container(routerNode.id, "router", { x: rx, y: routerTop, width: rw, height: HEADER_H + portH + PAD }, [routerNode.name, "underlay router"]));
    routerPorts.forEach((d, i) => {
      const laid = placeDevice(d, rx + PAD + i * (portW + GAP), routerTop + HEADER_H, portW, portH);
      devices.push(laid);
      byId.set(laid.id, laid);
    });
    width = Math.max(width, rx + rw + PAD);
  }

  const underlayLinks = topology.links.filter((l) => l.kind === "underlay");
  for (const s of topology.segments) {
    const y = segY.get(s.id)!;
    const xs = underlayLinks.filter((l) => l.to === s.id).map((l) => byId.get(l.from)?.center.x).filter((v): v is number => v !== undefined);
    if (xs.length === 0) continue;
    // Room at the left end for the label, so it does not cross the first NIC's drop line.
    const x1 = Math.max(2, Math.min(...xs) - 140);
    const x2 = Math.min(width - 2, Math.max(...xs) + 60);
    links.push({ id: s.id, kind: "segment", d: line({ x: x1, y }, { x: x2, y }), label: `underlay ${s.cidr}`, labelAt: { x: x1 + 2, y: y - 4 } });
  }
  for (const l of topology.links) {
    const a = byId.get(l.from);
    if (!a) continue;
    if (l.kind === "underlay") {
      const y = segY.get(l.to);
      if (y === undefined) continue;
      const from = a.device.kind === "router-port" ? topOf(a) : bottomOf(a);
      links.push({ id: l.id, kind: l.kind, d: line(from, { x: from.x, y }), label: l.label });
      continue;
    }
    const b = byId.get(l.to);
    if (!b) continue;
    if (l.kind === "veth") {
      const [upper, lower] = a.y < b.y ? [a, b] : [b, a];
      links.push({ id: l.id, kind: l.kind, d: line(bottomOf(upper), topOf(lower)), label: l.label });
    } else if (l.kind === "bridge-port") {
      links.push({ id: l.id, kind: l.kind, d: line(bottomOf(a), { x: a.center.x, y: b.y }), label: l.label });
    } else {
      const [lo, hi] = a.x < b.x ? [a, b] : [b, a];
      const p1 = { x: lo.x + lo.width, y: lo.center.y };
      const p2 = { x: hi.x, y: hi.center.y };
      const spanL = nodeSpan.get(lo.device.ref.node);
      const spanR = nodeSpan.get(hi.device.ref.node);
      if (!spanL || !spanR || spanR.order - spanL.order <= 1) {
        // Neighbouring nodes: a straight tube between the two tunnel devices.
        links.push({ id: l.id, kind: l.kind, d: line(p1, p2), label: l.label, labelAt: { x: (p1.x + p2.x) / 2, y: Math.min(p1.y, p2.y) - 6 } });
      } else {
        // Nodes in between: leave through the gaps beside the two end nodes and run under the others, in the tunnel lane.
        const lane = laneTop + tunnels.indexOf(l) * LANE_STEP;
        const gx1 = spanL.x2 + NODE_GAP / 2;
        const gx2 = spanR.x1 - NODE_GAP / 2;
        links.push({
          id: l.id,
          kind: l.kind,
          d: `M${p1.x} ${p1.y} L${gx1} ${p1.y} L${gx1} ${lane} L${gx2} ${lane} L${gx2} ${p2.y} L${p2.x} ${p2.y}`,
          label: l.label,
        });
      }
    }
  }
  const height = (hasRouter ? routerTop + HEADER_H + portH + PAD : busTop + BUS_GAP * (topology.segments.length + 1)) + PAD;
  return { width: Math.ceil(width), height: Math.ceil(height), containers, devices, links, deviceById: byId };
}
