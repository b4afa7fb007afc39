import { describe, expect, it } from "vitest";
import { SEED_PODS } from "@/lib/packet-walk";
import { getLab, publicLab } from "@/lib/labs";

describe("publicLab", () => {
  it("lists every machine's shell and its pods' shells, and the diagnosis choices", () => {
    const lab = getLab("vxlan-after-maintenance");
    if (!lab) throw new Error("lab missing");
    const view = publicLab(lab);
    expect(view.terminals).toEqual([
      { node: "node1", netns: "host" },
      { node: "node1", netns: `pod:${SEED_PODS.appNode1}`, pod: SEED_PODS.appNode1 },
      { node: "node1", netns: `pod:${SEED_PODS.testNode1}`, pod: SEED_PODS.testNode1 },
      { node: "node2", netns: "host" },
      { node: "node2", netns: `pod:${SEED_PODS.appNode2}`, pod: SEED_PODS.appNode2 },
      { node: "node2", netns: `pod:${SEED_PODS.testNode2}`, pod: SEED_PODS.testNode2 },
    ]);
    expect(view.diagnosisPlaces).toEqual(["node1", "node2", "kubernetes", "underlay"]);
    expect(view.scenarioLabel).toBe("Flannel VXLAN");
    expect(view.startAt).toEqual({ node: "node1", netns: `pod:${SEED_PODS.appNode1}` });
  });

  it("offers the outside client of the Service scenario as a terminal", () => {
    const lab = getLab("service-connection-refused");
    if (!lab) throw new Error("lab missing");
    expect(publicLab(lab).terminals).toContainEqual({ node: "client", netns: "host" });
  });

  it("does not share mutable state with the definition", () => {
    const lab = getLab("policy-change");
    if (!lab) throw new Error("lab missing");
    const view = publicLab(lab);
    expect(view.lessons).not.toBe(lab.lessons);
    expect(view.startAt).not.toBe(lab.startAt);
  });
});
