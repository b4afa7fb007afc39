import { describe, expect, it } from "vitest";
import { deviceKey, describeTopology, fitText, getScenario, layoutTopology, listScenarios, walkPacket, type Box } from "./index";

const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, outer: Box) => a.x >= outer.x && a.y >= outer.y && a.x + a.width <= outer.x + outer.width && a.y + a.height <= outer.y + outer.height;

describe("fitText", () => {
  it("keeps short text and cuts long text in the middle", () => {
    expect(fitText("eth0", 100)).toBe("eth0");
    const cut = fitText("httpd-app-675b65488d-9w69v-very-long-name", 120, 10);
    expect(cut.length).toBe(20);
    expect(cut).toContain("…");
    expect(cut.startsWith("httpd-app")).toBe(true);
    expect(cut.endsWith("name")).toBe(true);
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
      // text is fitted: no line longer than its box allows at the assumed font metrics
      for (const d of layout.devices) for (const l of d.lines) expect(l.length * 6).toBeLessThanOrEqual(d.width - 8);
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
    expect(podEth0.lines).toContain("inet 10.244.1.2/24");
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
