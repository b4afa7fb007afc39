import { describe, expect, it } from "vitest";
import { destinationEndpoints, sourceEndpoints } from "./diagram-walks";
import { getScenario, listScenarios } from "./scenarios";
import { walkPacket, walkReply, type WalkResult } from "./walk";

/**
 * The engine's hop texts are what a learner reads beside the diagram. Issue 15 found
 * "underlay router router", felix named in flannel-only walks and internal kinds in the
 * text; this walks every scenario from every source to every destination (and back) and
 * reads every hop.
 */
function everyWalk(): { scenario: string; walk: WalkResult }[] {
  const out: { scenario: string; walk: WalkResult }[] = [];
  for (const { name } of listScenarios()) {
    const cluster = getScenario(name);
    for (const from of sourceEndpoints(cluster)) {
      for (const to of destinationEndpoints(cluster)) {
        if (from.address === to.address) continue;
        const walk = walkPacket(cluster, { from: from.address, to: to.address, ...(to.protocol ? { protocol: to.protocol } : {}), ...(to.port !== undefined ? { port: to.port } : {}) });
        out.push({ scenario: name, walk });
        if (walk.delivered) out.push({ scenario: name, walk: walkReply(cluster, walk) });
      }
    }
  }
  return out;
}

const walks = everyWalk();
const texts = walks.flatMap(({ scenario, walk }) => walk.hops.map((h) => ({ scenario, text: h.detail })));

describe("hop texts", () => {
  it("cover many walks", () => {
    expect(walks.length).toBeGreaterThan(200);
  });

  it("never repeat a word by accident (\"router router\")", () => {
    const doubled = texts.filter((t) => /\b(router|node|pod|via|on|the|to)\s+\1\b/i.test(t.text));
    expect(doubled.slice(0, 5)).toEqual([]);
  });

  it("name the agent of the CNI the walk runs on", () => {
    const wrong = texts.filter((t) => (t.scenario.includes("flannel") && /felix/i.test(t.text)) || (t.scenario.includes("calico") && /flanneld/.test(t.text)));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it("carry no internal action kinds", () => {
    const internal = texts.filter((t) => /\b(route-lookup|arp-lookup|fdb-lookup|bridge-forward|un-dnat)\b/.test(t.text));
    expect(internal.slice(0, 5)).toEqual([]);
  });

  it("show the Ethernet header on NAT hops of a bridged frame (br_netfilter), as on the hops around them", () => {
    const natHops = walks.flatMap(({ walk }) =>
      walk.hops.flatMap((h, i) => {
        const next = walk.hops[i + 1];
        const bridged = next?.action === "bridge-forward" && next.location.device === h.location.device;
        return (h.action === "un-dnat" || h.action === "un-snat") && bridged ? [h] : [];
      }),
    );
    expect(natHops.length).toBeGreaterThan(0);
    expect(natHops.filter((h) => h.headers[0]?.type !== "eth").map((h) => h.id).slice(0, 5)).toEqual([]);
  });
});
