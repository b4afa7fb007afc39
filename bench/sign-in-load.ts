/**
 * `npm run bench:sign-in`: what a flood of wrong passwords costs everyone else. Starts the
 * production server (`npm start`, after `npm run build`) on a fresh SQLite database, then
 * measures /api/health latency three ways in the same run:
 *   idle: nothing else going on (the baseline);
 *   spray: 16 concurrent wrong sign-ins, each for a different account from a different
 *          address (what the limits cannot refuse: every one is a first attempt);
 *   flood: 16 concurrent wrong sign-ins for one account from one address (the limits
 *          refuse all but the free attempts, without running bcrypt).
 * Prints p50/p95 per phase and their ratio to idle. Traffic goes to 127.0.0.1 only,
 * bounded in count. Flags: --rounds N (health probes per phase, default 40).
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const roundsFlag = process.argv.indexOf("--rounds");
const rounds = roundsFlag > 0 ? Number(process.argv[roundsFlag + 1]) : 40;
const port = 3190;
const base = `http://127.0.0.1:${port}`;

async function waitHealthy() {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // starting
    }
    if (Date.now() > until) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 300));
  }
}

const statuses = new Map<number, number>();
async function signInWrong(email: string, client: string): Promise<number> {
  const headers = { "x-forwarded-for": client, origin: base };
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "wrong-password", csrfToken, json: "true" }).toString(),
  });
  await res.text();
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  return res.status;
}

async function probeHealth(count: number, busy: () => Promise<unknown>): Promise<number[]> {
  let stop = false;
  const load = (async () => {
    while (!stop) await busy();
  })();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await (await fetch(`${base}/api/health`)).text();
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 50)); // spread the probes over a few seconds of load
  }
  stop = true;
  await load;
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "cni-bench-signin-"));
  const env = { ...process.env, DATABASE_URL: `file:${dir}/bench.db`, NEXTAUTH_URL: base, NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-bench", TRUSTED_PROXIES: "1", NODE_ENV: "production" as const };
  execFileSync("npm", ["run", "-s", "db:migrate"], { env, stdio: "ignore" });
  const server = spawn("node", ["--import", "tsx", "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"], { env, stdio: "ignore", detached: true });
  try {
    await waitHealthy();
    let n = 0;
    const phases: [string, () => Promise<unknown>][] = [
      ["idle", () => new Promise((r) => setTimeout(r, 5))],
      ["spray: 16 accounts x 16 addresses", () => Promise.all(Array.from({ length: 16 }, () => { n += 1; return signInWrong(`spray-${n}@example.test`, `198.18.${(n >> 8) & 255}.${n & 255}`); }))],
      ["flood: 1 account x 1 address", () => Promise.all(Array.from({ length: 16 }, () => signInWrong("flood@example.test", "198.19.0.1")))],
    ];
    const results: { name: string; p50: number; p95: number }[] = [];
    for (const [name, busy] of phases) {
      statuses.clear();
      const times = await probeHealth(rounds, busy);
      const answered = [...statuses].sort((a, b) => a[0] - b[0]).map(([status, count]) => `${count}x${status}`).join(" ");
      results.push({ name: `${name} (${answered || "no sign-ins"})`, p50: pct(times, 50), p95: pct(times, 95) });
    }
    const idle = results[0]!;
    console.log(`/api/health latency while sign-ins run (${rounds} probes per phase)`);
    for (const r of results) console.log(`  ${r.name.padEnd(56)} p50 ${r.p50.toFixed(1).padStart(7)} ms (x${(r.p50 / idle.p50).toFixed(1)})  p95 ${r.p95.toFixed(1).padStart(7)} ms (x${(r.p95 / idle.p95).toFixed(1)})`);
  } finally {
    if (server.pid) process.kill(-server.pid, "SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
