import { describe, expect, it } from "vitest";
import { masteryOverTime, missedQuestions, topicMastery, type GradedAnswer } from "./mastery";

const day = (n: number) => new Date(Date.UTC(2026, 10, n));
const answer = (questionId: string, topic: string, fraction: number, n: number): GradedAnswer => ({ questionId, topic, fraction, at: day(n) });

describe("topicMastery", () => {
  it("weighs recent answers more: improving beats the same answers in the other order", () => {
    const improving = topicMastery([answer("a", "vxlan", 0, 1), answer("b", "vxlan", 1, 2)])[0]!;
    const declining = topicMastery([answer("a", "vxlan", 1, 1), answer("b", "vxlan", 0, 2)])[0]!;
    expect(improving.mastery).toBeCloseTo(1 / 1.7);
    expect(declining.mastery).toBeCloseTo(0.7 / 1.7);
    expect(improving.answered).toBe(2);
  });

  it("gives one attempt's answers one weight: its mastery is its share, whatever the row order", () => {
    // One submission, four answers on "services": 3 right, 1 wrong = 75%, in every order.
    const rows = [answer("a", "services", 1, 5), answer("b", "services", 1, 5), answer("c", "services", 1, 5), answer("d", "services", 0, 5)];
    expect(topicMastery(rows)[0]!.mastery).toBeCloseTo(0.75);
    expect(topicMastery([...rows].reverse())[0]!.mastery).toBeCloseTo(0.75);
    // Two submissions: the later [1, 1] weighs 1 per answer, the earlier [0, 0] 0.7: 2 / (2 + 1.4).
    const two = [answer("a", "services", 1, 6), answer("b", "services", 1, 6), answer("a", "services", 0, 5), answer("b", "services", 0, 5)];
    expect(topicMastery(two)[0]!.mastery).toBeCloseTo(2 / 3.4);
    expect(topicMastery([...two].reverse())[0]!.mastery).toBeCloseTo(2 / 3.4);
  });

  it("keeps only the latest submissions, whole, up to MAX_ANSWERS answers", () => {
    // 25 answers in the newest submission all count (a submission is never cut); an older one then drops out.
    const newest = Array.from({ length: 25 }, (_, i) => answer(`n${i}`, "vxlan", i < 20 ? 1 : 0, 9));
    const m = topicMastery([...newest, answer("old", "vxlan", 1, 1)])[0]!;
    expect(m.mastery).toBeCloseTo(20 / 25);
    expect(m.answered).toBe(26);
  });

  it("keeps topics apart, clamps fractions and reports nothing for untouched topics", () => {
    const m = topicMastery([answer("a", "vxlan", 1, 1), answer("b", "calico", 0.5, 1), answer("c", "calico", 2, 1)]);
    expect(m.map((t) => t.topic)).toEqual(["calico", "vxlan"]);
    expect(m[1]!.mastery).toBe(1);
    expect(m[0]!.mastery).toBeGreaterThan(0.5);
    expect(m[0]!.mastery).toBeLessThanOrEqual(1);
    expect(topicMastery([])).toEqual([]);
  });
});

describe("masteryOverTime", () => {
  it("has one point per grading time, rising as answers improve", () => {
    const series = masteryOverTime([answer("a", "vxlan", 0, 1), answer("b", "vxlan", 1, 2), answer("c", "vxlan", 1, 3)]);
    expect(series.map((p) => p.at.getTime())).toEqual([day(1), day(2), day(3)].map((d) => d.getTime()));
    expect(series[0]!.mastery).toBe(0);
    expect(series[2]!.mastery).toBeGreaterThan(series[1]!.mastery);
  });
});

describe("missedQuestions", () => {
  it("lists questions whose latest answer was not fully right, newest first", () => {
    const missed = missedQuestions([
      answer("fixed", "vxlan", 0, 1),
      answer("fixed", "vxlan", 1, 2),
      answer("partly", "vxlan", 0.5, 3),
      answer("wrong", "calico", 0, 4),
    ]);
    expect(missed).toEqual(["wrong", "partly"]);
    expect(missedQuestions([answer("x", "t", 0, 1), answer("y", "t", 0, 2)], 1)).toEqual(["y"]);
  });
});
