/**
 * Splits text into the pieces that match search terms and the pieces between, so a React
 * leaf can wrap matches in <mark> as elements: the text is never parsed as HTML, so a
 * lesson text or query containing markup stays text.
 *
 * A term matches where a word starts (the search scores prefixes: "flan" finds
 * "Flannel"), case-insensitively; overlapping matches merge into one piece.
 */
export interface TextPiece {
  text: string;
  match: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function highlightPieces(text: string, terms: readonly string[]): TextPiece[] {
  const wanted = [...new Set(terms.map((t) => t.toLowerCase()).filter((t) => t.length > 0))];
  if (text === "" || wanted.length === 0) return text === "" ? [] : [{ text, match: false }];
  const ranges: [number, number][] = [];
  for (const term of wanted) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}`, "giu");
    for (const m of text.matchAll(re)) ranges.push([m.index, m.index + m[0].length]);
  }
  if (ranges.length === 0) return [{ text, match: false }];
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const [start, end] of merged) {
    if (start > at) pieces.push({ text: text.slice(at, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    at = end;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), match: false });
  return pieces;
}
