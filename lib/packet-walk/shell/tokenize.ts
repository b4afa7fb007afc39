/**
 * Splits a command line into words like a POSIX shell (quotes, backslash), and refuses what
 * the lab shell does not run: several commands, redirections, substitutions. One exception,
 * because learners type it all the time: a trailing `| grep [-v] [-i] PATTERN`.
 */

/** Longer lines are refused before any parsing (bash has no such limit, but a lab terminal does). */
export const MAX_LINE_LENGTH = 4096;

/** A trailing `| grep` filter. */
export interface GrepFilter {
  readonly pattern: string;
  readonly invert: boolean;
  readonly ignoreCase: boolean;
  readonly count: boolean;
  /** The line given to grep, for `grep: ...` errors. */
  readonly word: string;
}

/** A parsed line: the words of the one command and the grep filters after it. */
export type ParsedLine =
  | { readonly ok: true; readonly words: readonly string[]; readonly greps: readonly GrepFilter[] }
  | { readonly ok: false; readonly message: string; readonly exitCode: number };

const ONE_AT_A_TIME = "the lab shell runs one command at a time (only a trailing `| grep PATTERN` is supported)";

interface Segment {
  readonly words: string[];
}

/** Splits into pipeline segments of words; operators other than `|` are refused. */
function split(line: string): { segments: Segment[] } | { error: string } {
  const segments: Segment[] = [{ words: [] }];
  let word = "";
  let inWord = false;
  let i = 0;
  const current = (): string[] => (segments[segments.length - 1] as Segment).words;
  const endWord = (): void => {
    if (inWord) current().push(word);
    word = "";
    inWord = false;
  };
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { error: "bash: unexpected EOF while looking for matching `''" };
      word += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let closed = false;
      while (j < line.length) {
        const d = line[j] as string;
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === "\\" && j + 1 < line.length && '"\\$`'.includes(line[j + 1] as string)) {
          word += line[j + 1];
          j += 2;
          continue;
        }
        if (d === "$" && (line[j + 1] === "(" || line[j + 1] === "{" || /[A-Za-z_]/.test(line[j + 1] ?? ""))) return { error: `bash: substitutions are not supported: ${ONE_AT_A_TIME}` };
        if (d === "`") return { error: `bash: substitutions are not supported: ${ONE_AT_A_TIME}` };
        word += d;
        j++;
      }
      if (!closed) return { error: 'bash: unexpected EOF while looking for matching `"\'' };
      inWord = true;
      i = j + 1;
      continue;
    }
    if (c === "\\") {
      if (i + 1 < line.length) word += line[i + 1];
      inWord = true;
      i += 2;
      continue;
    }
    if (c === " " || c === "\t") {
      endWord();
      i++;
      continue;
    }
    if (c === "#" && !inWord) break;
    if (c === "|") {
      if (line[i + 1] === "|") return { error: `bash: \`||\` is not supported: ${ONE_AT_A_TIME}` };
      endWord();
      segments.push({ words: [] });
      i++;
      continue;
    }
    if (c === ";" || c === "&" || c === ">" || c === "<" || c === "`" || c === "(" || c === ")") {
      const op = c === "&" && line[i + 1] === "&" ? "&&" : c;
      return { error: `bash: \`${op}\` is not supported: ${ONE_AT_A_TIME}` };
    }
    if (c === "$" && (line[i + 1] === "(" || line[i + 1] === "{" || /[A-Za-z_]/.test(line[i + 1] ?? ""))) {
      return { error: `bash: substitutions and variables are not supported: ${ONE_AT_A_TIME}` };
    }
    word += c;
    inWord = true;
    i++;
  }
  endWord();
  return { segments };
}

function parseGrep(words: readonly string[]): GrepFilter | string {
  let invert = false;
  let ignoreCase = false;
  let count = false;
  let pattern: string | undefined;
  let options = true;
  for (const w of words.slice(1)) {
    if (options && w === "--") {
      options = false;
      continue;
    }
    if (options && w.startsWith("-") && w.length > 1 && pattern === undefined) {
      for (const f of w.slice(1)) {
        if (f === "v") invert = true;
        else if (f === "i") ignoreCase = true;
        else if (f === "c") count = true;
        else if (f === "E" || f === "F") continue;
        else return `grep: invalid option -- '${f}' (the lab's grep knows -v, -i, -c, -E, -F)`;
      }
      continue;
    }
    if (pattern !== undefined) return "grep: reading files is not supported: the lab's grep filters the command's output";
    pattern = w;
  }
  if (pattern === undefined) return "Usage: grep [OPTION]... PATTERNS [FILE]...";
  return { pattern, invert, ignoreCase, count, word: words.join(" ") };
}

/** True for characters a terminal would not let through as text (C0 controls but tab, DEL, C1). */
function hasControlCharacters(line: string): boolean {
  return /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/.test(line);
}

/** Parses one line typed at the prompt. */
export function parseLine(line: string): ParsedLine {
  if (line.length > MAX_LINE_LENGTH) return { ok: false, message: `bash: line too long (${line.length} characters; the lab shell takes at most ${MAX_LINE_LENGTH})`, exitCode: 2 };
  const trimmed = line.replace(/[\r\n]+$/, "");
  if (hasControlCharacters(trimmed)) return { ok: false, message: "bash: control characters are not supported in the lab shell (type the command as text)", exitCode: 2 };
  const parsed = split(trimmed);
  if ("error" in parsed) return { ok: false, message: parsed.error, exitCode: 2 };
  const [first, ...rest] = parsed.segments;
  if (!first || (first.words.length === 0 && rest.length > 0)) return { ok: false, message: "bash: syntax error near unexpected token `|'", exitCode: 2 };
  const greps: GrepFilter[] = [];
  for (const seg of rest) {
    if (seg.words.length === 0) return { ok: false, message: "bash: syntax error near unexpected token `|'", exitCode: 2 };
    if (seg.words[0] !== "grep" && seg.words[0] !== "egrep") return { ok: false, message: `bash: piping into \`${seg.words[0] ?? ""}\` is not supported: ${ONE_AT_A_TIME}`, exitCode: 2 };
    const g = parseGrep(seg.words);
    if (typeof g === "string") return { ok: false, message: g, exitCode: 2 };
    greps.push(g);
  }
  return { ok: true, words: first.words, greps };
}

/** One element of a grep pattern: a literal character, any character (`.`) or a bracket class, maybe starred. */
interface PatternAtom {
  readonly matches: (ch: string) => boolean;
  readonly star: boolean;
}

interface CompiledPattern {
  readonly atoms: readonly PatternAtom[];
  readonly anchoredStart: boolean;
  readonly anchoredEnd: boolean;
}

/** `[abc]`, `[^a-z]`, `[]x]` starting at `text[i] === "["`; null when the bracket never closes (then `[` is literal). */
function bracketClass(text: string, i: number, ignoreCase: boolean): { matches: (ch: string) => boolean; end: number } | null {
  let j = i + 1;
  const negated = text[j] === "^";
  if (negated) j++;
  const start = j;
  const ranges: [string, string][] = [];
  while (j < text.length && (text[j] !== "]" || j === start)) {
    const lo = text[j]!;
    if (text[j + 1] === "-" && j + 2 < text.length && text[j + 2] !== "]") {
      ranges.push([lo, text[j + 2]!]);
      j += 3;
    } else {
      ranges.push([lo, lo]);
      j += 1;
    }
  }
  if (j >= text.length) return null;
  const fold = (c: string) => (ignoreCase ? c.toLowerCase() : c);
  const inRange = (ch: string) => ranges.some(([lo, hi]) => fold(ch) >= fold(lo) && fold(ch) <= fold(hi));
  return { matches: (ch) => inRange(ch) !== negated, end: j + 1 };
}

/**
 * Compiles a grep basic regular expression: `.`, `*`, `^`, `$`, `[...]` and `\x` are special;
 * everything else, `+ ? ( ) | { }` included, is literal (as in GNU grep without -E). GNU's
 * `\(…\)` groups, `\{m,n\}` intervals and `\+ \? \|` are not supported: `\x` is always a literal x.
 */
function compileGrepPattern(pattern: string, ignoreCase: boolean): CompiledPattern {
  const atoms: PatternAtom[] = [];
  const fold = (c: string) => (ignoreCase ? c.toLowerCase() : c);
  let i = 0;
  const anchoredStart = pattern.startsWith("^");
  if (anchoredStart) i = 1;
  let end = pattern.length;
  const anchoredEnd = end > i && pattern.endsWith("$") && !pattern.endsWith("\\$");
  if (anchoredEnd) end -= 1;
  while (i < end) {
    const ch = pattern[i]!;
    let matches: (c: string) => boolean;
    if (ch === "*" && atoms.length === 0) {
      // A leading `*` is literal in a basic regular expression.
      matches = (c) => c === "*";
      i += 1;
    } else if (ch === ".") {
      matches = () => true;
      i += 1;
    } else if (ch === "[") {
      const cls = bracketClass(pattern, i, ignoreCase);
      if (cls) {
        matches = cls.matches;
        i = cls.end;
      } else {
        matches = (c) => c === "[";
        i += 1;
      }
    } else if (ch === "\\" && i + 1 < end) {
      const lit = fold(pattern[i + 1]!);
      matches = (c) => fold(c) === lit;
      i += 2;
    } else {
      const lit = fold(ch);
      matches = (c) => fold(c) === lit;
      i += 1;
    }
    let star = false;
    while (pattern[i] === "*" && i < end) {
      star = true;
      i += 1;
    }
    atoms.push({ matches, star });
  }
  return { atoms, anchoredStart, anchoredEnd };
}

/**
 * Whether `line` contains a match, by simulating every position of the pattern at once (a
 * Thompson NFA): time linear in the line times the pattern, whatever the pattern. A backtracking
 * engine (JavaScript's RegExp) can take exponential time on `(a*)*b`-like input, and the learner
 * controls both the pattern and, through `echo`, the text.
 */
function grepMatches(p: CompiledPattern, line: string): boolean {
  const n = p.atoms.length;
  // The set of pattern positions reachable without consuming input from `states`.
  const close = (states: Set<number>): Set<number> => {
    const out = new Set<number>();
    const stack = [...states];
    while (stack.length) {
      const s = stack.pop()!;
      if (out.has(s)) continue;
      out.add(s);
      if (s < n && p.atoms[s]!.star) stack.push(s + 1);
    }
    return out;
  };
  let current = close(new Set([0]));
  const accepts = (states: Set<number>) => states.has(n);
  if (accepts(current) && !p.anchoredEnd) return true;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k]!;
    const next = new Set<number>();
    for (const s of current) {
      if (s === n) continue;
      const atom = p.atoms[s]!;
      if (atom.matches(ch)) next.add(atom.star ? s : s + 1);
    }
    // Unanchored: a match may also start at the next character.
    if (!p.anchoredStart) next.add(0);
    current = close(next);
    if (accepts(current) && (!p.anchoredEnd || k === line.length - 1)) return true;
  }
  return accepts(current);
}

export function applyGreps(text: string, greps: readonly GrepFilter[]): { text: string; exitCode: number } {
  let lines = text === "" ? [] : text.replace(/\n$/, "").split("\n");
  let exitCode = 0;
  for (const g of greps) {
    const pattern = compileGrepPattern(g.pattern, g.ignoreCase);
    lines = lines.filter((l) => grepMatches(pattern, l) !== g.invert);
    exitCode = lines.length ? 0 : 1;
    if (g.count) lines = [String(lines.length)];
  }
  return { text: lines.length ? `${lines.join("\n")}\n` : "", exitCode };
}
