import type { Element, Root, RootContent } from "hast";

/**
 * Code blocks scroll sideways on narrow screens, so a keyboard user must be able to focus
 * them to scroll (WCAG 2.1.1; axe's scrollable-region-focusable). Every `<pre>` becomes a
 * focusable, named group: "Code: bash" when the fence has a language, "Code" otherwise.
 * A group rather than a region: regions are landmarks, and many same-named landmarks on one
 * page would be noise for screen-reader users (and fail axe's landmark-unique).
 */
export function rehypeFocusableCode() {
  return (tree: Root) => {
    visitElements(tree.children, (element) => {
      // Tables scroll sideways on a phone too (globals.css): focusable, keeping their table semantics.
      if (element.tagName === "table") {
        element.properties = { ...element.properties, tabIndex: 0 };
        return;
      }
      if (element.tagName !== "pre") return;
      const language = fenceLanguage(element);
      element.properties = { ...element.properties, tabIndex: 0, role: "group", ariaLabel: language ? `Code: ${language}` : "Code" };
    });
  };
}

/**
 * The corner cell of a two-way table ("| | node1 | node2 |") has no text, and an empty `<th>`
 * announces nothing as a header (axe's empty-table-header). It labels no column, so it
 * becomes an ordinary `<td>`; header cells with text are left alone.
 */
export function rehypeEmptyHeaderCells() {
  return (tree: Root) => {
    visitElements(tree.children, (element) => {
      if (element.tagName === "th" && !hasText(element)) element.tagName = "td";
    });
  };
}

function hasText(element: Element): boolean {
  return element.children.some((c) => (c.type === "text" ? c.value.trim() !== "" : c.type === "element" && hasText(c)));
}

function visitElements(nodes: RootContent[], visit: (element: Element) => void) {
  for (const node of nodes) {
    if (node.type !== "element") continue;
    visit(node);
    visitElements(node.children, visit);
  }
}

/** The language of a fenced block: remark puts it on the inner `<code>` as `language-<name>`. */
function fenceLanguage(pre: Element): string | undefined {
  const code = pre.children.find((c): c is Element => c.type === "element" && c.tagName === "code");
  const classes = code?.properties.className;
  if (!Array.isArray(classes)) return undefined;
  const language = classes.map(String).find((c) => c.startsWith("language-"))?.slice("language-".length);
  return language && language !== "text" ? language : undefined;
}
