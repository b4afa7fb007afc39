/**
 * Finds the uses of one self-closing JSX component in an MDX source and reads its props,
 * for the checks that run on lesson sources without compiling them (every PacketWalk
 * walks, every CheckYourself names real questions) and for the check API's allow-list.
 * Props must be literals: "text", or an expression that is JSON ({42}, {true}, {["a", "b"]});
 * anything else is reported as an error naming the line, so a lesson cannot slip past the checks.
 */
export type TagPropValue = string | number | boolean | null | TagPropValue[] | { [key: string]: TagPropValue };

export interface MdxTag {
  name: string;
  /** 1-based line of the tag's start in the source. */
  line: number;
  props: Record<string, TagPropValue>;
}

const ATTRIBUTE = /([A-Za-z_][\w-]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|\{((?:[^{}]|\{[^{}]*\})*)\}))?/y;

function parseExpression(expression: string, where: string): TagPropValue {
  const text = expression.trim();
  // MDX also allows single-quoted strings; JSON does not.
  if (/^'[^'\\]*'$/.test(text)) return text.slice(1, -1);
  try {
    return JSON.parse(text) as TagPropValue;
  } catch {
    throw new Error(`${where}: {${text}} is not a literal (a string, number, boolean, or JSON array/object)`);
  }
}

/** Every `<Name ... />` in `source` (outside fenced code blocks), with its literal props. */
export function findMdxTags(source: string, name: string, file = "lesson"): MdxTag[] {
  const tags: MdxTag[] = [];
  const fenced = new Set<number>();
  let inFence = false;
  let offset = 0;
  for (const line of source.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) for (let i = 0; i <= line.length; i++) fenced.add(offset + i);
    offset += line.length + 1;
  }
  const open = new RegExp(`<${name}(?=[\\s/>])`, "g");
  for (let m = open.exec(source); m; m = open.exec(source)) {
    if (fenced.has(m.index)) continue;
    const line = source.slice(0, m.index).split("\n").length;
    const where = `${file}:${line} <${name}>`;
    const props: Record<string, TagPropValue> = {};
    let i = m.index + m[0].length;
    for (;;) {
      while (/\s/.test(source[i] ?? "")) i++;
      if (source.startsWith("/>", i)) break;
      if (source[i] === ">" || i >= source.length) throw new Error(`${where}: expected a self-closing tag (<${name} ... />)`);
      ATTRIBUTE.lastIndex = i;
      const a = ATTRIBUTE.exec(source);
      if (!a || a[0] === "") throw new Error(`${where}: cannot read the attribute at "${source.slice(i, i + 30)}"`);
      const [, key = "", double, single, expression] = a;
      props[key] = double ?? single ?? (expression !== undefined ? parseExpression(expression, where) : true);
      i = ATTRIBUTE.lastIndex;
    }
    tags.push({ name, line, props });
  }
  return tags;
}
