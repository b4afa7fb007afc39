import { describe, expect, it } from "vitest";
import { getScenario } from "./scenarios";
import { describeTopology, deviceKey } from "./topology";
import { walkPacket } from "./walk";

describe("describeTopology", () => {
  const c = getScenario("seed-flannel-vxlan");
  const t = describeTopology(c);
  it("lists nodes, namespaces and devices with ip-link style labels", () => {
    expect(t.nodes.map((n) => n.name)).toEqual(["node1", "node2", "router"]);
    expect(t.namespaces.filter((n) => n.kind === "pod")).toHaveLength(4);
    const veth = t.devices.find((d) => d.id === "node1/host/veth76d1fce3");
    expect(veth?.label).toBe("6: veth76d1fce3@if3");
    expect(t.devices.find((d) => d.id === "node1/pod:httpd-app-675b65488d-9w69v/eth0")?.label).toBe("3: eth0@if6");
    expect(t.devices.find((d) => d.id === "node1/host/flannel.1")?.linkLocal).toBe("fe80::2895:edff:fe10:e456/64");
  });
  it("links veth pairs, bridge ports, the underlay and the VXLAN tunnel", () => {
    const kinds = (k: string) => t.links.filter((l) => l.kind === k);
    expect(kinds("veth")).toHaveLength(4);
    expect(kinds("bridge-port")).toHaveLength(4);
    expect(kinds("tunnel").map((l) => [l.from, l.to].sort())).toEqual([["node1/host/flannel.1", "node2/host/flannel.1"]]);
    expect(kinds("underlay").every((l) => l.to === "segment:30.0.1.0/24")).toBe(true);
  });
  it("every hop of a walk points at a drawable device", () => {
    const ids = new Set(t.devices.map((d) => d.id));
    const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    for (const h of r.hops) expect(ids.has(deviceKey(h.location)), deviceKey(h.location)).toBe(true);
  });
});
