/**
 * Question prompts, options, explanations and the engine's hop texts mark commands and
 * table entries with Markdown backticks (`ip route`). Pages render those spans as <code>
 * (components/inline-text.tsx); places that can only hold plain text (a live region, an
 * aria-label, a CSV cell) drop the backticks. Only code spans: the texts use no other
 * Markdown, and a full parser would be one more thing in every page's JavaScript.
 */
export type InlinePart = { readonly code: boolean; readonly text: string };

/** Splits at backtick pairs. An unmatched backtick is kept as text, as CommonMark does. */
export function splitInlineCode(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let rest = text;
  let plain = "";
  while (rest.length > 0) {
    const open = rest.indexOf("`");
    if (open === -1) break;
    const close = rest.indexOf("`", open + 1);
    if (close === -1) break;
    const code = rest.slice(open + 1, close);
    if (code.length === 0) {
      // "``" is not a code span here: keep it and move on.
      plain += rest.slice(0, close + 1);
      rest = rest.slice(close + 1);
      continue;
    }
    plain += rest.slice(0, open);
    if (plain) parts.push({ code: false, text: plain });
    plain = "";
    parts.push({ code: true, text: code });
    rest = rest.slice(close + 1);
  }
  plain += rest;
  if (plain) parts.push({ code: false, text: plain });
  return parts;
}

/** The same text without the backticks, for plain-text places. */
export function plainInlineText(text: string): string {
  return splitInlineCode(text)
    .map((p) => p.text)
    .join("");
}
