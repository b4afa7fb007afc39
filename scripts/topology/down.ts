/**
 * `npm run topology:down`: stops what `npm run topology:up` started (the instances and
 * nginx, by their process groups: SIGTERM, then SIGKILL after 10 s) and drops its
 * PostgreSQL database unless `-- --keep-db`. Logs stay under data/topology/.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { dropPgDatabase, groupAlive, stopGroup } from "./processes";
import { STATE_FILE, type DeploymentState } from "./topology";

async function main() {
  const { values } = parseArgs({ options: { "keep-db": { type: "boolean", default: false } } });
  if (!existsSync(STATE_FILE)) {
    console.log("topology:down: no topology recorded (data/topology/state.json); nothing to stop");
    return;
  }
  const state = JSON.parse(readFileSync(STATE_FILE, "utf8")) as DeploymentState;
  for (const p of state.pids) {
    if (!groupAlive(p.pid)) continue;
    await stopGroup(p);
    console.log(`stopped ${p.name} (process group ${p.pid})`);
  }
  if (state.pgDatabase && !values["keep-db"]) {
    await dropPgDatabase(state.pgDatabase);
    console.log(`dropped database ${state.pgDatabase}`);
  } else if (state.pgDatabase) {
    console.log(`kept database: ${state.databaseUrl}`);
  }
  rmSync(STATE_FILE);
  console.log(`topology:down: done (logs kept in ${state.runDir})`);
}

main().catch((error: unknown) => {
  console.error(`topology:down failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
