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

/** One drawn device: its box and the text lines inside it (wrapped to the box, never cut). */
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

/**
 * Font metrics the drawing assumes (monospace, advance ≈ 0.6 em). Exported so the component
 * uses the same sizes. 12 units: the drawing is shown at its natural size (one user unit =
 * one CSS pixel) on every page, so no text is smaller than 12 CSS px at default zoom.
 */
export const DIAGRAM_FONT = { size: 12, captionSize: 12, charWidth: 0.6, lineHeight: 15 } as const;

const PAD = 10;
const GAP = 10;
const NODE_GAP = 40;
const POD_W = 180;
const DEVICE_W = POD_W - 2 * PAD;
/** Room above every device for the "▶ hop N" badge, so it never covers the device's own text. */
export const BADGE_ROOM = 22;
const BUS_GAP = 30;
const LANE_STEP = 6;
/** A lone device in a row (cni0, flannel.1, the NIC) is at most this wide, leaving room between nodes for the tunnel's label. */
const LONE_DEVICE_W = 250;

/** Characters of monospace text at `fontSize` that fit in `maxWidth` units. */
export function charsThatFit(maxWidth: number, fontSize: number = DIAGRAM_FONT.size): number {
  return Math.max(4, Math.floor(maxWidth / (fontSize * DIAGRAM_FONT.charWidth)));
}

/** Where a long word may break: after these characters (veth16e5e638@ / if3, httpd-app- / 675b…). */
const BREAK_AFTER = new Set(["-", "@", ".", "/", ":", ","]);

/** Splits one word longer than `max` characters, preferring the last break character that keeps the piece within `max`. */
function splitWord(word: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > max) {
    let cut = -1;
    for (let i = max; i >= Math.ceil(max / 3); i--) if (BREAK_AFTER.has(rest[i - 1]!)) { cut = i; break; }
    if (cut < 0) cut = max;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  pieces.push(rest);
  return pieces;
}

/**
 * Wraps `text` into lines of at most `maxWidth` units at `fontSize`: at spaces first, long
 * words after "-", "@", ".", "/", ":" and only then anywhere. Nothing is dropped or
 * replaced, so a name is always shown whole (joining the lines gives back the text, minus
 * the spaces the breaks fell on); a shortened name ("veth16e5e…f3") would invent one.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number = DIAGRAM_FONT.size): string[] {
  const max = charsThatFit(maxWidth, fontSize);
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ").filter((w) => w !== "")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current !== "") lines.push(current);
    const pieces = splitWord(word, max);
    lines.push(...pieces.slice(0, -1));
    current = pieces[pieces.length - 1]!;
  }
  if (current !== "" || lines.length === 0) lines.push(current);
  return lines;
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

/** Text inside a device box starts 4 units from its left edge and must end 4 units before its right one. */
const DEVICE_TEXT_INSET = 8;
const wrapDevice = (d: TopologyDevice, width: number) => deviceLines(d).flatMap((l) => wrapText(l, width - DEVICE_TEXT_INSET));
/** The height a row of devices needs: its tallest device, so boxes line up across nodes. */
const rowHeight = (list: readonly TopologyDevice[], width: number, minLines: number) =>
  boxHeight(Math.max(minLines, ...list.map((d) => wrapDevice(d, width).length)));

function placeDevice(d: TopologyDevice, x: number, y: number, width: number, height: number): DeviceLayout {
  const lines = wrapDevice(d, width);
  return { id: d.id, device: d, x, y, width, height, lines, fullText: deviceLines(d).join(", "), center: { x: x + width / 2, y: y + height / 2 } };
}

const wrapCaption = (full: readonly string[], width: number) => full.flatMap((l) => wrapText(l, width - 2 * PAD, DIAGRAM_FONT.captionSize));
/** A box's caption height: its wrapped lines plus the padding above and below them. */
const captionHeight = (lineCount: number) => lineCount * (DIAGRAM_FONT.lineHeight + 1) + 8;

function container(id: string, kind: ContainerLayout["kind"], box: Box, full: readonly string[]): ContainerLayout {
  return { id, kind, ...box, lines: wrapCaption(full, box.width), fullText: full.join(", ") };
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

  // Outside hosts get a column like a node (their NIC sits on the same bus), after the nodes.
  const kubeNodes = [...topology.nodes.filter((n) => n.kind === "node"), ...topology.nodes.filter((n) => n.kind === "external")];
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
  const innerWidthOf = (columns: number) => columns * POD_W + (columns - 1) * GAP;
  /** Width of each device in a bridge / middle / NIC row of a node: a lone device is centred, several share the row. */
  const rowDeviceWidth = (innerW: number, count: number) => (count === 1 ? Math.min(innerW, LONE_DEVICE_W) : (innerW - (count - 1) * GAP) / Math.max(1, count));
  const tallestRow = (pick: (p: (typeof plans)[number]) => readonly TopologyDevice[], minLines: number) =>
    Math.max(0, ...plans.map((p) => (pick(p).length === 0 ? 0 : rowHeight(pick(p), rowDeviceWidth(innerWidthOf(p.columns), pick(p).length), minLines))));
  const nodeCaptionOf = (n: (typeof plans)[number]["node"]) =>
    n.kind === "external" ? [n.name, `${n.ip ?? ""} · outside the cluster`] : [n.name, `${n.ip ?? ""}${n.podCidr ? ` · pods ${n.podCidr}` : ""}`];
  const podCaptionOf = (pod: (typeof plans)[number]["pods"][number]) => [pod.pod?.name ?? pod.label, `pod netns${pod.pod ? ` (${pod.pod.namespace})` : ""}`];
  const HOST_CAPTION = ["root network namespace"];
  // Captions wrap, so the header rows are as tall as the tallest caption of their kind.
  const nodeHeaderH = Math.max(...plans.map((p) => captionHeight(wrapCaption(nodeCaptionOf(p.node), innerWidthOf(p.columns) + 4 * PAD).length)));
  const podHeaderH = Math.max(captionHeight(2), ...plans.flatMap((p) => p.pods.map((pod) => captionHeight(wrapCaption(podCaptionOf(pod), POD_W).length))));
  const hostHeaderH = Math.max(...plans.map((p) => captionHeight(wrapCaption(HOST_CAPTION, innerWidthOf(p.columns) + 2 * PAD).length)));

  const podDeviceH = Math.max(boxHeight(3), ...plans.flatMap((p) => p.pods.flatMap((pod) => devicesOf(pod.id).map((d) => rowHeight([d], DEVICE_W, 3)))));
  const podH = podHeaderH + podDeviceRows * (BADGE_ROOM + podDeviceH) + GAP;
  const vethH = Math.max(boxHeight(3), ...plans.map((p) => rowHeight(p.veths, DEVICE_W, 3)));
  const bridgeH = tallestRow((p) => p.bridges, 4);
  const middleH = tallestRow((p) => p.middle, 4);
  const nicH = Math.max(boxHeight(3), tallestRow((p) => p.nics, 3));
  const hasBridgeRow = plans.some((p) => p.bridges.length > 0);
  const hasMiddleRow = plans.some((p) => p.middle.length > 0);

  const yPods = nodeHeaderH + PAD;
  const yHost = yPods + podH + GAP;
  const yVeth = yHost + hostHeaderH + BADGE_ROOM - 6;
  const yBridge = yVeth + vethH + GAP + BADGE_ROOM;
  const yMiddle = yBridge + (hasBridgeRow ? bridgeH + GAP + BADGE_ROOM : 0);
  const yNic = yMiddle + (hasMiddleRow ? middleH + GAP + BADGE_ROOM : 0);
  const nodeH = yNic + nicH + PAD;

  const containers: ContainerLayout[] = [];
  const devices: DeviceLayout[] = [];
  const links: LinkLayout[] = [];
  const nodeSpan = new Map<string, { x1: number; x2: number; order: number }>();
  let x = PAD;
  for (const plan of plans) {
    const innerW = innerWidthOf(plan.columns);
    const nodeW = innerW + 4 * PAD;
    const left = x;
    const colX = (i: number) => left + 2 * PAD + i * (POD_W + GAP);
    const n = plan.node;
    // An outside host has only a NIC: its boxes start just above the NIC row (which lines up with
    // the nodes' NICs on the underlay bus), not at the top.
    const hostTop = n.kind === "external" ? yNic - BADGE_ROOM - hostHeaderH : yHost;
    const top = n.kind === "external" ? hostTop - nodeHeaderH - PAD : 0;
    containers.push(container(n.id, "node", { x, y: top, width: nodeW, height: nodeH - top }, nodeCaptionOf(n)));
    plan.pods.forEach((pod, i) => {
      const box = { x: colX(i), y: yPods, width: POD_W, height: podH };
      containers.push(container(pod.id, "pod", box, podCaptionOf(pod)));
      devicesOf(pod.id).forEach((d, row) =>
        devices.push(placeDevice(d, box.x + PAD, yPods + podHeaderH + BADGE_ROOM + row * (podDeviceH + BADGE_ROOM), DEVICE_W, podDeviceH)),
      );
    });
    if (plan.host) {
      containers.push(container(plan.host.id, "host-netns", { x: x + PAD, y: hostTop, width: nodeW - 2 * PAD, height: nodeH - hostTop - PAD / 2 }, HOST_CAPTION));
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
      const w = rowDeviceWidth(innerW, list.length);
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
  const PORT_W = 150;
  const portH = Math.max(boxHeight(3), rowHeight(routerPorts, PORT_W, 3));
  const hasRouter = !!routerNode && routerPorts.length > 0;
  let routerBottom = routerTop;
  if (routerNode && hasRouter) {
    const rw = routerPorts.length * PORT_W + (routerPorts.length - 1) * GAP + 2 * PAD;
    const rx = Math.max(PAD, (width - rw) / 2);
    const caption = [routerNode.name, "underlay router"];
    const portsTop = routerTop + captionHeight(wrapCaption(caption, rw).length) + BADGE_ROOM - 6;
    routerBottom = portsTop + portH + PAD;
    containers.push(container(routerNode.id, "router", { x: rx, y: routerTop, width: rw, height: routerBottom - routerTop }, caption));
    routerPorts.forEach((d, i) => {
      const laid = placeDevice(d, rx + PAD + i * (PORT_W + GAP), portsTop, PORT_W, portH);
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
    const x1 = Math.max(2, Math.min(...xs) - 160);
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
        // The label goes above the tube, in the room kept above the tunnel devices' row.
        // Badges sit at the right end of each device's room, so a label wider than the gap starts
        // just right of the left device and runs over the left, badge-free end of the right one.
        const labelW = [...l.label].length * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth;
        const x = labelW + 8 <= p2.x - p1.x ? (p1.x + p2.x) / 2 : p1.x + 4 + labelW / 2;
        links.push({ id: l.id, kind: l.kind, d: line(p1, p2), label: l.label, labelAt: { x, y: Math.min(lo.y, hi.y) - 6 } });
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
  const height = (hasRouter ? routerBottom : busTop + BUS_GAP * (topology.segments.length + 1)) + PAD;
  return { width: Math.ceil(width), height: Math.ceil(height), containers, devices, links, deviceById: byId };
}
