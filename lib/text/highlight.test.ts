import { describe, expect, it } from "vitest";
import { highlightPieces } from "./highlight";

const marked = (text: string, terms: string[]) =>
  highlightPieces(text, terms)
    .map((p) => (p.match ? `[${p.text}]` : p.text))
    .join("");

describe("highlightPieces", () => {
  it("marks every match of every term, keeping the text's own case", () => {
    expect(marked("Flannel uses VXLAN; vxlan is UDP", ["vxlan", "flannel"])).toBe("[Flannel] uses [VXLAN]; [vxlan] is UDP");
  });
  it("marks a prefix at the start of a word only", () => {
    expect(marked("Flannel and reflannel", ["flan"])).toBe("[Flan]nel and reflannel");
  });
  it("merges overlapping matches", () => {
    expect(marked("calico", ["cal", "calico"])).toBe("[calico]");
  });
  it("loses no text and adds none", () => {
    const text = "kube-proxy: 10.96.0.10:53/udp → pod";
    expect(highlightPieces(text, ["proxy", "udp", "10"]).map((p) => p.text).join("")).toBe(text);
  });
  it("treats markup and regex characters as text", () => {
    expect(marked("<b>bold</b> a.b", ["b", "a.b"])).toBe("<[b]>[b]old</[b]> [a.b]");
    expect(marked("a+b", ["("])).toBe("a+b");
  });
  it("returns the whole text unmarked without terms, and nothing for empty text", () => {
    expect(highlightPieces("text", [])).toEqual([{ text: "text", match: false }]);
    expect(highlightPieces("", ["x"])).toEqual([]);
  });
});
