import { describe, expect, it } from "vitest";
import { lessonCompletion, topicMastery, weeklyProgress } from "./cohort-dashboard";

const d = (day: number) => new Date(Date.UTC(2026, 11, day));

describe("cohort dashboard", () => {
  it("lesson completion counts each cohort learner once and ignores outsiders", () => {
    const bars = lessonCompletion(
      [{ slug: "a", title: "A" }, { slug: "b", title: "B" }],
      ["u1", "u2"],
      [
        { userId: "u1", lessonSlug: "a", completedAt: d(1) },
        { userId: "u1", lessonSlug: "a", completedAt: d(2) },
        { userId: "u2", lessonSlug: "a", completedAt: d(2) },
        { userId: "outsider", lessonSlug: "b", completedAt: d(2) },
      ],
    );
    expect(bars).toEqual([
      { key: "a", label: "A", value: 1, detail: "2 of 2" },
      { key: "b", label: "B", value: 0, detail: "0 of 2" },
    ]);
  });

  it("mastery uses each learner's latest answer per question, weakest topic first", () => {
    const topics = new Map([["q1", "vxlan"], ["q2", "vxlan"], ["q3", "calico"]]);
    const bars = topicMastery(topics, [
      { userId: "u1", questionId: "q1", fraction: 0, gradedAt: d(1) },
      { userId: "u1", questionId: "q1", fraction: 1, gradedAt: d(3) },
      { userId: "u1", questionId: "q2", fraction: 0.5, gradedAt: d(1) },
      { userId: "u2", questionId: "q3", fraction: 0, gradedAt: d(2) },
      { userId: "u2", questionId: "unknown", fraction: 1, gradedAt: d(2) },
    ]);
    expect(bars.map((b) => [b.key, b.value])).toEqual([["calico", 0], ["vxlan", 0.75]]);
  });

  it("weekly progress is cumulative for lessons and per week for submissions", () => {
    const points = weeklyProgress({
      from: d(1),
      to: d(15),
      learnerIds: ["u1", "u2"],
      lessonCount: 2,
      completions: [
        { userId: "u1", lessonSlug: "a", completedAt: d(2) },
        { userId: "u2", lessonSlug: "a", completedAt: d(9) },
      ],
      submittedAt: [d(3), d(4), d(10)],
    });
    expect(points.map((p) => [p.lessonsCompleted, p.submissions])).toEqual([[0.25, 2], [0.5, 1], [0.5, 0]]);
    expect(weeklyProgress({ from: d(1), to: d(30), learnerIds: [], lessonCount: 2, completions: [], submittedAt: [], maxWeeks: 2 })).toHaveLength(2);
  });
});
