import { describe, expect, it } from "vitest";
import * as api from "@/lib/packet-walk";

describe("public API (@/lib/packet-walk)", () => {
  it("walks, replies, traces and describes through the single entry point", () => {
    const c = api.getScenario("seed-flannel-vxlan");
    const r = api.walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.delivered).toBe(true);
    expect(api.walkReply(c, r).delivered).toBe(true);
    expect(api.traceroute(c, "10.244.1.2", "10.244.2.2").hops.map((h) => h.responder)).toEqual(["10.244.1.1", "10.244.2.0", "10.244.2.2"]);
    const doc = JSON.parse(JSON.stringify(api.toWalkDocument(r))) as api.WalkDocument;
    expect(doc.hops).toHaveLength(r.hops.length);
    expect(api.describeTopology(c).devices.length).toBeGreaterThan(10);
    expect(api.encapsulationOverhead("calico-ipip").podMtu).toBe(1480);
    expect(api.listScenarios().length).toBeGreaterThanOrEqual(11);
  });
});
