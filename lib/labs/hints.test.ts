import { describe, expect, it } from "vitest";
import { runShellCommand, type ShellObservation, type ShellTarget } from "@/lib/packet-walk/shell";
import { getLab, gradeLab, LABS, labStartCluster, nextHint, replayCommands, type LabDefinition } from "@/lib/labs";

/** A small lab whose hints mix conditions on one node, on any node, and general hints. */
const lab: LabDefinition = {
  slug: "hint-order",
  title: "Hint order",
  story: "A test lab. It has hints.",
  scenario: "seed-flannel-vxlan",
  faults: [{ kind: "missing-route", node: "node1", peer: "node2" }],
  traffic: [],
  symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "underlay-no-route" } },
  lessons: ["flannel-vxlan"],
  difficulty: "beginner",
  startAt: { node: "node1", netns: "host" },
  diagnosis: { node: "node1", table: "route", entries: ["10.244.2.0/24"] },
  fix: [],
  hints: [
    { ifNotObserved: { view: "ping" }, text: "ping anywhere" },
    { ifNotObserved: { view: "route", node: "node1" }, text: "routes on node1" },
    { text: "general one" },
    { ifNotObserved: { view: "fdb", node: "node2" }, text: "fdb on node2" },
    { text: "general two" },
  ],
};

const seen = (view: ShellObservation["view"], node: string): ShellObservation => ({ view, node, netns: "host" });

/** Asks for hints until none is left, passing back what each answer says, as a client would. */
function allHints(l: LabDefinition, observations: readonly ShellObservation[]): string[] {
  const texts: string[] = [];
  let shown = 0;
  for (let guard = 0; guard < 50; guard++) {
    const hint = nextHint(l, observations, shown);
    if (!hint) break;
    texts.push(hint.text);
    shown = hint.hintsShown;
  }
  return texts;
}

describe("nextHint", () => {
  it("gives the hints in order when the learner has looked at nothing, then none", () => {
    expect(allHints(lab, [])).toEqual(["ping anywhere", "routes on node1", "general one", "fdb on node2", "general two"]);
    expect(nextHint(lab, [], 5)).toBeNull();
  });

  it("skips a hint about something the learner already looked at", () => {
    const first = nextHint(lab, [seen("ping", "node2")], 0);
    expect(first).toEqual({ index: 1, text: "routes on node1", hintsShown: 2, total: 5 });
  });

  it("counts a look only on the node the hint names", () => {
    expect(nextHint(lab, [seen("ping", "node1"), seen("route", "node2")], 0)?.text).toBe("routes on node1");
    expect(nextHint(lab, [seen("ping", "node1"), seen("route", "node1")], 0)?.text).toBe("general one");
  });

  it("never skips a general hint and never repeats one already shown", () => {
    const everything = [seen("ping", "node1"), seen("route", "node1"), seen("fdb", "node2")];
    expect(allHints(lab, everything)).toEqual(["general one", "general two"]);
    expect(nextHint(lab, everything, 3)?.text).toBe("general two");
  });

  it("treats a missing or nonsense position as the start", () => {
    expect(nextHint(lab, [], -3)?.index).toBe(0);
    expect(nextHint(lab, [], Number.NaN)?.index).toBe(0);
  });

  it("is deterministic", () => {
    const obs = [seen("route", "node1")];
    expect(nextHint(lab, obs, 1)).toEqual(nextHint(lab, obs, 1));
  });

  it.each(LABS.map((l) => [l.slug, l] as const))("%s: a learner who looked at nothing gets every hint once, in order", (_slug, l) => {
    expect(allHints(l, [])).toEqual(l.hints.map((h) => h.text));
  });

  it.each(LABS.map((l) => [l.slug, l] as const))("%s: each conditional hint quotes a command that shows what the hint asks for", (_slug, l) => {
    const cluster = labStartCluster(l);
    for (const hint of l.hints) {
      if (!("ifNotObserved" in hint)) continue;
      const { view, node } = hint.ifNotObserved;
      const commands = [...hint.text.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
      expect(commands.length, hint.text).toBeGreaterThan(0);
      // Where the hint sends the learner: the node it names, kubectl on a node, anything else where the terminal opens.
      const where = (command: string): ShellTarget => (node ? { node, netns: "host" } : command.startsWith("kubectl") ? { node: l.startAt.node, netns: "host" } : l.startAt);
      const satisfied = commands.some((command) =>
        runShellCommand({ cluster, traffic: l.traffic }, where(command), command).observed.some((o) => o.view === view && (node === undefined || o.node === node)),
      );
      expect(satisfied, `${hint.text} (needs ${view}${node ? ` on ${node}` : ""})`).toBe(true);
    }
  });
});

describe("a learner's session through the shell", () => {
  it("hints follow what the learner looked at, and the fix they type is graded", () => {
    const l = getLab("vxlan-after-maintenance");
    if (!l) throw new Error("lab missing");
    const pod = l.startAt;
    const node1 = { node: "node1", netns: "host" as const };
    const log = [{ target: pod, line: "ping -c 1 10.244.2.2" }];
    let observations = replayCommands(l, log).results.flatMap((r) => r.observed);
    // They pinged already: the first hint is about node1's routes.
    const first = nextHint(l, observations, 0);
    expect(first?.text).toMatch(/Open a shell on node1/);

    log.push({ target: node1, line: "ip route" });
    observations = replayCommands(l, log).results.flatMap((r) => r.observed);
    const second = nextHint(l, observations, first?.hintsShown ?? 0);
    expect(second?.text).toMatch(/Compare with `ip route` on node2/);

    log.push({ target: node1, line: "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" }, { target: pod, line: "ping -c 1 10.244.2.2" });
    const replay = replayCommands(l, log);
    expect(replay.results[3]?.output).toMatch(/1 received/);
    expect(gradeLab(l, { finalCluster: replay.finalCluster, diagnosis: { node: "node1", table: "route", entry: "10.244.2.0/24 via 10.244.2.0" } }).score).toBe(100);
  });
});
