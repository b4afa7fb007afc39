import { describe, expect, it } from "vitest";
import { analyseItems, upperLowerGroups, type ScoredAttempt } from "./item-analysis";

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
