import { describe, expect, it } from "vitest";
import { boundedDate, findUnsafeText, unsafeTextProblem } from "./safe-input";

describe("findUnsafeText", () => {
  it("accepts ordinary text, emoji (surrogate pairs) and other JSON values", () => {
    expect(findUnsafeText({ name: "Ada 👩‍💻 Lovelace", n: 1, ok: true, list: ["x", null], nested: { "ключ": "значение" } })).toBeNull();
  });
  it("names the field of a lone surrogate or NUL, however deep", () => {
    expect(findUnsafeText({ name: "a\uD800b" })).toMatchObject({ field: "name" });
    expect(findUnsafeText({ name: "\uDC00" })?.message).toMatch(/surrogate/);
    expect(findUnsafeText({ answers: { q1: { text: "a\u0000b" } } })).toMatchObject({ field: "answers.q1.text", message: expect.stringMatching(/NUL/) });
    expect(findUnsafeText({ lessons: [{ slug: "ok" }, { slug: "x\uD83D" }] })).toMatchObject({ field: "lessons.1.slug" });
    expect(findUnsafeText({ answers: { "q\u0000": 1 } })).toMatchObject({ field: "answers" });
    expect(findUnsafeText("\u0000")).toMatchObject({ field: "body" });
  });
  it("tells a surrogate pair from lone halves", () => {
    expect(unsafeTextProblem("\uD83D\uDE00")).toBeNull();
    expect(unsafeTextProblem("\uDE00\uD83D")).not.toBeNull();
  });
});

describe("boundedDate", () => {
  const schema = boundedDate("Enter a valid date.");
  it("accepts ISO strings and date-input values between 1970 and 9999", () => {
    expect(schema.safeParse("2026-12-01T10:00").success).toBe(true);
    expect(schema.safeParse("2026-12-01T10:00:00.000Z").success).toBe(true);
    expect(schema.safeParse("9999-12-31T00:00:00Z").success).toBe(true);
  });
  it("refuses out-of-range, invalid and non-string dates", () => {
    for (const bad of ["+275760-09-13T00:00:00.000Z", "+275761-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "not a date", "", true, 8.64e15, -1, {}, []]) {
      expect(schema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
