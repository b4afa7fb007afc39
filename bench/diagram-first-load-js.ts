/**
 * What the live packet-walk diagram adds to a lesson page's first-load JS, gzipped.
 * Run after `next build`: `npx tsx bench/diagram-first-load-js.ts [with-slug] [without-slug]`.
 *
 * For each prerendered lesson page (.next/server/app/lessons/<slug>.html) it sums the first-load
 * chunks as bench/first-load-js.ts counts them. The figure reported is the set
 * difference between a lesson with a <PacketWalk> and one without, measured in the same build.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { chunksReferenced, gzipBytesOfChunk as gzipBytes } from "./first-load-js";

const root = process.cwd();
const pagesDir = path.join(root, ".next", "server", "app", "lessons");
const lessonsDir = path.join(root, "content", "lessons");

function chunksOf(slug: string): Set<string> {
  return chunksReferenced(readFileSync(path.join(pagesDir, `${slug}.html`), "utf8"));
}

const total = (chunks: Iterable<string>) => [...chunks].reduce((a, c) => a + gzipBytes(c), 0);

function main() {
  const slugs = readdirSync(lessonsDir).filter((f) => f.endsWith(".mdx")).map((f) => f.slice(0, -4));
  const usesDiagram = (slug: string) => readFileSync(path.join(lessonsDir, `${slug}.mdx`), "utf8").includes("<PacketWalk");
  const withSlug = process.argv[2] ?? slugs.find((s) => s === "flannel-vxlan") ?? slugs.find(usesDiagram);
  const withoutSlug = process.argv[3] ?? slugs.find((s) => s === "flannel") ?? slugs.find((s) => !usesDiagram(s));
  if (!withSlug || !withoutSlug) throw new Error("need one lesson with and one without <PacketWalk>");
  const withChunks = chunksOf(withSlug);
  const withoutChunks = chunksOf(withoutSlug);
  const added = [...withChunks].filter((c) => !withoutChunks.has(c));
  const removed = [...withoutChunks].filter((c) => !withChunks.has(c));
  const base = total(withoutChunks);
  const addedBytes = total(added);
  console.log(`first-load JS, gzipped, lesson without a diagram (${withoutSlug}): ${base} B in ${withoutChunks.size} chunks`);
  console.log(`first-load JS, gzipped, lesson with a diagram (${withSlug}): ${total(withChunks)} B in ${withChunks.size} chunks`);
  console.log(`added by the diagram: ${addedBytes} B gzipped (ratio with/without ${(total(withChunks) / base).toFixed(3)})`);
  for (const c of added) console.log(`  + ${c} ${gzipBytes(c)} B`);
  for (const c of removed) console.log(`  - ${c} ${gzipBytes(c)} B (only on the page without the diagram)`);
  // Every lesson page: the diagram's chunks must appear only where a <PacketWalk> is.
  for (const slug of slugs) {
    const has = added.some((c) => chunksOf(slug).has(c));
    if (has !== usesDiagram(slug)) console.log(`  ! ${slug}: diagram chunks ${has ? "loaded without" : "missing despite"} a <PacketWalk>`);
  }
}

main();
