import { describe, expect, it } from "vitest";
import { nounFor, percent, plural } from "./plural";

describe("plural", () => {
  it("uses the singular for exactly one and the plural otherwise", () => {
    expect(plural(1, "learner")).toBe("1 learner");
    expect(plural(0, "learner")).toBe("0 learners");
    expect(plural(2, "attempt")).toBe("2 attempts");
  });
  it("takes an irregular plural", () => {
    expect(plural(1, "query", "queries")).toBe("1 query");
    expect(plural(3, "query", "queries")).toBe("3 queries");
  });
  it("groups thousands so large counts read", () => {
    expect(plural(1200, "answer")).toBe("1,200 answers");
  });
  it("gives the noun alone", () => {
    expect(nounFor(1, "answer")).toBe("answer");
    expect(nounFor(5, "answer")).toBe("answers");
  });
});

describe("percent", () => {
  it("rounds the share to a whole percent", () => {
    expect(percent(2, 3)).toBe("67%");
    expect(percent(7, 7)).toBe("100%");
    expect(percent(0, 9)).toBe("0%");
  });
  it("has no percentage when there is no maximum", () => {
    expect(percent(0, 0)).toBe("–");
    expect(percent(Number.NaN, 5)).toBe("–");
  });
});
