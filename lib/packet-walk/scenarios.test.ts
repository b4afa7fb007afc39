import { describe, expect, it } from "vitest";
import { getScenario, listScenarios } from "./scenarios";
import { walkPacket, walkReply } from "./walk";

describe("named scenarios", () => {
  it("include every mode asked for, each with a one-line description", () => {
    const names = listScenarios().map((s) => s.name);
    for (const n of ["seed-flannel-vxlan", "flannel-udp", "flannel-host-gw", "flannel-host-gw-different-subnets", "calico-ipip", "calico-bgp", "calico-crosssubnet", "calico-vxlan", "canal", "flannel-vxlan-service", "canal-network-policy"]) {
      expect(names).toContain(n);
    }
    for (const s of listScenarios()) expect(s.description).not.toMatch(/\n/);
    expect(() => getScenario("nope")).toThrow(/unknown scenario/);
  });
  it.each(listScenarios().map((s) => [s.name, s] as const))("%s: its example walk behaves as described", (_name, s) => {
    const c = getScenario(s.name);
    const r = walkPacket(c, s.example);
    const expectDrop = s.name === "flannel-host-gw-different-subnets" || s.name === "canal-network-policy";
    expect(r.delivered, r.drop?.reason).toBe(!expectDrop);
    if (r.delivered) expect(walkReply(c, r).delivered).toBe(true);
  });
  it("return the same immutable object on each call", () => {
    expect(getScenario("canal")).toBe(getScenario("canal"));
  });
});
