import type { Element, Root } from "hast";
import { describe, expect, it } from "vitest";
import { rehypeEmptyHeaderCells, rehypeFocusableCode } from "./rehype-focusable-code";

const code = (className?: string[]): Element => ({ type: "element", tagName: "code", properties: className ? { className } : {}, children: [{ type: "text", value: "ip route" }] });
const pre = (inner: Element): Element => ({ type: "element", tagName: "pre", properties: {}, children: [inner] });

function run(tree: Root): Root {
  rehypeFocusableCode()(tree);
  return tree;
}

describe("rehypeFocusableCode", () => {
  it("makes every pre focusable and names it after the fence language, also when nested", () => {
    const nested: Element = { type: "element", tagName: "div", properties: {}, children: [pre(code(["hljs", "language-yaml"]))] };
    const tree = run({ type: "root", children: [pre(code(["language-bash", "hljs"])), nested] });
    expect((tree.children[0] as Element).properties).toMatchObject({ tabIndex: 0, role: "group", ariaLabel: "Code: bash" });
    expect((nested.children[0] as Element).properties).toMatchObject({ tabIndex: 0, role: "group", ariaLabel: "Code: yaml" });
  });

  it("says just Code for a fence without a language or marked as plain text", () => {
    const tree = run({ type: "root", children: [pre(code()), pre(code(["language-text"]))] });
    for (const node of tree.children) expect((node as Element).properties).toMatchObject({ tabIndex: 0, ariaLabel: "Code" });
  });

  it("makes tables focusable (they scroll sideways on a phone) without changing their role", () => {
    const table: Element = { type: "element", tagName: "table", properties: {}, children: [] };
    run({ type: "root", children: [{ type: "element", tagName: "div", properties: {}, children: [table] }] });
    expect(table.properties).toEqual({ tabIndex: 0 });
  });

  it("leaves inline code and other elements alone", () => {
    const inline = code(["language-bash"]);
    const tree = run({ type: "root", children: [{ type: "element", tagName: "p", properties: {}, children: [inline] }] });
    expect(inline.properties).toEqual({ className: ["language-bash"] });
    expect((tree.children[0] as Element).properties).toEqual({});
  });
});

describe("rehypeEmptyHeaderCells", () => {
  const th = (text: string): Element => ({ type: "element", tagName: "th", properties: {}, children: text ? [{ type: "text", value: text }] : [] });
  it("turns an empty or blank header cell into a data cell and keeps the others", () => {
    const row: Element = { type: "element", tagName: "tr", properties: {}, children: [th(""), th(" "), th("node1")] };
    rehypeEmptyHeaderCells()({ type: "root", children: [{ type: "element", tagName: "table", properties: {}, children: [row] }] });
    expect(row.children.map((c) => (c as Element).tagName)).toEqual(["td", "td", "th"]);
  });
});
