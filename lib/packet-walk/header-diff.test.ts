import { describe, expect, it } from "vitest";
import { diffHeaderStacks, getScenario, walkPacket, type Header } from "./index";

const seedWalk = () => walkPacket(getScenario("seed-flannel-vxlan"), { from: "10.244.1.2", to: "10.244.2.2" });

describe("diffHeaderStacks", () => {
  it("marks nothing on the first hop", () => {
    const d = diffHeaderStacks(undefined, seedWalk().hops[0]!.headers);
    expect(d.entries.every((e) => e.status === "same" && e.changedFields.length === 0)).toBe(true);
    expect(d.removed).toEqual([]);
  });

  it("shows the outer IP, UDP and VXLAN headers appearing at flannel.1 and keeps the inner ones paired", () => {
    const hops = seedWalk().hops;
    const i = hops.findIndex((h) => h.action === "encapsulate");
    const d = diffHeaderStacks(hops[i - 1]!.headers, hops[i]!.headers);
    expect(d.entries.map((e) => `${e.header.type}:${e.status}`)).toEqual(["ip:added", "udp:added", "vxlan:added", "eth:same", "ip:same", "icmp:same"]);
    expect(d.removed).toEqual([]);
  });

  it("reports the TTL decrement when the host forwards", () => {
    const hops = seedWalk().hops;
    const i = hops.findIndex((h) => h.action === "route-lookup" && h.location.device === "flannel.1");
    const d = diffHeaderStacks(hops[i - 1]!.headers, hops[i]!.headers);
    const ip = d.entries.find((e) => e.header.type === "ip")!;
    expect(ip.status).toBe("changed");
    expect(ip.changedFields).toEqual(["ttl"]);
    expect(ip.fields.find((f) => f.name === "ttl")).toEqual({ name: "ttl", value: "63", changed: true });
    // the Ethernet header is gone: the packet went up to the IP stack
    expect(d.removed.map((h) => h.type)).toEqual(["eth"]);
  });

  it("lists the outer headers stripped by decapsulation as removed", () => {
    const hops = seedWalk().hops;
    const i = hops.findIndex((h) => h.action === "decapsulate");
    const d = diffHeaderStacks(hops[i - 1]!.headers, hops[i]!.headers);
    expect(d.removed.map((h) => h.type)).toEqual(["eth", "ip", "udp", "vxlan"]);
    expect(d.entries.map((e) => e.status)).toEqual(["same", "same", "same"]);
  });

  it("flags the destination rewritten by a Service DNAT", () => {
    const walk = walkPacket(getScenario("flannel-vxlan-service"), { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 });
    const i = walk.hops.findIndex((h) => h.action === "dnat");
    expect(i).toBeGreaterThan(0);
    const d = diffHeaderStacks(walk.hops[i - 1]!.headers, walk.hops[i]!.headers);
    const ip = d.entries.find((e) => e.header.type === "ip")!;
    expect(ip.changedFields).toContain("dst");
    expect(ip.fields.find((f) => f.name === "dst")).toEqual({ name: "dst", value: (walk.hops[i]!.headers.find((h) => h.type === "ip") as { dst: string }).dst, changed: true });
  });

  it("treats a header of another type at the same depth as added, the old one as removed", () => {
    const udp: Header = { type: "udp", sport: 1, dport: 2, length: 8, checksum: "zero" };
    const tcp: Header = { type: "tcp", sport: 1, dport: 2, flags: "S" };
    const d = diffHeaderStacks([udp], [tcp]);
    expect(d.entries[0]!.status).toBe("added");
    expect(d.removed).toEqual([udp]);
  });
});
