/**
 * The lab catalogue (content/labs) as data: every reference resolves, every fault validates,
 * every symptom shows on the faulted cluster and not on the healthy one, every text is free of
 * known wrong facts, and the browser's view carries no part of the answer key.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { facts, type Fact } from "@/content/facts";
import { applyFaults, faultSymptom, getScenario, listScenarios, walkPacket, type Cluster, type FaultExpectation, type PacketSpec } from "@/lib/packet-walk";
import { DIAGNOSIS_TABLES, KUBERNETES_PLACE, LABS, labTerminals, probeOutcome, publicLab, UNDERLAY_PLACE, type LabDefinition } from "@/lib/labs";

const lessonSlugs = new Set(
  readdirSync(path.resolve(__dirname, "../../content/lessons"))
    .filter((f) => f.endsWith(".mdx"))
    .map((f) => f.slice(0, -".mdx".length)),
);
const scenarioNames = new Set(listScenarios().map((s) => s.name));

function faulted(lab: LabDefinition): Cluster {
  return applyFaults(getScenario(lab.scenario), lab.faults);
}

/** Whether a walk of `spec` shows `expect` (a drop with that code, or a refused delivery). */
function shows(cluster: Cluster, spec: PacketSpec, expect: FaultExpectation): boolean {
  const walk = walkPacket(cluster, spec);
  return expect.delivered ? walk.delivered && walk.final?.refused !== undefined : !walk.delivered && walk.drop?.code === expect.dropCode;
}

/** Every learner-visible string of a lab (the hints are shown one at a time, but all of them are shown to someone). */
function visibleTexts(lab: LabDefinition): Array<[string, string]> {
  return [["title", lab.title], ["story", lab.story], ...lab.hints.map((h, i): [string, string] => [`hints[${i}]`, h.text])];
}

/** The known wrong statements (content/facts.ts) a text makes, as "fact id: why". */
function wrongFactsIn(text: string): string[] {
  return Object.entries(facts as Record<string, Fact>).flatMap(([id, fact]) =>
    (fact.wrongPatterns ?? []).filter((w) => w.pattern.test(text) && !(w.unless?.test(text) ?? false)).map((w) => `${id}: ${w.why}`),
  );
}

describe("wrongFactsIn", () => {
  it("catches a wrong port and lets the right one through", () => {
    expect(wrongFactsIn("flannel's VXLAN backend sends to UDP 4789.").length).toBeGreaterThan(0);
    expect(wrongFactsIn("flannel's VXLAN backend uses UDP 8472 by default.")).toEqual([]);
  });
});

describe("lab catalogue", () => {
  it("has at least 12 labs with a fix and at most 2 graded by diagnosis alone", () => {
    expect(LABS.filter((l) => l.fix !== null).length).toBeGreaterThanOrEqual(12);
    expect(LABS.filter((l) => l.fix === null).length).toBeLessThanOrEqual(2);
  });

  it("has unique, URL-safe slugs", () => {
    const slugs = LABS.map((l) => l.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it("covers every dataplane the course teaches, Services and NetworkPolicy", () => {
    const modes = new Set(LABS.map((l) => getScenario(l.scenario).mode));
    for (const mode of ["flannel-vxlan", "flannel-host-gw", "flannel-udp", "calico-bgp", "calico-ipip", "calico-crosssubnet"]) expect(modes, mode).toContain(mode);
    const kinds = new Set(LABS.flatMap((l) => l.faults.map((f) => f.kind)));
    expect([...kinds].some((k) => k === "wrong-target-port" || k === "no-endpoints")).toBe(true);
    expect(kinds).toContain("default-deny");
  });

  describe.each(LABS.map((l) => [l.slug, l] as const))("%s", (_slug, lab) => {
    it("names an existing scenario, existing lessons, and faults that apply", () => {
      expect(scenarioNames).toContain(lab.scenario);
      expect(lab.lessons.length).toBeGreaterThan(0);
      for (const lesson of lab.lessons) expect(lessonSlugs, `content/lessons/${lesson}.mdx`).toContain(lesson);
      expect(lab.faults.length).toBeGreaterThan(0);
      expect(() => faulted(lab)).not.toThrow();
    });

    it("tells its story in 2-4 sentences, without internal words", () => {
      // Sentence ends: a full stop, question or exclamation mark followed by a space and a capital, or the end.
      const sentences = lab.story.split(/(?<=[.!?])\s+(?=[A-Z`"])/).filter((s) => s.trim());
      expect(sentences.length).toBeGreaterThanOrEqual(2);
      expect(sentences.length).toBeLessThanOrEqual(4);
      for (const [where, text] of visibleTexts(lab)) expect(text, where).not.toMatch(/\bseeds?\b/i);
    });

    it("states no known wrong fact in its story or hints", () => {
      for (const [where, text] of visibleTexts(lab)) expect(wrongFactsIn(text), where).toEqual([]);
    });

    it("opens its terminal, runs its fix and names its diagnosis on machines the lab has", () => {
      const cluster = faulted(lab);
      const terminals = new Set(labTerminals(cluster).map((t) => `${t.node}|${t.netns}`));
      expect(terminals).toContain(`${lab.startAt.node}|${lab.startAt.netns}`);
      for (const command of lab.fix ?? []) expect(terminals, command.line).toContain(`${command.target.node}|${command.target.netns}`);
      const places = new Set([...cluster.nodes.map((n) => n.name), KUBERNETES_PLACE, UNDERLAY_PLACE]);
      for (const accepted of [lab.diagnosis, ...(lab.diagnosis.alternatives ?? [])]) {
        expect(places).toContain(accepted.node);
        expect(DIAGNOSIS_TABLES).toContain(accepted.table);
        expect(accepted.entries.length).toBeGreaterThan(0);
        for (const entry of accepted.entries) expect(entry.trim()).not.toBe("");
      }
    });

    it("keys the diagnosis where the fix works: the fixed node's table, or kubernetes for a kubectl fix", () => {
      if (lab.fix === null) return;
      const onNodes = lab.fix.filter((c) => !c.line.startsWith("kubectl"));
      if (onNodes.length === 0) {
        expect(lab.diagnosis.node).toBe(KUBERNETES_PLACE);
        expect(["service", "networkpolicy"]).toContain(lab.diagnosis.table);
      } else {
        expect(new Set(onNodes.map((c) => c.target.node))).toEqual(new Set([lab.diagnosis.node]));
        expect(["route", "neigh", "fdb", "link", "sysctl", "flanneld"]).toContain(lab.diagnosis.table);
      }
    });

    it("has ordered hints ending with one shown whatever the learner looked at, on nodes that exist", () => {
      expect(lab.hints.length).toBeGreaterThanOrEqual(3);
      expect("ifNotObserved" in (lab.hints[lab.hints.length - 1] ?? {})).toBe(false);
      const nodes = new Set(faulted(lab).nodes.map((n) => n.name));
      for (const hint of lab.hints) if ("ifNotObserved" in hint && hint.ifNotObserved.node) expect(nodes).toContain(hint.ifNotObserved.node);
    });

    it("uses the symptom the engine derives for its fault", () => {
      const derived = faultSymptom(getScenario(lab.scenario), lab.faults[0] as (typeof lab.faults)[number]);
      expect(lab.symptom.probe).toEqual(derived.probe);
      expect(lab.symptom.expect).toEqual(derived.expect);
    });

    it("breaks its symptom and its traffic: they work on the healthy scenario and fail as expected with the faults", () => {
      const healthy = getScenario(lab.scenario);
      const broken = faulted(lab);
      expect(probeOutcome(healthy, lab.symptom.probe)).toBe("works");
      // The expectation is a real check: the healthy cluster does not show it.
      expect(shows(healthy, lab.symptom.probe, lab.symptom.expect)).toBe(false);
      expect(shows(broken, lab.symptom.probe, lab.symptom.expect)).toBe(true);
      expect(lab.traffic.length).toBeGreaterThan(0);
      for (const spec of lab.traffic) {
        expect(probeOutcome(healthy, spec), JSON.stringify(spec)).toBe("works");
        expect(probeOutcome(broken, spec), JSON.stringify(spec)).not.toBe("works");
      }
    });

    it("shows the browser no part of the answer key", () => {
      const view = publicLab(lab);
      expect(Object.keys(view).sort()).toEqual(["diagnosisPlaces", "diagnosisTables", "difficulty", "lessons", "scenario", "scenarioLabel", "slug", "startAt", "story", "terminals", "title"]);
      const json = JSON.stringify(view);
      for (const fault of lab.faults) expect(json).not.toContain(fault.kind);
      for (const command of lab.fix ?? []) expect(json).not.toContain(command.line);
      for (const hint of lab.hints) expect(json).not.toContain(hint.text);
      expect(json).not.toContain("ifNotObserved");
      expect(view.terminals.length).toBe(labTerminals(faulted(lab)).length);
      for (const text of [view.title, view.story, view.scenarioLabel, ...view.terminals.map((t) => t.pod ?? t.node)]) expect(text).not.toMatch(/\bseeds?\b/i);
    });
  });
});
