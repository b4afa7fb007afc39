/**
 * Lesson search that runs in the browser over an index built once at build time
 * (lib/content/search-index.server.ts → /search-index.json). Pure: no I/O, no DOM.
 *
 * Scoring, per lesson: every query term must occur somewhere in the lesson (AND). A term
 * found in the title counts most, then a section heading, the summary, then body text,
 * where repeated mentions count with diminishing returns (tf / (tf + 1.2), as in BM25), so
 * a lesson that discusses the term beats one that mentions it once. A section's score
 * decides which anchor the result links to; the lesson's score is its best section plus a
 * smaller share of the others (a lesson that comes back to the term throughout ranks above
 * one with a single passage). Prefix matches ("flann" → "flannel") count 60 %.
 */
export interface SearchSection {
  /** Heading anchor id; null for the text before the first heading. */
  id: string | null;
  heading: string | null;
  text: string;
}

export interface SearchDocument {
  slug: string;
  title: string;
  summary: string;
  sections: SearchSection[];
}

export interface SearchIndex {
  version: 1;
  lessons: SearchDocument[];
}

export interface SearchResult {
  slug: string;
  title: string;
  /** Where to go: the lesson, or the heading of its best-matching section. */
  href: string;
  heading: string | null;
  /** A short piece of text around the first match, for display. */
  snippet: string;
  score: number;
}

const WEIGHT = { title: 10, heading: 5, summary: 4, body: 3 } as const;
const OTHER_SECTIONS_SHARE = 0.3;
const PREFIX_CREDIT = 0.6;

/** Lowercased letter/digit runs; "Flannel's VXLAN (8472/udp)" → ["flannel", "s", "vxlan", "8472", "udp"]. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface PreparedField {
  tokens: Map<string, number>;
}

interface PreparedSection extends SearchSection {
  headingField: PreparedField;
  bodyField: PreparedField;
}

interface PreparedDocument extends SearchDocument {
  titleField: PreparedField;
  summaryField: PreparedField;
  preparedSections: PreparedSection[];
}

export interface PreparedIndex {
  documents: PreparedDocument[];
}

function field(text: string): PreparedField {
  const tokens = new Map<string, number>();
  for (const t of tokenize(text)) tokens.set(t, (tokens.get(t) ?? 0) + 1);
  return { tokens };
}

/** Tokenizes the index once, so each keystroke only scores. */
export function prepareIndex(index: SearchIndex): PreparedIndex {
  return {
    documents: index.lessons.map((doc) => ({
      ...doc,
      titleField: field(doc.title),
      summaryField: field(doc.summary),
      preparedSections: doc.sections.map((s) => ({ ...s, headingField: field(s.heading ?? ""), bodyField: field(s.text) })),
    })),
  };
}

/** Occurrences of `term` in a field: exact tokens count 1, tokens it begins count PREFIX_CREDIT. */
function frequency(f: PreparedField, term: string): number {
  let n = f.tokens.get(term) ?? 0;
  if (term.length >= 2) {
    for (const [token, count] of f.tokens) if (token !== term && token.startsWith(term)) n += count * PREFIX_CREDIT;
  }
  return n;
}

const saturate = (tf: number) => tf / (tf + 1.2);

function snippetOf(text: string, terms: string[], width = 140): string {
  const lower = text.toLowerCase();
  let at = -1;
  for (const t of terms) {
    const i = lower.search(new RegExp(`(^|[^\\p{L}\\p{N}])${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u"));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) return text.slice(0, width).trim();
  const start = Math.max(0, at - Math.floor(width / 3));
  const piece = text.slice(start, start + width).trim();
  return `${start > 0 ? "…" : ""}${piece}${start + width < text.length ? "…" : ""}`;
}

/** The best lessons for `query`, best first. An empty query finds nothing. */
export function searchLessons(index: PreparedIndex, query: string, limit = 8): SearchResult[] {
  const terms = [...new Set(tokenize(query))].slice(0, 8);
  if (terms.length === 0) return [];
  const results: SearchResult[] = [];
  for (const doc of index.documents) {
    const lessonLevel = terms.map((t) => WEIGHT.title * saturate(frequency(doc.titleField, t)) + WEIGHT.summary * saturate(frequency(doc.summaryField, t)));
    const sectionScores = doc.preparedSections.map((s) =>
      terms.map((t) => WEIGHT.heading * saturate(frequency(s.headingField, t)) + WEIGHT.body * saturate(frequency(s.bodyField, t))),
    );
    const everyTermFound = terms.every((_, i) => (lessonLevel[i] ?? 0) > 0 || sectionScores.some((s) => (s[i] ?? 0) > 0));
    if (!everyTermFound) continue;
    const totals = sectionScores.map((s) => s.reduce((a, b) => a + b, 0));
    let best = -1;
    totals.forEach((v, i) => {
      if (v > 0 && (best < 0 || v > (totals[best] ?? 0))) best = i;
    });
    const bestScore = best >= 0 ? (totals[best] ?? 0) : 0;
    const rest = totals.reduce((a, b) => a + b, 0) - bestScore;
    const score = lessonLevel.reduce((a, b) => a + b, 0) + bestScore + OTHER_SECTIONS_SHARE * rest;
    const section = best >= 0 ? doc.preparedSections[best] : undefined;
    results.push({
      slug: doc.slug,
      title: doc.title,
      href: `/lessons/${doc.slug}${section?.id ? `#${section.id}` : ""}`,
      heading: section?.heading ?? null,
      snippet: snippetOf(section?.text || doc.summary, terms),
      score,
    });
  }
  return results.sort((a, b) => b.score - a.score || a.title.localeCompare(b.title)).slice(0, limit);
}
