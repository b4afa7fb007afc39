import { describe, expect, it } from "vitest";
import { verdictOf } from "./verdict";

describe("verdictOf", () => {
  it("tells right, partly right and wrong apart, each with its own tone", () => {
    expect(verdictOf({ correct: true, points: 1 })).toEqual({ label: "Correct", tone: "ok" });
    expect(verdictOf({ correct: false, points: 0.5 })).toEqual({ label: "Partly correct", tone: "partial" });
    expect(verdictOf({ correct: false, points: 0 })).toEqual({ label: "Incorrect", tone: "bad" });
  });
});
