/**
 * `npm run bench:reliability`: the reliability battery (tests/reliability/battery.ts) against
 * (a) the several-instance topology (PostgreSQL, two `npm run start` instances, Redis,
 * nginx; scripts/topology) and (b) the SQLite single-instance default, each on a fresh
 * database: 500 learners, 10,000 answers, 50 learners in flight, one instance killed with
 * -9 halfway through the saves and restarted. Prints, for each target, what was lost,
 * duplicated and answered 5xx, throughput and save latency; and, as every benchmark here,
 * ratios against a baseline measured in the same run (topology ÷ SQLite; p99 ÷ p50), no
 * absolute thresholds. Exits 1 if anything was lost or duplicated or the app answered 5xx.
 *
 *   npm run bench:reliability [-- --learners 50 --answers 1000 --concurrency 50 --targets topology,sqlite --max-seconds 150]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../lib/db/client";
import { repoRoot, sleep, stopEverythingOnSignal } from "../scripts/topology/processes";
import { startSingle, startTopology, type Deployment } from "../scripts/topology/topology";
import { failuresOf, runBattery, type BatteryOptions, type BatteryReport, type CrashRecord } from "../tests/reliability/battery";

const { values } = parseArgs({
  options: {
    learners: { type: "string", default: "500" },
    answers: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "50" },
    quiz: { type: "string", default: "vxlan-basics" },
    targets: { type: "string", default: "topology,sqlite" },
    "max-seconds": { type: "string", default: "300" },
    "no-kill": { type: "boolean", default: false },
    "keep-logs": { type: "boolean", default: false },
    redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
  },
});

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

const options: BatteryOptions = {
  learners: Number(values.learners),
  answers: Number(values.answers),
  concurrency: Number(values.concurrency),
  quizId: values.quiz,
  maxSeconds: Number(values["max-seconds"]),
  killAtFraction: values["no-kill"] ? null : 0.5,
  log,
};

/** How one deployment is crashed: `kill -9` of instance `index`, then a restart after `restartAfterMs`. */
function crasher(d: Deployment, index: number, restartAfterMs: number): () => Promise<CrashRecord> {
  return async () => {
    const killedAt = Date.now();
    const pid = d.instances[index]!.proc.pid;
    d.kill(index);
    await sleep(restartAfterMs);
    await d.restart(index);
    const healthyAt = Date.now();
    const detail = `kill -9 of ${d.instances[index]!.name} (process group ${pid}); restarted after ${restartAfterMs / 1000} s, healthy again ${((healthyAt - killedAt) / 1000).toFixed(1)} s after the kill`;
    log(`${d.label}: ${detail}`);
    return { killedAt, healthyAt, detail };
  };
}

async function measure(d: Deployment, killIndex: number, restartAfterMs: number): Promise<BatteryReport> {
  const db = createDb(d.databaseUrl, { poolSize: 4 });
  try {
    return await runBattery({ label: d.label, url: d.url, db, crash: crasher(d, killIndex, restartAfterMs) }, options);
  } finally {
    await db.$disconnect();
  }
}

const fmt = (n: number, digits = 0) => n.toFixed(digits);

function print(r: BatteryReport): void {
  const lost = r.lost.saves + r.lost.submits + r.lost.grades;
  const dup = r.duplicated.attempts + r.duplicated.openAttempts + r.duplicated.responses;
  console.log(`
== ${r.label} ==
  learners ${r.learners} (signed in ${r.signedIn}, started ${r.started}, submitted ${r.submitted}); saves planned ${r.plannedSaves}: acknowledged ${r.savesAcked}, refused ${r.savesRefused}, unknown ${r.savesUnknown}
  requests ${r.requests} (retries ${r.retries}; transport errors ${r.transportErrors}; 429 ${r.rateLimited})
  crash: ${r.crash?.detail ?? "none"}
  lost ${lost} (saves ${r.lost.saves}, submits ${r.lost.submits}, grades ${r.lost.grades})   duplicated ${dup} (attempts ${r.duplicated.attempts}, open ${r.duplicated.openAttempts}, response rows ${r.duplicated.responses})
  5xx from the app ${r.app5xx.length}   nginx 502/504 in the kill window ${r.proxy5xxInKillWindow.length} (${summarise(r.proxy5xxInKillWindow.map((e) => `${e.status} ${e.method} ${e.route}`))}), outside it ${r.proxy5xxOutsideKillWindow.length}
  unexpected 4xx ${r.unexpected4xx.length}${r.unexpected4xx.length ? ` (${r.unexpected4xx.slice(0, 3).map((e) => `${e.status} ${e.path}`).join("; ")})` : ""}
  throughput ${fmt(r.answersPerSecond, 1)} answers/s over ${fmt(r.answerPhaseMs / 1000, 1)} s; save latency p50 ${fmt(r.saveLatencyMs.p50)} ms, p95 ${fmt(r.saveLatencyMs.p95)} ms, p99 ${fmt(r.saveLatencyMs.p99)} ms, max ${fmt(r.saveLatencyMs.max)} ms (p99/p50 ${fmt(r.saveLatencyMs.p99 / Math.max(1, r.saveLatencyMs.p50), 1)})`);
  for (const e of r.lost.examples.slice(0, 5)) console.log(`  lost: ${e}`);
  for (const e of r.app5xx.slice(0, 5)) console.log(`  app ${e.status} ${e.path}: ${e.body.slice(0, 200)}`);
}

function summarise(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v}× ${k}`).join(", ") || "-";
}

// Ctrl-C stops what was started (instances, nginx) and drops the databases, even mid-setup.
stopEverythingOnSignal(log);

async function main() {
  const targets = values.targets.split(",").map((t) => t.trim());
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const runDir = mkdtempSync(path.join(tmpdir(), "cni-reliability-"));
  log(`battery: ${options.learners} learners, ${options.answers} answers, ${options.concurrency} in flight, quiz ${options.quizId}; logs in ${runDir}`);
  const reports: BatteryReport[] = [];
  let ok = true;
  for (const target of targets) {
    let d: Deployment;
    if (target === "topology") {
      d = await startTopology({ proxyPort: 3410, appPorts: [3411, 3412], pgDatabase: `cni_topology_bench_${stamp}`, runDir: path.join(runDir, "topology"), redisUrl: values.redis, log });
    } else if (target === "sqlite") {
      d = await startSingle({ port: 3420, database: { sqliteFile: path.join(repoRoot, "data", `reliability-${stamp}.db`) }, runDir: path.join(runDir, "sqlite"), log });
    } else {
      throw new Error(`unknown target ${target} (topology, sqlite)`);
    }
    try {
      // Topology: the second instance dies, the first carries the load, the second comes back after 3 s. SQLite: the only one dies and restarts at once.
      const r = await measure(d, d.instances.length - 1, d.instances.length > 1 ? 3000 : 0);
      reports.push(r);
      print(r);
      const failures = failuresOf(r);
      if (failures.length) {
        ok = false;
        for (const f of failures) console.log(`  FAIL ${f}`);
      }
    } finally {
      await d.stop();
    }
  }
  const topo = reports.find((r) => r.label.includes("instances behind nginx"));
  const single = reports.find((r) => r.label.startsWith("SQLite"));
  if (topo && single) {
    console.log(`
== ratios (same run) ==
  throughput, topology ÷ SQLite single instance: ${fmt(topo.answersPerSecond / single.answersPerSecond, 2)}
  save p50, topology ÷ SQLite: ${fmt(topo.saveLatencyMs.p50 / Math.max(1, single.saveLatencyMs.p50), 2)}; p99: ${fmt(topo.saveLatencyMs.p99 / Math.max(1, single.saveLatencyMs.p99), 2)}
  p99 ÷ p50: topology ${fmt(topo.saveLatencyMs.p99 / Math.max(1, topo.saveLatencyMs.p50), 1)}, SQLite ${fmt(single.saveLatencyMs.p99 / Math.max(1, single.saveLatencyMs.p50), 1)}`);
  }
  if (ok && !values["keep-logs"]) rmSync(runDir, { recursive: true, force: true });
  else console.log(`logs kept in ${runDir}`);
  console.log(ok ? "\nreliability: 0 lost, 0 duplicated, 0 5xx from the app" : "\nreliability: FAILED (see FAIL lines above)");
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
