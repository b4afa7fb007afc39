import { describe, expect, it } from "vitest";
import { BADGE_ROOM, buildCluster, DIAGRAM_FONT, deviceKey, describeTopology, getScenario, layoutTopology, listScenarios, walkPacket, wrapText, type Box, type CniMode } from "./index";

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) => a.x >= outer.x && a.y >= outer.y && a.x + a.width <= outer.x + outer.width && a.y + a.height <= outer.y + outer.height;

/** The text back from its lines (runs of spaces count as one): breaks fell on a space (dropped) or inside a word. */
const rejoinable = (lines: readonly string[], text: string) => {
  let rest = text.replace(/ +/g, " ");
  for (const l of lines) {
    rest = rest.replace(/^ +/, "");
    if (!rest.startsWith(l)) return false;
    rest = rest.slice(l.length);
  }
  return rest.trim() === "";
};

describe("wrapText", () => {
  it("keeps short text on one line", () => {
    expect(wrapText("eth0", 100)).toEqual(["eth0"]);
  });

  it("breaks at spaces, and a long name after its - @ . / : rather than inventing a short one", () => {
    // 150 units at 12 px = 20 characters.
    expect(wrapText("6: veth76d1fce3@if3 mtu 1400", 150)).toEqual(["6: veth76d1fce3@if3", "mtu 1400"]);
    expect(wrapText("httpd-app-675b65488d-9w69v", 150)).toEqual(["httpd-app-", "675b65488d-9w69v"]);
    expect(wrapText("veth1234567890abcdefghij", 100)).toEqual(["veth123456789", "0abcdefghij"]);
  });

  it("never drops, shortens or reorders a character, and no line is wider than allowed", () => {
    const samples = ["httpd-test-7d8b59fcb7-nnm99", "30.0.1.160 · pods 10.244.1.0/24", "vxlan id 1 dstport 8472", "a".repeat(90), "x  y   z", "fe80::1ff:fe23:4567:890a/64"];
    for (const text of samples)
      for (const width of [40, 80, 150, 300]) {
        const lines = wrapText(text, width);
        expect(rejoinable(lines, text), `${text} @${width}: ${JSON.stringify(lines)}`).toBe(true);
        for (const l of lines) expect(l.length * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth).toBeLessThanOrEqual(Math.max(width, 4 * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth));
        expect(lines.join("")).not.toContain("…");
      }
  });
});

describe("layoutTopology", () => {
  for (const { name } of listScenarios()) {
    it(`${name}: every walked device is drawn, inside the drawing, and no two devices overlap`, () => {
      const cluster = getScenario(name);
      const topo = describeTopology(cluster);
      const example = listScenarios().find((s) => s.name === name)!.example;
      const walk = walkPacket(cluster, example);
      const hopIds = walk.hops.map((h) => deviceKey(h.location));
      const layout = layoutTopology(topo, { includeDeviceIds: hopIds });
      for (const id of hopIds) expect(layout.deviceById.has(id), id).toBe(true);
      const canvas = { x: 0, y: 0, width: layout.width, height: layout.height };
      for (const d of layout.devices) expect(inside(d, canvas), d.id).toBe(true);
      for (let i = 0; i < layout.devices.length; i++)
        for (let j = i + 1; j < layout.devices.length; j++) expect(overlaps(layout.devices[i]!, layout.devices[j]!), `${layout.devices[i]!.id} vs ${layout.devices[j]!.id}`).toBe(false);
      // each device sits inside its namespace box (pods) or node box
      for (const d of layout.devices) {
        const owner = layout.containers.find((c) => c.id === `${d.device.ref.node}/${d.device.ref.netns}`) ?? layout.containers.find((c) => c.id === d.device.ref.node);
        expect(owner && inside(d, owner), d.id).toBe(true);
      }
      // text is wrapped, never cut: every line fits its box at the assumed font metrics, the
      // lines give back the whole text, and there is room for every line in the box
      const em = DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth;
      for (const d of layout.devices) {
        for (const l of d.lines) expect(l.length * em, `${d.id}: ${l}`).toBeLessThanOrEqual(d.width - 8);
        expect(d.lines.length * DIAGRAM_FONT.lineHeight + 8, d.id).toBeLessThanOrEqual(d.height);
        expect(rejoinable(d.lines, d.fullText.replaceAll(", ", " ")), `${d.id}: ${JSON.stringify(d.lines)}`).toBe(true);
      }
      for (const c of layout.containers) {
        for (const l of c.lines) expect(l.length * em, `${c.id}: ${l}`).toBeLessThanOrEqual(c.width - 20);
        expect(rejoinable(c.lines, c.fullText.replaceAll(", ", " ")), `${c.id}: ${JSON.stringify(c.lines)}`).toBe(true);
      }
      // the "hop N" badge drawn above a device covers no other device and no caption line
      for (const d of layout.devices) {
        const badge = { x: d.x + d.width - 76, y: d.y - BADGE_ROOM + 2, width: 76, height: BADGE_ROOM - 4 };
        for (const other of layout.devices) if (other !== d) expect(overlaps(badge, other), `badge of ${d.id} covers ${other.id}`).toBe(false);
        for (const c of layout.containers) {
          const lastLine = { x: c.x + 10, y: c.y + 4, width: Math.max(...c.lines.map((l) => l.length)) * em, height: c.lines.length * (DIAGRAM_FONT.lineHeight + 1) };
          expect(overlaps(badge, lastLine), `badge of ${d.id} covers the caption of ${c.id}`).toBe(false);
        }
      }
    });
  }

  it("hides loopbacks and the portless docker0 unless a walk touches them", () => {
    const topo = describeTopology(getScenario("seed-flannel-vxlan"));
    const layout = layoutTopology(topo);
    expect(layout.deviceById.has("node1/host/lo")).toBe(false);
    expect(layout.deviceById.has("node1/host/docker0")).toBe(false);
    expect(layout.deviceById.has("node1/host/cni0")).toBe(true);
    expect(layoutTopology(topo, { includeDeviceIds: ["node1/host/lo"] }).deviceById.has("node1/host/lo")).toBe(true);
  });

  it("puts each host veth under its pod, cni0 below them and ens3 at the bottom", () => {
    const layout = layoutTopology(describeTopology(getScenario("seed-flannel-vxlan")));
    const at = (id: string) => layout.deviceById.get(id)!;
    const podEth0 = at("node1/pod:httpd-app-675b65488d-9w69v/eth0");
    const veth = at("node1/host/veth76d1fce3");
    expect(veth.center.x).toBe(podEth0.center.x);
    expect(veth.y).toBeGreaterThan(podEth0.y);
    expect(at("node1/host/cni0").y).toBeGreaterThan(veth.y);
    expect(at("node1/host/flannel.1").y).toBeGreaterThan(at("node1/host/cni0").y);
    expect(at("node1/host/ens3").y).toBeGreaterThan(at("node1/host/flannel.1").y);
    expect(at("node2/host/ens3").x).toBeGreaterThan(at("node1/host/ens3").x);
    expect(podEth0.lines[0]).toBe("3: eth0@if6 mtu 1400");
    // the whole veth name, on its own line: never "veth76d1f…f3"
    expect(veth.lines[0]).toBe("6: veth76d1fce3@if3");
    expect(podEth0.lines).toContain("inet 10.244.1.2/24");
  });

  it("never writes a tunnel's label over the badges at the right end of a device's room", () => {
    // The widest badge ("▶ hop 12", or a heatmap tag and its order number) is under 80 units.
    const BADGE_ZONE = 80;
    // One pod per node makes narrow nodes, so the gap between the tunnel devices is narrower than the label.
    const onePodEach = (mode: CniMode) =>
      buildCluster(mode, { nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }], pods: [{ name: "pa", node: "a" }, { name: "pb", node: "b" }] });
    const clusters = [...listScenarios().map((s) => getScenario(s.name)), ...(["flannel-vxlan", "flannel-udp", "canal", "calico-vxlan", "calico-ipip"] as const).map(onePodEach)];
    for (const cluster of clusters) {
      const layout = layoutTopology(describeTopology(cluster));
      for (const link of layout.links) {
        if (link.kind !== "tunnel" || !link.labelAt) continue;
        const w = link.label.length * DIAGRAM_FONT.size * DIAGRAM_FONT.charWidth;
        const box = { x1: link.labelAt.x - w / 2, x2: link.labelAt.x + w / 2, y1: link.labelAt.y - DIAGRAM_FONT.size, y2: link.labelAt.y + 3 };
        for (const d of layout.devices) {
          const zone = { x1: d.x + d.width - BADGE_ZONE, x2: d.x + d.width, y1: d.y - BADGE_ROOM, y2: d.y };
          const overlaps = box.x1 < zone.x2 && zone.x1 < box.x2 && box.y1 < zone.y2 && zone.y1 < box.y2;
          expect(overlaps, `${cluster.name}: "${link.label}" over the badges of ${d.id}`).toBe(false);
        }
      }
    }
  });

  it("draws an outside client as a short box right of the nodes, its NIC level with theirs on the bus", () => {
    const layout = layoutTopology(describeTopology(getScenario("flannel-vxlan-service")));
    const box = (id: string) => layout.containers.find((c) => c.id === id)!;
    const client = box("client");
    const clientNic = layout.deviceById.get("client/host/ens3")!;
    expect(client.fullText).toBe("client, 30.0.9.20 · outside the cluster");
    expect(client.x).toBeGreaterThan(box("node2").x + box("node2").width);
    expect(client.y).toBeGreaterThan(box("node2").y + box("node2").height / 2);
    expect(client.y + client.height).toBe(box("node2").y + box("node2").height);
    expect(clientNic.y).toBe(layout.deviceById.get("node2/host/ens3")!.y);
    // its root namespace box holds its NIC
    const ns = box("client/host");
    expect(clientNic.y).toBeGreaterThan(ns.y);
    expect(clientNic.y + clientNic.height).toBeLessThanOrEqual(ns.y + ns.height);
  });

  it("draws one tunnel link per tunnel, routed under node2 for node1 ↔ node3 in CrossSubnet", () => {
    const layout = layoutTopology(describeTopology(getScenario("calico-crosssubnet")));
    const tunnels = layout.links.filter((l) => l.kind === "tunnel");
    expect(tunnels.map((t) => t.id).sort()).toEqual(["tunnel:node1/host/tunl0|node3/host/tunl0", "tunnel:node2/host/tunl0|node3/host/tunl0"]);
    const long = tunnels.find((t) => t.id.includes("node1"))!;
    expect(long.d.split("L").length).toBeGreaterThan(3);
    expect(layout.links.filter((l) => l.kind === "segment")).toHaveLength(2);
  });

  it("is deterministic", () => {
    const topo = describeTopology(getScenario("canal"));
    expect(JSON.stringify({ ...layoutTopology(topo), deviceById: undefined })).toBe(JSON.stringify({ ...layoutTopology(topo), deviceById: undefined }));
  });
});
