import { describe, expect, it } from "vitest";
import { compareWalkModes, destinationEndpoints, encapsulationOverhead, findEndpoint, getScenario, sourceEndpoints, translateAddress, walkPacket } from "./index";

describe("pickers", () => {
  it("offers pods, nodes and the outside client as sources, plus ClusterIPs and NodePorts as destinations", () => {
    const c = getScenario("flannel-vxlan-service");
    expect(sourceEndpoints(c).map((e) => e.kind)).toEqual([...c.pods.map(() => "pod"), "node", "node", "external"]);
    expect(sourceEndpoints(c).at(-1)).toMatchObject({ id: "external:client", address: "30.0.9.20", label: "client outside the cluster (30.0.9.20)" });
    const dst = destinationEndpoints(c);
    const svc = dst.find((e) => e.id === "service:default/httpd-app:80")!;
    expect(svc).toMatchObject({ address: "10.96.148.103", protocol: "tcp", port: 80 });
    // NodePorts open on the cluster's nodes only; the client is not a destination.
    expect(dst.filter((e) => e.kind === "nodeport" && e.port === 30080).map((e) => e.address).sort()).toEqual(["30.0.1.160", "30.0.1.47"]);
    expect(dst.some((e) => e.address === "30.0.9.20")).toBe(false);
    // every source the picker offers can send to a NodePort
    for (const e of sourceEndpoints(c)) expect(walkPacket(c, { from: e.address, to: "30.0.1.47", protocol: "tcp", port: 30080 }).delivered).toBe(true);
    // every destination the picker offers can be walked
    for (const e of dst) expect(() => walkPacket(c, { from: "10.244.1.3", to: e.address, ...(e.protocol ? { protocol: e.protocol, port: e.port } : {}) })).not.toThrow();
  });

  it("finds the entry a lesson's from/to stands for", () => {
    const c = getScenario("flannel-vxlan-service");
    const dst = destinationEndpoints(c);
    expect(findEndpoint(dst, c, "10.244.2.2")?.kind).toBe("pod");
    expect(findEndpoint(dst, c, "node1")?.id).toBe("node:node1");
    expect(findEndpoint(sourceEndpoints(c), c, "client")?.id).toBe("external:client");
    expect(findEndpoint(dst, c, "30.0.1.47", 30080)?.id).toBe("nodeport:node2:30080");
    expect(findEndpoint(dst, c, "10.96.148.103", 80)?.kind).toBe("service");
    expect(findEndpoint(dst, c, "1.2.3.4")).toBeUndefined();
  });
});

describe("translateAddress", () => {
  it("maps a flannel pod IP to the same pod's Calico IP, and names to names", () => {
    const flannel = getScenario("seed-flannel-vxlan");
    const calico = getScenario("calico-ipip");
    const pod = flannel.pods.find((p) => p.ip === "10.244.1.2")!;
    expect(translateAddress(flannel, calico, "10.244.1.2")).toBe(calico.pods.find((p) => p.name === pod.name)!.ip);
    expect(translateAddress(flannel, calico, pod.name)).toBe(pod.name);
    expect(translateAddress(flannel, calico, "node2")).toBe("node2");
    expect(translateAddress(flannel, calico, "8.8.8.8")).toBe("8.8.8.8");
  });
});

describe("compareWalkModes", () => {
  it("takes overhead and MTU from the engine for each mode and the NIC MTU of the source node", () => {
    const rows = compareWalkModes("seed-flannel-vxlan", { from: "10.244.1.2", to: "10.244.2.2" }, ["seed-flannel-vxlan", "flannel-udp", "flannel-host-gw"]);
    expect(rows.map((r) => r.mode)).toEqual(["flannel-vxlan", "flannel-udp", "flannel-host-gw"]);
    for (const r of rows) {
      expect(r.delivered).toBe(true);
      expect(r.overhead).toEqual(encapsulationOverhead(r.mode, 1450));
      expect(r.hopCount).toBe(r.walk!.hops.length);
    }
    const [vxlan, udp, hostGw] = rows;
    // the underlay frame is bigger by exactly the wire overhead the engine reports
    expect(vxlan!.largestUnderlayFrame! - hostGw!.largestUnderlayFrame!).toBe(vxlan!.overhead.wireBytesAdded);
    expect(udp!.largestUnderlayFrame! - hostGw!.largestUnderlayFrame!).toBe(udp!.overhead.wireBytesAdded);
  });

  it("reports a flow that a scenario cannot walk instead of throwing", () => {
    const rows = compareWalkModes("seed-flannel-vxlan", { from: "10.244.1.2", to: "no-such-pod" }, ["flannel-udp"]);
    expect(rows[0]!.error).toBeTruthy();
    expect(rows[0]!.delivered).toBe(false);
  });
});
