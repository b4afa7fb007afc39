/**
 * First-load JavaScript of a page, as the browser fetches it before the page is
 * interactive: every `/_next/static/chunks/*.js` its HTML references (script tags,
 * preloads and the chunk lists in the inline RSC payload), each gzipped at zlib's default
 * level (as a web server would) and summed. Bytes, not times: the same build always gives
 * the same figure, so budgets on it can run in `npm test` (e2e/js-budgets.spec.ts), and
 * `npm run bench:web` reports the same figures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export function chunksReferenced(html: string): Set<string> {
  return new Set(html.match(/static\/chunks\/[A-Za-z0-9_.~-]+\.js/g) ?? []);
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
