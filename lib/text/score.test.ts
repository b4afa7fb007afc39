import { describe, expect, it } from "vitest";
import { formatScore } from "./score";

describe("formatScore", () => {
  it("shows points and their percentage", () => {
    expect(formatScore(5, 7)).toBe("5 / 7 (71%)");
    expect(formatScore(3.5, 4)).toBe("3.50 / 4 (88%)");
  });
  it("has no percentage for a quiz worth nothing", () => {
    expect(formatScore(0, 0)).toBe("0 / 0 (–)");
  });
});
