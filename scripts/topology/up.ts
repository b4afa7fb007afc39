/**
 * `npm run topology:up`: the several-instance topology on this machine, in one command
 * (docs/reliability.md). A fresh PostgreSQL database (migrated and seeded), two app
 * instances (`npm run start`) sharing Redis, nginx on 127.0.0.1:3400 in front. Returns once
 * /api/health answers 200 through nginx; the processes keep running until
 * `npm run topology:down`. With --foreground it stays attached and Ctrl-C stops everything.
 *
 *   npm run topology:up [-- --port 3400 --app-ports 3401,3402 --redis redis://127.0.0.1:6379 --foreground]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { groupAlive, repoRoot, stopEverythingOnSignal } from "./processes";
import { startTopology, STATE_FILE, type DeploymentState } from "./topology";

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "3400" },
      "app-ports": { type: "string", default: "3401,3402" },
      redis: { type: "string", default: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" },
      database: { type: "string" },
      foreground: { type: "boolean", default: false },
    },
  });
  if (existsSync(STATE_FILE)) {
    const old = JSON.parse(readFileSync(STATE_FILE, "utf8")) as DeploymentState;
    if (old.pids.some((p) => groupAlive(p.pid))) {
      console.error(`A topology is already running (${old.url}); stop it first: npm run topology:down`);
      process.exit(1);
    }
  }
  const proxyPort = Number(values.port);
  const appPorts = values["app-ports"].split(",").map(Number);
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const pgDatabase = values.database ?? `cni_topology_${stamp}`;
  const runDir = path.join(repoRoot, "data", "topology", stamp);
  // Interrupted while starting: stop what started. Once up, the foreground mode's own handler stops it.
  let starting = true;
  stopEverythingOnSignal((l) => console.log(l), () => starting);
  const topology = await startTopology({ proxyPort, appPorts, pgDatabase, runDir, redisUrl: values.redis, detach: !values.foreground, log: (l) => console.log(l) });
  writeFileSync(STATE_FILE, JSON.stringify(topology.state(), null, 2));
  starting = false;

  console.log(`
CNI Academy topology is up:
  ${topology.url}                 nginx (load-balances across the instances)
${topology.instances.map((i) => `  http://127.0.0.1:${i.port}          ${i.name} (npm run start, pid ${i.proc.pid})`).join("\n")}
  ${topology.databaseUrl}   PostgreSQL
  ${values.redis}                     Redis (shared rate limits)
  logs, nginx.conf, pids: ${path.relative(repoRoot, runDir)}/
Demo accounts: learner@example.com / demo-learner-pass, instructor@example.com / demo-instructor-pass
${values.foreground ? "Stop: Ctrl-C" : "Stop: npm run topology:down   (add -- --keep-db to keep the database)"}`);

  if (values.foreground) {
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      console.log("stopping …");
      await topology.stop();
      writeFileSync(STATE_FILE, JSON.stringify({ ...topology.state(), pids: [] }, null, 2));
      process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
    // Stay alive until a signal.
    setInterval(() => undefined, 1 << 30);
  } else {
    process.exit(0);
  }
}

main().catch((error: unknown) => {
  console.error(`topology:up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
