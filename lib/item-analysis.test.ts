import { describe, expect, it } from "vitest";
import { alignPath, analyseItems, pathHopMisses, upperLowerGroups, worstHop, type ScoredAttempt } from "./item-analysis";

/** An attempt with per-question fractions; wrong answers labelled "w:<id>" when the fraction is 0. */
function attempt(id: string, fractions: Record<string, number>, wrong: Record<string, string[]> = {}): ScoredAttempt {
  const values = Object.values(fractions);
  return {
    attemptId: id,
    totalFraction: values.reduce((s, x) => s + x, 0) / values.length,
    responses: Object.entries(fractions).map(([questionId, fraction]) => ({
      questionId,
      fraction,
      answered: true,
      wrongAnswers: wrong[questionId] ?? [],
    })),
  };
}

describe("item analysis", () => {
  it("facility is the mean score fraction, partial credit included", () => {
    const [q] = analyseItems(["q"], [attempt("a", { q: 1 }), attempt("b", { q: 0.5 }), attempt("c", { q: 0 }), attempt("d", { q: 0 })]);
    expect(q!.facility).toBeCloseTo(0.375);
    expect(q!.attempts).toBe(4);
  });

  it("uses the top and bottom 27% by total score for the discrimination index", () => {
    // 10 attempts: groups of round(2.7) = 3.
    const attempts = Array.from({ length: 10 }, (_, i) => attempt(`a${i}`, { hard: i >= 7 ? 1 : 0, easy: 1, filler: i / 9 }));
    const { upper, lower } = upperLowerGroups(attempts);
    expect(upper.map((a) => a.attemptId)).toEqual(["a9", "a8", "a7"]);
    expect(lower.map((a) => a.attemptId).sort()).toEqual(["a0", "a1", "a2"]);
    const [hard, easy] = analyseItems(["hard", "easy"], attempts);
    expect(hard!.discrimination).toBe(1);
    expect(easy!.discrimination).toBe(0);
    expect(hard!.facility).toBeCloseTo(0.3);
  });

  it("a question the weak get right and the strong get wrong discriminates negatively", () => {
    const attempts = [
      attempt("s1", { trick: 0, a: 1, b: 1, c: 1 }),
      attempt("s2", { trick: 0, a: 1, b: 1, c: 1 }),
      attempt("w1", { trick: 1, a: 0, b: 0, c: 0 }),
      attempt("w2", { trick: 1, a: 0, b: 0, c: 0 }),
    ];
    const [trick] = analyseItems(["trick"], attempts);
    expect(trick!.discrimination).toBe(-1);
  });

  it("has no discrimination index with a single attempt", () => {
    const [q] = analyseItems(["q"], [attempt("a", { q: 1 })]);
    expect(q!.discrimination).toBeNull();
    expect(q!.facility).toBe(1);
  });

  it("counts the most-chosen wrong answers, most frequent first, once per attempt", () => {
    const attempts = [
      attempt("a", { q: 0 }, { q: ["4789", "4789"] }),
      attempt("b", { q: 0 }, { q: ["4789"] }),
      attempt("c", { q: 0 }, { q: ["8285"] }),
      attempt("d", { q: 1 }),
    ];
    const [q] = analyseItems(["q"], attempts);
    expect(q!.wrongAnswers).toEqual([
      { label: "4789", count: 2, share: 0.5 },
      { label: "8285", count: 1, share: 0.25 },
    ]);
  });

  it("reports questions nobody saw with null statistics", () => {
    const [q] = analyseItems(["missing"], [attempt("a", { q: 1 }), attempt("b", { q: 0 })]);
    expect(q).toMatchObject({ attempts: 0, facility: null, discrimination: null, wrongAnswers: [] });
  });
});

describe("reliability", () => {
  it("flags statistics from fewer than 10 attempts as unreliable", () => {
    const two = analyseItems(["q"], [attempt("a", { q: 1 }), attempt("b", { q: 0 })]);
    expect(two[0]).toMatchObject({ discrimination: 1, reliable: false });
    const ten = analyseItems(["q"], Array.from({ length: 10 }, (_, i) => attempt(`a${i}`, { q: i % 2 })));
    expect(ten[0]!.reliable).toBe(true);
  });
});

describe("pathHopMisses", () => {
  const right = ["n1/pod:a/eth0", "n1/host/veth1", "n1/host/cni0", "n1/host/flannel.1", "n1/host/eth0"];
  it("aligns each clicked path to the right one: one skipped device is one miss, not a shift of every later hop", () => {
    const hops = pathHopMisses([
      { correct: right, picked: right },
      // Skips the bridge: only hop 3 is missing; 4 and 5 are still right.
      { correct: right, picked: [right[0]!, right[1]!, right[3]!, right[4]!] },
      // Right up to the bridge, then stops: hops 4 and 5 are missing.
      { correct: right, picked: right.slice(0, 3) },
      // Blank: left out.
      { correct: right, picked: [] },
    ]);
    expect(hops.map((h) => [h.hop, h.attempts, h.wrong, h.missing])).toEqual([
      [1, 3, 0, 0],
      [2, 3, 0, 0],
      [3, 3, 1, 1],
      [4, 3, 1, 1],
      [5, 3, 1, 1],
    ]);
    expect(hops.map((h) => h.firstDivergence)).toEqual([0, 0, 1, 1, 0]);
    expect(hops[2]!.share).toBeCloseTo(1 / 3);
    expect(worstHop(hops)?.hop).toBe(3);
  });

  it("counts an extra device before the hop it was added in front of, and a wrong device as substituted", () => {
    const hops = pathHopMisses([
      { correct: right, picked: [right[0]!, "n1/host/tunl0", right[1]!, right[2]!, right[3]!, right[4]!] },
      { correct: right, picked: [right[0]!, right[1]!, "n1/host/docker0", right[3]!, right[4]!] },
    ]);
    expect(hops.map((h) => [h.extraBefore, h.substituted, h.wrong])).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(alignPath(right, [right[0]!, right[2]!])).toEqual([
      { op: "match", hop: 1 },
      { op: "missing", hop: 2 },
      { op: "match", hop: 3 },
      { op: "missing", hop: 4 },
      { op: "missing", hop: 5 },
    ]);
  });

  it("compares each attempt with its own key, so different generated names do not count as misses", () => {
    const other = right.map((k) => k.replace("n1", "worker-a"));
    const hops = pathHopMisses([
      { correct: right, picked: right },
      { correct: other, picked: other },
      { correct: [...other, "worker-b/host/eth0"], picked: other },
    ]);
    expect(hops.map((h) => h.wrong)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(hops[5]!.attempts).toBe(1);
  });

  it("is empty without answered attempts and has no worst hop when nobody missed", () => {
    expect(pathHopMisses([{ correct: right, picked: [] }])).toEqual([]);
    expect(worstHop(pathHopMisses([{ correct: right, picked: right }]))).toBeNull();
  });
});
