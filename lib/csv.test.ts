import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvCell, parseCsv, toCsv, UTF8_BOM } from "./csv";

describe("csv", () => {
  it("starts with the UTF-8 BOM and ends rows with CRLF", () => {
    const text = toCsv(["a", "b"], [["x", 1]]);
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    expect(text.slice(1)).toBe("a,b\r\nx,1\r\n");
  });

  it("quotes commas, quotes, newlines and edge spaces", () => {
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(" padded")).toBe('" padded"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it.each(["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", '=HYPERLINK("http://evil","x")'])(
    "neutralises the formula-like text %j with a leading quote",
    (value) => {
      const cell = csvCell(value);
      expect(parseCsv(cell)[0]?.[0]).toBe(`'${value}`);
    },
  );

  it("writes numbers as numbers, negative ones too", () => {
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(0)).toBe("0");
  });

  it("keeps non-ASCII text intact", () => {
    const text = toCsv(["name"], [["Zoë Łukasz 李雷"]]);
    expect(parseCsv(text)).toEqual([["name"], ["Zoë Łukasz 李雷"]]);
  });

  it("round-trips any text that does not look like a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string().filter((s) => !/^[=+\-@\t\r]/.test(s)), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const same = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? "x"));
        const [, ...back] = parseCsv(toCsv(same[0]!.map((_, i) => `h${i}`), same));
        expect(back).toEqual(same);
      }),
    );
  });
});
