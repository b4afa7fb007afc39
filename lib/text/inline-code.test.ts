import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { plainInlineText, splitInlineCode } from "./inline-code";

describe("splitInlineCode", () => {
  it("marks backtick spans as code", () => {
    expect(splitInlineCode("matched `10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink`, TTL 64→63")).toEqual([
      { code: false, text: "matched " },
      { code: true, text: "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" },
      { code: false, text: ", TTL 64→63" },
    ]);
    expect(splitInlineCode("`a` and `b`")).toEqual([
      { code: true, text: "a" },
      { code: false, text: " and " },
      { code: true, text: "b" },
    ]);
  });
  it("keeps text without spans, an unmatched backtick and an empty pair as they are", () => {
    expect(splitInlineCode("plain")).toEqual([{ code: false, text: "plain" }]);
    expect(splitInlineCode("it`s")).toEqual([{ code: false, text: "it`s" }]);
    expect(splitInlineCode("a `` b")).toEqual([{ code: false, text: "a `` b" }]);
    expect(splitInlineCode("")).toEqual([]);
  });
  it("never loses or invents a character other than the pairing backticks", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("a", " ", "`", "é", "→") }), (s) => {
        const parts = splitInlineCode(s);
        const removed = s.length - parts.reduce((n, p) => n + p.text.length, 0);
        expect(removed).toBe(parts.filter((p) => p.code).length * 2);
        expect(plainInlineText(s).replaceAll("`", "")).toBe(s.replaceAll("`", ""));
        for (const p of parts) expect(p.text.length).toBeGreaterThan(0);
      }),
    );
  });
});
