/**
 * First-load JavaScript of a page, as the browser fetches it before the page is
 * interactive: every `/_next/static/chunks/*.js` its HTML references (script tags,
 * preloads and the chunk lists in the inline RSC payload), each gzipped at zlib's default
 * level (as a web server would) and summed. Chunks loaded only by `<script noModule>`
 * (Next's polyfills for browsers without ES modules, ~39 kB) are left out: every browser
 * that runs modules skips them, so no reader of this site downloads them. Bytes, not times: the same build always gives
 * the same figure, so budgets on it can run in `npm test` (e2e/js-budgets.spec.ts), and
 * `npm run bench:web` reports the same figures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const CHUNK = /static\/chunks\/[A-Za-z0-9_.~-]+\.js/g;

/** Chunks a module-capable browser loads; `<script noModule>` ones are for browsers without modules only. */
export function chunksReferenced(html: string): Set<string> {
  const legacyOnly = new Set<string>();
  for (const tag of html.match(/<script\b[^>]*\bnomodule\b[^>]*>/gi) ?? []) for (const chunk of tag.match(CHUNK) ?? []) legacyOnly.add(chunk);
  const withoutLegacyTags = html.replace(/<script\b[^>]*\bnomodule\b[^>]*>/gi, "");
  return new Set((withoutLegacyTags.match(CHUNK) ?? []).filter((chunk) => !legacyOnly.has(chunk)));
}

const gzipped = new Map<string, number>();
export function gzipBytesOfChunk(chunk: string, nextDir = path.join(process.cwd(), ".next")): number {
  const file = path.join(nextDir, chunk);
  let n = gzipped.get(file);
  if (n === undefined) {
    n = gzipSync(readFileSync(file)).length;
    gzipped.set(file, n);
  }
  return n;
}

export function firstLoadJs(html: string, nextDir?: string): { bytes: number; chunks: { chunk: string; bytes: number }[] } {
  const chunks = [...chunksReferenced(html)].map((chunk) => ({ chunk, bytes: gzipBytesOfChunk(chunk, nextDir) })).sort((a, b) => b.bytes - a.bytes);
  return { bytes: chunks.reduce((sum, c) => sum + c.bytes, 0), chunks };
}
