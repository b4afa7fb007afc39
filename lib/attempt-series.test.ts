import { describe, expect, it } from "vitest";
import { numbersInSeries } from "./attempt-series";

describe("numbersInSeries", () => {
  it("numbers practice and each assignment's attempts on their own, in the order they started", () => {
    const base = { userId: "u1", quizId: "vxlan-basics" };
    const numbers = numbersInSeries([
      { ...base, id: "b1", assignmentId: "cohort-b", attemptNumber: 3 },
      { ...base, id: "p1", assignmentId: null, attemptNumber: 1 },
      { ...base, id: "a1", assignmentId: "cohort-a", attemptNumber: 2 },
      { ...base, id: "p2", assignmentId: null, attemptNumber: 5 },
      { ...base, id: "b2", assignmentId: "cohort-b", attemptNumber: 4 },
      { userId: "u2", quizId: "vxlan-basics", id: "x1", assignmentId: "cohort-b", attemptNumber: 7 },
    ]);
    expect(Object.fromEntries(numbers)).toEqual({ p1: 1, p2: 2, a1: 1, b1: 1, b2: 2, x1: 1 });
  });
});
