import { describe, expect, it } from "vitest";
import { clusterFromTopologyFile } from "./topology-file";
import { walkPacket } from "./walk";

const good = {
  mode: "calico-vxlan",
  nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }],
  pods: [{ name: "pa", node: "a" }, { name: "pb", node: "b" }],
};

describe("topology files", () => {
  it("build a walkable cluster", () => {
    const r = clusterFromTopologyFile(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(walkPacket(r.cluster, { from: "pa", to: "pb" }).delivered).toBe(true);
  });
  it("take hosts outside the cluster as NodePort clients", () => {
    const r = clusterFromTopologyFile({
      ...good,
      pods: [{ name: "pa", node: "a", labels: { app: "web" } }],
      externalHosts: [{ name: "laptop", ip: "172.16.9.9/24" }],
      services: [{ name: "web", type: "NodePort", clusterIp: "10.96.0.10", ports: [{ port: 80, nodePort: 30080 }], selector: { app: "web" } }],
    });
    expect(r.ok).toBe(true);
    if (r.ok) expect(walkPacket(r.cluster, { from: "laptop", to: "172.16.0.11", protocol: "tcp", port: 30080 }).delivered).toBe(true);
    const bad = clusterFromTopologyFile({ ...good, externalHosts: [{ name: "laptop", ip: "172.16.9.9/24", podCidr: "10.244.9.0/24" }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^externalHosts\[0\]/);
  });
  it("report schema errors with the field path", () => {
    const r = clusterFromTopologyFile({ ...good, nodes: [{ name: "a", ip: "172.16.0.10" }, { name: "b", ip: "172.16.0.11/24", mtu: "big" }], extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^nodes\[0\]\.ip: /), expect.stringMatching(/^nodes\[1\]\.mtu: /), expect.stringMatching(/extra/)]));
    }
  });
  it("report semantic errors with the field path", () => {
    const r = clusterFromTopologyFile({ ...good, pods: [{ name: "pa", node: "zz" }] });
    expect(r).toEqual({ ok: false, errors: [expect.stringMatching(/^pods\[0\]\.node: /)] });
    const mode = clusterFromTopologyFile({ ...good, mode: "weave" });
    expect(mode.ok).toBe(false);
    if (!mode.ok) expect(mode.errors[0]).toMatch(/^mode: /);
  });
});
