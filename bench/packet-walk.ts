/**
 * Packet-walk benchmark: walks per second on the seed topology and on generated
 * 10-, 100- and 1000-node Flannel VXLAN clusters, plus build and index times.
 * Prints figures measured in this run and the 1000-node/10-node walk-time ratio
 * (the engine indexes tables by key, so a walk should cost the same on any size).
 * No assertions: numbers only. Run: npm run -s bench:packet-walk
 */
import { buildCluster, getScenario, prepareCluster, walkPacket, type Cluster, type ClusterSpec, type PacketSpec } from "../lib/packet-walk";
import { seededRandom } from "../lib/packet-walk/hash";

/** One measured configuration. */
export interface PacketWalkBenchRow {
  readonly label: string;
  readonly nodes: number;
  readonly pods: number;
  /** Builder time (ms). */
  readonly buildMs: number;
  /** Eager indexing of every namespace (ms). */
  readonly indexMs: number;
  readonly walks: number;
  readonly walksPerSecond: number;
  readonly microsPerWalk: number;
  readonly hopsPerWalk: number;
}

/** Whole benchmark result. */
export interface PacketWalkBenchResult {
  readonly rows: readonly PacketWalkBenchRow[];
  /** µs per walk on 1000 nodes ÷ µs per walk on 10 nodes, random cross-node pod pairs. */
  readonly ratio1000to10: number;
  /** The same ratio when both clusters repeat 16 pairs (CPU caches stay warm: the algorithmic cost). */
  readonly sameSmallSetRatio1000to10: number;
}

/** A flat cluster: `nodes` nodes on one /20 underlay, two pods each. */
export function generatedSpec(nodes: number, podsPerNode = 2): ClusterSpec {
  return {
    name: `generated-${nodes}`,
    nodes: Array.from({ length: nodes }, (_, i) => {
      const host = 2 + i;
      return { name: `node${i}`, ip: `172.16.${host >> 8}.${host & 255}/20` };
    }),
    pods: Array.from({ length: nodes * podsPerNode }, (_, k) => ({ name: `pod-${k}`, node: `node${Math.floor(k / podsPerNode)}` })),
  };
}

interface Subject {
  readonly label: string;
  readonly cluster: Cluster;
  readonly buildMs: number;
  readonly indexMs: number;
  readonly packets: readonly PacketSpec[];
  /** µs per walk of each round. */
  readonly rounds: number[];
  walks: number;
  hops: number;
}

function prepare(label: string, cluster: Cluster, buildMs: number, packets: readonly PacketSpec[]): Subject {
  const t0 = performance.now();
  prepareCluster(cluster);
  const indexMs = performance.now() - t0;
  // Warm up the JIT on the same packets.
  for (let i = 0; i < Math.min(packets.length, 1000); i++) walkPacket(cluster, packets[i % packets.length] as PacketSpec);
  return { label, cluster, buildMs, indexMs, packets, rounds: [], walks: 0, hops: 0 };
}

function round(s: Subject, millis: number): void {
  let walks = 0;
  const start = performance.now();
  let now = start;
  while (now - start < millis) {
    for (let i = 0; i < 100; i++) {
      const r = walkPacket(s.cluster, s.packets[(s.walks + walks) % s.packets.length] as PacketSpec);
      s.hops += r.hops.length;
      walks++;
    }
    now = performance.now();
  }
  s.walks += walks;
  s.rounds.push(((now - start) * 1000) / walks);
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Cross-node pod-to-pod pings between random pairs (same path length on every cluster size). */
function crossNodePackets(cluster: Cluster, count: number, seed: number): PacketSpec[] {
  const rnd = seededRandom(seed);
  const out: PacketSpec[] = [];
  while (out.length < count) {
    const a = cluster.pods[Math.floor(rnd() * cluster.pods.length)];
    const b = cluster.pods[Math.floor(rnd() * cluster.pods.length)];
    if (a && b && a.node !== b.node) out.push({ from: a.name, to: b.ip });
  }
  return out;
}

/**
 * Runs the benchmark and returns (and optionally logs) the figures. Clusters are
 * built first, then measured in interleaved rounds (median per cluster), so a
 * busy machine slows every size alike and the ratio stays meaningful.
 */
export function runPacketWalkBench(options: { walkMillis?: number; rounds?: number; log?: (line: string) => void } = {}): PacketWalkBenchResult {
  const walkMillis = options.walkMillis ?? 2000;
  const rounds = options.rounds ?? 5;
  const log = options.log ?? (() => undefined);
  const subjects: Subject[] = [];

  const t0 = performance.now();
  const seed = getScenario("seed-flannel-vxlan");
  subjects.push(prepare("seed-flannel-vxlan", seed, performance.now() - t0, [{ from: "10.244.1.2", to: "10.244.2.2" }, { from: "10.244.2.3", to: "10.244.1.3" }]));
  for (const n of [10, 100, 1000]) {
    const b0 = performance.now();
    // 10.0.0.0/12 holds 4096 /24 node subnets: room for the 1000-node cluster.
    const cluster = buildCluster("flannel-vxlan", generatedSpec(n), { network: "10.0.0.0/12" });
    const buildMs = performance.now() - b0;
    const random = prepare(`flannel-vxlan ${n} nodes`, cluster, buildMs, crossNodePackets(cluster, 2000, n));
    subjects.push(random);
    // The same walks over a fixed set of 16 pairs: isolates the algorithm from CPU-cache misses on a big heap.
    subjects.push({ ...prepare(`  same 16 pairs`, cluster, buildMs, crossNodePackets(cluster, 16, n)), indexMs: random.indexMs });
  }
  const b1 = performance.now();
  const calico = buildCluster("calico-ipip", generatedSpec(1000), { pool: "10.0.0.0/12" });
  subjects.push(prepare("calico-ipip 1000 nodes", calico, performance.now() - b1, crossNodePackets(calico, 2000, 7)));

  for (let r = 0; r < rounds; r++) for (const s of subjects) round(s, walkMillis / rounds);

  const rows: PacketWalkBenchRow[] = subjects.map((s) => {
    const us = median(s.rounds);
    return {
      label: s.label,
      nodes: s.cluster.nodes.length,
      pods: s.cluster.pods.length,
      buildMs: s.buildMs,
      indexMs: s.indexMs,
      walks: s.walks,
      walksPerSecond: 1e6 / us,
      microsPerWalk: us,
      hopsPerWalk: s.hops / s.walks,
    };
  });
  const at = (label: string, offset = 0) => rows[rows.findIndex((r) => r.label === label) + offset];
  const small = at("flannel-vxlan 10 nodes");
  const large = at("flannel-vxlan 1000 nodes");
  const ratio1000to10 = small && large ? large.microsPerWalk / small.microsPerWalk : Number.NaN;
  const smallHot = at("flannel-vxlan 10 nodes", 1);
  const largeHot = at("flannel-vxlan 1000 nodes", 1);
  const hotRatio = smallHot && largeHot ? largeHot.microsPerWalk / smallHot.microsPerWalk : Number.NaN;

  log(`packet-walk benchmark (figures from this run; median of ${rounds} interleaved rounds)`);
  log(`${"cluster".padEnd(26)} ${"nodes".padStart(5)} ${"pods".padStart(5)} ${"build ms".padStart(9)} ${"index ms".padStart(9)} ${"walks/s".padStart(9)} ${"µs/walk".padStart(8)} ${"hops".padStart(5)}`);
  for (const r of rows) {
    log(
      `${r.label.padEnd(26)} ${String(r.nodes).padStart(5)} ${String(r.pods).padStart(5)} ${r.buildMs.toFixed(1).padStart(9)} ${r.indexMs.toFixed(1).padStart(9)} ` +
        `${Math.round(r.walksPerSecond).toString().padStart(9)} ${r.microsPerWalk.toFixed(1).padStart(8)} ${r.hopsPerWalk.toFixed(1).padStart(5)}`,
    );
  }
  log(`walk time ratio 1000 nodes / 10 nodes (flannel-vxlan, random pod pairs): ${ratio1000to10.toFixed(2)} (target < 2)`);
  log(`walk time ratio 1000 nodes / 10 nodes (flannel-vxlan, same 16 pairs):   ${hotRatio.toFixed(2)}`);
  return { rows, ratio1000to10, sameSmallSetRatio1000to10: hotRatio };
}

// Run when executed directly (tsx bench/packet-walk.ts), not when imported by bench/run-all.ts.
if (/(^|[\\/])packet-walk\.ts$/.test(process.argv[1] ?? "")) {
  runPacketWalkBench({ log: (line) => console.log(line) });
}
