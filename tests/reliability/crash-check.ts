/**
 * The race and crash check of `npm test` (scripts/test-all.sh, after the production build):
 * the reliability battery (tests/reliability/battery.ts) at a small size against one
 * production instance (`npm run start`) on a fresh SQLite file and on a fresh PostgreSQL
 * database. 40 learners, 400 answers, 20 in flight; halfway through the saves the instance
 * is killed with -9 and restarted while clients retry. Counts, never times: fails unless 0
 * saves or submits were lost, 0 attempts or rows duplicated, 0 5xx came from the app, and
 * every learner finished. The full-size run with figures is `npm run bench:reliability`.
 *
 *   npx tsx tests/reliability/crash-check.ts [--providers sqlite,postgresql] [--port 3430]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb } from "../../lib/db/client";
import { sleep, stopEverythingOnSignal } from "../../scripts/topology/processes";
import { startSingle } from "../../scripts/topology/topology";
import { failuresOf, runBattery, type BatteryReport } from "./battery";

const { values } = parseArgs({
  options: {
    providers: { type: "string", default: "sqlite,postgresql" },
    port: { type: "string", default: process.env.CRASH_CHECK_PORT ?? "3430" },
    learners: { type: "string", default: "40" },
    answers: { type: "string", default: "400" },
  },
});

const log = (line: string) => console.log(`  ${line}`);
stopEverythingOnSignal(log);

async function check(provider: string, runDir: string): Promise<string[]> {
  const stamp = `${process.pid}_${Date.now().toString(36)}`;
  const database = provider === "sqlite" ? { sqliteFile: path.join(runDir, "check.db") } : { pgDatabase: `cni_topology_check_${stamp}` };
  const d = await startSingle({ port: Number(values.port), database, runDir: path.join(runDir, provider), log });
  const db = createDb(d.databaseUrl, { poolSize: 2 });
  let report: BatteryReport;
  try {
    report = await runBattery(
      {
        label: d.label,
        url: d.url,
        db,
        async crash() {
          const killedAt = Date.now();
          d.kill(0);
          await d.restart(0);
          return { killedAt, healthyAt: Date.now(), detail: "kill -9 of the instance, restarted at once" };
        },
      },
      { learners: Number(values.learners), answers: Number(values.answers), concurrency: 20, quizId: "vxlan-basics", maxSeconds: 90, killAtFraction: 0.5, log },
    );
  } finally {
    await db.$disconnect();
    await d.stop();
  }
  const r = report;
  console.log(
    `  ${r.label}: ${r.savesAcked}/${r.plannedSaves} saves acknowledged, ${r.submitted}/${r.learners} submitted, ` +
      `${r.transportErrors} transport errors retried; lost ${r.lost.saves + r.lost.submits + r.lost.grades}, ` +
      `duplicated ${r.duplicated.attempts + r.duplicated.openAttempts + r.duplicated.responses}, 5xx from the app ${r.app5xx.length}`,
  );
  const failures = failuresOf(r);
  if (!r.crash) failures.push("the instance was never killed (the kill is what this check is for)");
  if (r.submitted !== r.learners) failures.push(`only ${r.submitted} of ${r.learners} learners got their submit acknowledged`);
  return failures;
}

async function main() {
  const runDir = mkdtempSync(path.join(tmpdir(), "cni-crash-check-"));
  const failures: string[] = [];
  for (const provider of values.providers.split(",")) {
    console.log(`crash check on ${provider}:`);
    for (const f of await check(provider, runDir)) failures.push(`${provider}: ${f}`);
    await sleep(100);
  }
  if (failures.length) {
    for (const f of failures) console.error(`FAIL ${f}`);
    console.error(`logs kept in ${runDir}`);
    process.exit(1);
  }
  rmSync(runDir, { recursive: true, force: true });
  console.log("crash check: 0 lost, 0 duplicated, 0 5xx from the app on every provider");
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
