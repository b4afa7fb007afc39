/**
 * Processes and databases of the several-instance topology (scripts/topology/up.ts) and of
 * the reliability battery (bench/reliability.ts): app instances started with
 * `npm run start`, nginx with its own generated config, fresh databases migrated and
 * seeded with the repo's own scripts. Every process is started in its own process group so
 * that stopping (or `kill -9`ing) one takes its children (npm → sh → node) with it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { nginxConfig } from "./nginx";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const pgAdminUrl = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const NGINX_BIN = process.env.NGINX_BIN ?? "/usr/sbin/nginx";

export type Log = (line: string) => void;

/** A process group we started: `pid` is also the group id. */
export interface Started {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly child?: ChildProcess;
}

/** What this process started and has not stopped yet, for `stopEverythingOnSignal`. */
const live = new Set<number>();
const liveDatabases = new Set<string>();

function spawnGroup(name: string, command: string, args: string[], opts: { env: NodeJS.ProcessEnv; logFile: string; detach: boolean }): Started {
  const out = openSync(opts.logFile, "a");
  const child = spawn(command, args, { cwd: repoRoot, env: opts.env, detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  if (opts.detach) child.unref();
  live.add(child.pid);
  return { name, pid: child.pid, logFile: opts.logFile, child };
}

/**
 * On SIGINT/SIGTERM: stop every process group this process started and drop every
 * database it created, then exit. The groups are detached (so a kill -9 of one takes its
 * children), which also means they would outlive an interrupted starter without this.
 * `onlyWhile` lets `topology:up` hand its processes over once it has started them.
 */
export function stopEverythingOnSignal(log: Log, onlyWhile: () => boolean = () => true): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (!onlyWhile()) return;
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping ${live.size} process group(s), dropping ${liveDatabases.size} database(s) …`);
    void Promise.all([...live].map((pid) => stopGroup({ pid }, 5000)))
      .then(() => Promise.all([...liveDatabases].map((db) => dropPgDatabase(db).catch(() => undefined))))
      .finally(() => process.exit(130));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
}

/** True while the process group has a member. */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `kill -9` of the whole group: no SIGTERM handler runs, in-flight requests die with it. */
export function killHard(p: { pid: number }): void {
  live.delete(p.pid);
  try {
    process.kill(-p.pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** SIGTERM to the group, then SIGKILL after `graceMs` if anything is left. */
export async function stopGroup(p: { pid: number }, graceMs = 10_000): Promise<void> {
  live.delete(p.pid);
  try {
    process.kill(-p.pid, "SIGTERM");
  } catch {
    return;
  }
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    if (!groupAlive(p.pid)) return;
    await sleep(100);
  }
  killHard(p);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `url` until it answers 200, or throws after `timeoutMs` naming the last answer and the log to read. */
export async function waitFor200(url: string, timeoutMs: number, logFile?: string, alive?: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < until) {
    if (alive && !alive()) break;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  const tail = logFile && existsSync(logFile) ? `\n--- ${logFile} (tail) ---\n${readFileSync(logFile, "utf8").split("\n").slice(-25).join("\n")}` : "";
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last})${tail}`);
}

/** The secret the instances share (so a session cookie from one is valid on the other): NEXTAUTH_SECRET from the environment or .env. */
export function sharedSecret(): string {
  const fromEnv = process.env.NEXTAUTH_SECRET;
  if (fromEnv && fromEnv.length >= 32) return fromEnv;
  const envFile = path.join(repoRoot, ".env");
  const m = existsSync(envFile) ? /^NEXTAUTH_SECRET=(.+)$/m.exec(readFileSync(envFile, "utf8")) : null;
  if (m?.[1] && m[1].trim().length >= 32) return m[1].trim();
  throw new Error("NEXTAUTH_SECRET is not set and .env has none: run `npm run setup` first");
}

/** Runs one of the repo's npm scripts to completion (output to `logFile`); throws on failure. */
export function runNpmScript(script: string, env: NodeJS.ProcessEnv, logFile: string): void {
  const out = openSync(logFile, "a");
  const r = spawnSync("npm", ["run", "-s", script], { cwd: repoRoot, env, stdio: ["ignore", out, out] });
  closeSync(out);
  if (r.status !== 0) throw new Error(`npm run ${script} failed (exit ${r.status}); see ${logFile}`);
}

/** Builds for production unless a build exists (`.next/BUILD_ID`). */
export function ensureBuild(log: Log, logFile: string): void {
  if (existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) return;
  log("no production build found: npm run build (a few minutes) …");
  runNpmScript("build", { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" }, logFile);
}

/** Creates an empty PostgreSQL database (the name must say what it is for) and returns its URL. */
export async function createPgDatabase(name: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(`PostgreSQL is not reachable at ${pgAdminUrl} (${error.message}); set PG_ADMIN_URL`);
  });
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    liveDatabases.add(name);
  } finally {
    await admin.end();
  }
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropPgDatabase(name: string): Promise<void> {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unsafe database name ${name}`);
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    liveDatabases.delete(name);
  } finally {
    await admin.end();
  }
}

/** `npm run db:migrate` and `npm run db:seed` against `databaseUrl`. */
export function migrateAndSeed(databaseUrl: string, logFile: string): void {
  const env = { ...process.env, DATABASE_URL: databaseUrl };
  runNpmScript("db:migrate", env, logFile);
  runNpmScript("db:seed", env, logFile);
}

export interface InstanceOptions {
  port: number;
  databaseUrl: string;
  /** The URL browsers use (nginx's, in the topology). */
  publicUrl: string;
  runDir: string;
  /** Number of reverse proxies in front (X-Forwarded-For entries the app may trust). */
  trustedProxies: number;
  redisUrl?: string;
  detach?: boolean;
  extraEnv?: NodeJS.ProcessEnv;
  /** NEXTAUTH_SECRET of the instance; default `sharedSecret()`. A benchmark passes its own so it needs no .env. */
  secret?: string;
}

/**
 * One app instance: `npm run start -- -p <port>` (so whatever `start` runs, `next start` or
 * a custom server, is what is tested), with PORT and HOSTNAME set as well.
 */
export function startInstance(name: string, o: InstanceOptions): Started {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...o.extraEnv,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: o.databaseUrl,
    NEXTAUTH_URL: o.publicUrl,
    NEXTAUTH_SECRET: o.secret ?? sharedSecret(),
    PORT: String(o.port),
    HOSTNAME: "127.0.0.1",
    TRUSTED_PROXIES: String(o.trustedProxies),
  };
  // Several instances count rate limits in Redis; a single one may count in memory (the
  // app refuses to start on PostgreSQL without saying which).
  if (o.redisUrl) {
    env.REDIS_URL = o.redisUrl;
    delete env.RATE_LIMIT_STORE;
  } else {
    delete env.REDIS_URL;
    env.RATE_LIMIT_STORE = "memory";
  }
  return spawnGroup(name, "npm", ["run", "start", "--", "-p", String(o.port)], { env, logFile: path.join(o.runDir, `${name}.log`), detach: o.detach ?? false });
}

/** The user and group nginx workers drop to when nginx starts as root. */
function workerUserIfRoot(): { user: string; group: string } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  const groups = existsSync("/etc/group") ? readFileSync("/etc/group", "utf8") : "";
  return { user: "nobody", group: /^nogroup:/m.test(groups) ? "nogroup" : "nobody" };
}

/** Writes the config under `runDir`, checks it with `nginx -t`, and starts nginx in the foreground of its own process group. */
export function startNginx(o: { runDir: string; listenPort: number; upstreamPorts: readonly number[]; detach?: boolean }): Started {
  if (!existsSync(NGINX_BIN)) throw new Error(`nginx is not installed at ${NGINX_BIN} (Debian: apt-get install -y nginx-light, or nginx; or set NGINX_BIN)`);
  const workerUser = workerUserIfRoot();
  for (const d of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(o.runDir, "tmp", d), { recursive: true });
  // Workers running as nobody must reach their temp directories.
  if (workerUser) chmodSync(o.runDir, 0o755);
  const conf = path.join(o.runDir, "nginx.conf");
  writeFileSync(conf, nginxConfig({ runDir: o.runDir, listenPort: o.listenPort, upstreamPorts: o.upstreamPorts, workerUser }));
  const args = ["-p", o.runDir, "-c", conf, "-e", path.join(o.runDir, "nginx-error.log")];
  const test = spawnSync(NGINX_BIN, [...args, "-t", "-q"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t refused ${conf}:\n${test.stderr}`);
  return spawnGroup("nginx", NGINX_BIN, [...args, "-g", "daemon off;"], { env: process.env, logFile: path.join(o.runDir, "nginx-stdout.log"), detach: o.detach ?? false });
}
