/**
 * The two deployments the reliability battery drives (docs/reliability.md):
 * - `startTopology`: a fresh PostgreSQL database, two app instances (`npm run start`)
 *   sharing Redis, and nginx on 127.0.0.1 balancing across them;
 * - `startSingle`: the default, one instance on a fresh SQLite file (or PostgreSQL).
 * Both migrate and seed with the repo's own `db:migrate` / `db:seed` and build first if no
 * production build exists.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import {
  createPgDatabase,
  dropPgDatabase,
  ensureBuild,
  groupAlive,
  killHard,
  migrateAndSeed,
  repoRoot,
  startInstance,
  startNginx,
  stopGroup,
  waitFor200,
  type InstanceOptions,
  type Log,
  type Started,
} from "./processes";

/** Where `topology:up` records what it started, for `topology:down`. */
export const STATE_FILE = path.join(repoRoot, "data", "topology", "state.json");

export interface AppInstance {
  readonly name: string;
  readonly port: number;
  /** The running process group, replaced on restart. */
  proc: Started;
}

export interface Deployment {
  readonly label: string;
  /** What clients talk to: nginx's URL, or the single instance's. */
  readonly url: string;
  readonly databaseUrl: string;
  readonly runDir: string;
  readonly instances: AppInstance[];
  readonly nginx?: Started;
  /** `kill -9` of one instance's process group. */
  kill(index: number): void;
  /** Starts the instance again (same port, same settings) and waits for its /api/health. */
  restart(index: number): Promise<void>;
  /** Stops everything it started and drops what it created (unless `keep`). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
  /** What `topology:down` needs when the starter has exited. */
  state(): DeploymentState;
}

/** Written by `topology:up` (detached) so `topology:down` can stop it. */
export interface DeploymentState {
  label: string;
  url: string;
  databaseUrl: string;
  pgDatabase?: string;
  sqliteFile?: string;
  runDir: string;
  pids: { name: string; pid: number }[];
}

const HEALTH_TIMEOUT_MS = 120_000;

async function startAndWait(name: string, port: number, o: Omit<InstanceOptions, "port">, started?: Started[]): Promise<Started> {
  const proc = startInstance(name, { ...o, port });
  started?.push(proc);
  await waitFor200(`http://127.0.0.1:${port}/api/health`, HEALTH_TIMEOUT_MS, proc.logFile, () => groupAlive(proc.pid));
  return proc;
}

function deployment(input: {
  label: string;
  url: string;
  databaseUrl: string;
  runDir: string;
  instances: AppInstance[];
  instanceOptions: Omit<InstanceOptions, "port">;
  nginx?: Started;
  pgDatabase?: string;
  sqliteFile?: string;
}): Deployment {
  const { instances } = input;
  return {
    label: input.label,
    url: input.url,
    databaseUrl: input.databaseUrl,
    runDir: input.runDir,
    instances,
    nginx: input.nginx,
    kill(index) {
      const i = instances[index];
      if (!i) throw new Error(`no instance ${index}`);
      killHard(i.proc);
    },
    async restart(index) {
      const i = instances[index];
      if (!i) throw new Error(`no instance ${index}`);
      i.proc = await startAndWait(i.name, i.port, input.instanceOptions);
    },
    async stop(opts = {}) {
      await Promise.all([...instances.map((i) => stopGroup(i.proc)), ...(input.nginx ? [stopGroup(input.nginx)] : [])]);
      if (opts.keepData) return;
      if (input.pgDatabase) await dropPgDatabase(input.pgDatabase);
      if (input.sqliteFile) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${input.sqliteFile}${suffix}`, { force: true });
    },
    state() {
      return {
        label: input.label,
        url: input.url,
        databaseUrl: input.databaseUrl,
        pgDatabase: input.pgDatabase,
        sqliteFile: input.sqliteFile,
        runDir: input.runDir,
        pids: [...instances.map((i) => ({ name: i.name, pid: i.proc.pid })), ...(input.nginx ? [{ name: "nginx", pid: input.nginx.pid }] : [])],
      };
    },
  };
}

export interface TopologyOptions {
  /** nginx listens here on 127.0.0.1. */
  proxyPort: number;
  /** One app instance per port. */
  appPorts: readonly number[];
  /** A PostgreSQL database name containing "topology"; created fresh, dropped on stop. */
  pgDatabase: string;
  runDir: string;
  redisUrl: string;
  /** Leave the processes running after this process exits (topology:up). */
  detach?: boolean;
  log: Log;
}

/** Database, instances, nginx; resolves once /api/health answers 200 through nginx. */
export async function startTopology(o: TopologyOptions): Promise<Deployment> {
  if (!o.pgDatabase.includes("topology")) throw new Error(`the database name must contain "topology" (got ${o.pgDatabase})`);
  mkdirSync(o.runDir, { recursive: true });
  const setupLog = path.join(o.runDir, "setup.log");
  const url = `http://127.0.0.1:${o.proxyPort}`;
  o.log(`PostgreSQL: creating database ${o.pgDatabase}, migrating and seeding (npm run db:migrate, db:seed)`);
  const databaseUrl = await createPgDatabase(o.pgDatabase);
  const started: Started[] = [];
  try {
    migrateAndSeed(databaseUrl, setupLog);
    ensureBuild(o.log, setupLog);
    const instanceOptions = { databaseUrl, publicUrl: url, runDir: o.runDir, trustedProxies: 1, redisUrl: o.redisUrl, detach: o.detach };
    o.log(`starting ${o.appPorts.length} instances (npm run start -- -p ${o.appPorts.join(", ")}) …`);
    const instances = await Promise.all(
      o.appPorts.map(async (port, k) => {
        const proc = await startAndWait(`app-${k + 1}`, port, instanceOptions, started);
        return { name: `app-${k + 1}`, port, proc };
      }),
    );
    const nginx = startNginx({ runDir: o.runDir, listenPort: o.proxyPort, upstreamPorts: o.appPorts, detach: o.detach });
    started.push(nginx);
    await waitFor200(`${url}/api/health`, 30_000, path.join(o.runDir, "nginx-error.log"), () => groupAlive(nginx.pid));
    return deployment({ label: `PostgreSQL, ${o.appPorts.length} instances behind nginx`, url, databaseUrl, runDir: o.runDir, instances, instanceOptions, nginx, pgDatabase: o.pgDatabase });
  } catch (error) {
    // Leave nothing behind (instances that started before a sibling failed included).
    await Promise.all(started.map((p) => stopGroup(p, 3000)));
    await dropPgDatabase(o.pgDatabase).catch(() => undefined);
    throw error;
  }
}

export interface SingleOptions {
  port: number;
  /** A fresh SQLite file (deleted on stop), or a fresh PostgreSQL database (name containing "topology" or "bench", dropped on stop). */
  database: { sqliteFile: string } | { pgDatabase: string };
  runDir: string;
  log: Log;
  /** X-Forwarded-For entries the instance trusts (default 0): 1 lets a benchmark name each simulated client. */
  trustedProxies?: number;
  /** Count rate limits in this Redis instead of in memory (what production on PostgreSQL requires). */
  redisUrl?: string;
  /** NEXTAUTH_SECRET (default `sharedSecret()`). */
  secret?: string;
}

/** One instance, no proxy (and no Redis unless asked): the SQLite default (or the same on PostgreSQL), on a fresh, migrated and seeded database. */
export async function startSingle(o: SingleOptions): Promise<Deployment> {
  mkdirSync(o.runDir, { recursive: true });
  const setupLog = path.join(o.runDir, "setup.log");
  const url = `http://127.0.0.1:${o.port}`;
  let databaseUrl: string;
  if ("sqliteFile" in o.database) {
    mkdirSync(path.dirname(o.database.sqliteFile), { recursive: true });
    databaseUrl = `file:${o.database.sqliteFile}`;
  } else {
    // The name says the database is a throwaway, since stop() drops it.
    if (!/topology|bench/.test(o.database.pgDatabase)) throw new Error(`the database name must contain "topology" or "bench" (got ${o.database.pgDatabase})`);
    databaseUrl = await createPgDatabase(o.database.pgDatabase);
  }
  const pgDatabase = "pgDatabase" in o.database ? o.database.pgDatabase : undefined;
  const sqliteFile = "sqliteFile" in o.database ? o.database.sqliteFile : undefined;
  const started: Started[] = [];
  try {
    o.log(`${pgDatabase ? `PostgreSQL ${pgDatabase}` : `SQLite ${sqliteFile}`}: migrating and seeding (npm run db:migrate, db:seed)`);
    migrateAndSeed(databaseUrl, setupLog);
    ensureBuild(o.log, setupLog);
    const instanceOptions = { databaseUrl, publicUrl: url, runDir: o.runDir, trustedProxies: o.trustedProxies ?? 0, redisUrl: o.redisUrl, secret: o.secret };
    o.log(`starting one instance (npm run start -- -p ${o.port}) …`);
    const proc = await startAndWait("app-1", o.port, instanceOptions, started);
    const label = `${pgDatabase ? "PostgreSQL" : "SQLite"}, 1 instance`;
    return deployment({ label, url, databaseUrl, runDir: o.runDir, instances: [{ name: "app-1", port: o.port, proc }], instanceOptions, sqliteFile, pgDatabase });
  } catch (error) {
    await Promise.all(started.map((p) => stopGroup(p, 3000)));
    if (pgDatabase) await dropPgDatabase(pgDatabase).catch(() => undefined);
    throw error;
  }
}
