/**
 * `npm run bench:web` (issue 14): what the production build costs a learner's browser and
 * what one instance serves. Needs an existing production build (`npm run build`); builds
 * nothing. On a fresh database (SQLite under data/, or PostgreSQL with --pg), migrated and
 * seeded with the repo's own scripts, it starts `npm start` on 127.0.0.1:3620 and measures:
 *   1. first-load JS per page type (bench/first-load-js.ts) and the lesson HTML's size;
 *   2. Lighthouse (mobile preset, Debian Chromium), median of 5 runs per page type;
 *   3. throughput with autocannon (bench/web-load.ts, in a child process): a static chunk
 *      (the baseline every other figure is a ratio to), a prerendered lesson, /api/health,
 *      signed-in progress, answer saves, and submits of 10-question attempts.
 * Goals are printed beside the figures; nothing fails on a figure (benchmarks print). Any
 * non-2xx answer during a load run is printed loudly: it means the setup is wrong.
 *
 *   npm run bench:web [-- --pg] [--quick] [--json <file>] [--port 3620]
 *   SQLITE_SYNCHRONOUS=normal npm run bench:web   # the same with commits that wait only at checkpoints
 *
 * See docs/performance.md.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import type { LaunchedChrome } from "chrome-launcher";
import { createDb, type Db } from "../lib/db/client";
import type { Question } from "../lib/quiz";
import { groupAlive, repoRoot, sleep, stopEverythingOnSignal } from "../scripts/topology/processes";
import { startSingle, type Deployment } from "../scripts/topology/topology";
import { answerFor, loadBankFile } from "../tests/reliability/battery";
import { LearnerClient, signInWithPassword, type HttpResult } from "../tests/reliability/http-client";
import { firstLoadJs } from "./first-load-js";
import type { LoadRequest, LoadResult, LoadSpec } from "./web-load";

const { values } = parseArgs({
  options: {
    pg: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    json: { type: "string" },
    port: { type: "string", default: "3620" },
  },
});

const quick = values.quick;
const LIGHTHOUSE_RUNS = quick ? 1 : 5;
const LOAD_SECONDS = quick ? 3 : 8;
const CONNECTIONS = 50;
/** One learner per connection, so no two connections queue on one attempt's row lock. */
const LEARNERS = quick ? 20 : CONNECTIONS;
/** The 10-question practice quizzes: each learner opens one attempt at each, so there are LEARNERS × 5 attempts to submit. */
const TEN_QUESTION_QUIZZES = ["flannel-basics", "cni-spec", "network-policy", "three-networks", "vlan-basics"];
const SAVE_QUIZ = "flannel-basics";
const PASSWORD = "bench-web-learner-pass";
/** Bench-only: this server's sessions are worth nothing outside this run. */
const BENCH_SECRET = "bench-web-secret-bench-web-secret-bench-web";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const KB = 1024;

const log = (line: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

// --- what we start, so an error or Ctrl-C leaves nothing behind -------------------------
// stopEverythingOnSignal stops the server's process group and drops a PostgreSQL database;
// Chromium (chrome-launcher starts it detached) and the load child are ours to stop.
let chrome: LaunchedChrome | undefined;
let loadChild: ChildProcess | undefined;
let sqliteFile: string | undefined;
stopEverythingOnSignal(log);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    loadChild?.kill("SIGKILL");
    chrome?.kill();
  });
}
process.on("exit", () => {
  // On a signal the handler above exits without Deployment.stop(), which deletes the file.
  if (sqliteFile) for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${sqliteFile}${suffix}`, { force: true });
});

// --- learners ---------------------------------------------------------------------------

interface Learner {
  email: string;
  client: LearnerClient;
  /** Open attempt id by quiz id. */
  attempts: Map<string, string>;
}

function must(r: HttpResult, what: string, ok: (status: number) => boolean = (s) => s >= 200 && s < 300): HttpResult {
  if (!ok(r.status)) throw new Error(`${what}: HTTP ${r.status} ${r.body.slice(0, 300)}`);
  return r;
}

/**
 * Each simulated person is its own client in X-Forwarded-For (the server trusts one proxy),
 * from 198.18.0.0/15 (RFC 2544, benchmarking) with a random third octet per run: sign-up
 * and sign-in limits count per client, and on --pg in Redis, which outlives a run.
 */
const clientBlock = Math.floor(Math.random() * 256);
const clientAddress = (i: number) => {
  if (i >= 250) throw new Error("one address block holds 250 clients");
  return `198.18.${clientBlock}.${1 + i}`;
};

function newClient(url: string, i: number): LearnerClient {
  return new LearnerClient(url, "127.0.0.1", 60_000, { "x-forwarded-for": clientAddress(i) });
}

/** Sign-up through the same API the sign-up form calls, then next-auth's credentials sign-in, as the form does next. */
async function signUpLearner(url: string, i: number, runTag: string): Promise<Learner> {
  const email = `bench-web-${runTag}-${i}@example.test`;
  const client = newClient(url, i);
  must(await client.request("POST", "/api/signup", { json: { name: `Bench learner ${i}`, email, password: PASSWORD } }), `sign-up of ${email}`);
  must(await signInWithPassword(client, url, email, PASSWORD), `sign-in of ${email}`);
  if (!client.hasCookie("next-auth.session-token")) throw new Error(`sign-in of ${email} set no session cookie`);
  return { email, client, attempts: new Map() };
}

/** `work` for every item, `concurrency` at a time. */
async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!, i);
    }),
  );
  return out;
}

const banks = new Map(TEN_QUESTION_QUIZZES.map((id) => [id, loadBankFile(id)]));

/** Answers to every question of the attempt (path questions aside), right for about half the learners, so the submit grades real answers. */
async function answersOf(db: Db, attemptId: string, quizId: string, coin: boolean): Promise<Record<string, unknown>> {
  const attempt = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { questionIds: true } });
  const byId = new Map(banks.get(quizId)!.questions.map((q) => [q.id, q]));
  const answers: Record<string, unknown> = {};
  for (const id of JSON.parse(attempt.questionIds) as string[]) {
    const q = byId.get(id);
    const a = q ? answerFor(q, 0, true, coin) : null;
    if (a) answers[id] = a;
  }
  return answers;
}

/** Opens the learner's attempt at each 10-question quiz and saves a full set of answers; marks a few lessons done so progress has rows to read. */
async function prepareLearner(db: Db, l: Learner, i: number): Promise<void> {
  for (const slug of ["vxlan", "flannel", "flannel-vxlan"]) must(await l.client.request("PUT", `/api/progress/lessons/${slug}`, { json: { completed: true } }), `progress of ${slug}`);
  for (const quizId of TEN_QUESTION_QUIZZES) {
    const started = must(await l.client.request("POST", `/api/quizzes/${quizId}/attempts`, { json: {} }), `start of ${quizId}`);
    const { attemptId } = JSON.parse(started.body) as { attemptId: string };
    l.attempts.set(quizId, attemptId);
    const answers = await answersOf(db, attemptId, quizId, i % 2 === 0);
    must(await l.client.request("PUT", `/api/attempts/${attemptId}/answers`, { json: { answers } }), `save of ${quizId} answers`);
  }
}

/** The one answer the save load run writes, again and again: a single-choice question of the learner's flannel-basics attempt. */
function oneSingleChoiceAnswer(): { questionId: string; body: string } {
  const q = banks.get(SAVE_QUIZ)!.questions.find((x): x is Extract<Question, { type: "single" }> => x.type === "single");
  if (!q) throw new Error(`${SAVE_QUIZ} has no single-choice question`);
  return { questionId: q.id, body: JSON.stringify({ answers: { [q.id]: answerFor(q, 1, false, false) } }) };
}

// --- a server stopped from outside --------------------------------------------------------

/** When and during what the server had to be started again. */
interface Restart {
  during: string;
  at: string;
}
const restarts: Restart[] = [];

/**
 * Runs one measurement (one Lighthouse page, one load run); if the server is found gone
 * afterwards, starts it again (same port, database and secret, so sessions and attempts
 * survive), warms it and measures that unit again, at most twice. On a shared machine
 * something else can stop every `scripts/serve.ts` (seen while this bench was written);
 * without this one stray signal throws away minutes of Lighthouse runs. Every restart is
 * printed and recorded, so the figures say they were taken on a restarted server.
 */
async function surviving<T>(d: Deployment, during: string, warm: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    let result: T | undefined;
    let failure: unknown;
    try {
      result = await work();
    } catch (error) {
      failure = error;
    }
    const server = d.instances[0]!.proc;
    // A SIGTERM'd server drains first: give it a moment to be gone before judging.
    for (let i = 0; i < 20 && groupAlive(server.pid) && failure !== undefined; i++) await sleep(250);
    if (groupAlive(server.pid)) {
      if (failure !== undefined) throw failure;
      return result as T;
    }
    if (tries >= 2) throw new Error(`the server stopped during ${during} again; giving up (log: ${server.logFile})`);
    log(`!!!!! the server (process group ${server.pid}) stopped during ${during}; its log says why ("shutting down" + signal: sent from outside this run). Restarting it and measuring ${during} again.`);
    restarts.push({ during, at: new Date().toISOString() });
    await d.restart(0);
    await warm();
  }
}

// --- 1. first-load JS ---------------------------------------------------------------------

interface Page {
  name: string;
  path: string;
  cookie?: string;
}

interface FirstLoad {
  name: string;
  path: string;
  bytes: number;
  chunks: number;
  goalBytes?: number;
}

const FIRST_LOAD_GOALS: Record<string, number> = { home: 100 * KB, lesson: 110 * KB, "lesson with diagram": 140 * KB };

async function getPage(url: string, p: Page): Promise<string> {
  const res = await fetch(`${url}${p.path}`, { headers: p.cookie ? { cookie: p.cookie } : {}, redirect: "manual" });
  // A signed-in page that redirects (to /signin) would measure the wrong page.
  if (res.status !== 200) throw new Error(`${p.name} ${p.path}: HTTP ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`);
  return res.text();
}

async function measureFirstLoad(url: string, pages: Page[]): Promise<FirstLoad[]> {
  const out: FirstLoad[] = [];
  for (const p of pages) {
    const m = firstLoadJs(await getPage(url, p), path.join(repoRoot, ".next"));
    out.push({ name: p.name, path: p.path, bytes: m.bytes, chunks: m.chunks.length, goalBytes: FIRST_LOAD_GOALS[p.name] });
  }
  return out;
}

// --- 2. Lighthouse ------------------------------------------------------------------------

interface LighthouseFigures {
  performance: number;
  accessibility: number;
  bestPractices: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
}

interface LighthousePage extends LighthouseFigures {
  name: string;
  path: string;
  runs: LighthouseFigures[];
}

/**
 * One Lighthouse run. A run that ends in a runtime error such as NO_NAVSTART ("please run
 * Lighthouse again", seen on this 2-core machine under load) is run again, up to 3 times.
 */
async function lighthouseRun(url: string, cookie: string | undefined) {
  const { default: lighthouse } = await import("lighthouse");
  for (let attempt = 1; ; attempt++) {
    const result = await lighthouse(url, {
      port: chrome!.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices"],
      // Lighthouse's default reset plus cookies: Chromium replaces an extra Cookie header
      // with its own jar's cookies whenever it has any for the origin (the sign-in page
      // leaves a CSRF cookie there), so a signed-in page would be measured signed out.
      // An empty jar also makes every run a first visit.
      clearStorageTypes: ["file_systems", "shader_cache", "service_workers", "cache_storage", "cookies"],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    });
    const lhr = result?.lhr;
    if (!lhr) throw new Error(`Lighthouse returned nothing for ${url}`);
    if (!lhr.runtimeError) return lhr;
    const problem = `Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`;
    // An interstitial is Chromium's error page: the server did not answer, which running again will not fix (surviving() restarts it).
    if (attempt >= 3 || lhr.runtimeError.code === "CHROME_INTERSTITIAL_ERROR") throw new Error(problem);
    log(`  ${problem}; running it again`);
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function runLighthouse(d: Deployment, pages: Page[], warm: () => Promise<void>): Promise<LighthousePage[]> {
  const url = d.url;
  const { launch } = await import("chrome-launcher");
  // The network flags: without them Chromium keeps calling Google hosts this network refuses (docs/toolchain.md).
  chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    handleSIGINT: false,
    logLevel: "silent",
  });
  const out: LighthousePage[] = [];
  try {
    for (const p of pages) {
      const runs = await surviving(d, `Lighthouse on ${p.name}`, warm, async () => {
        const runs: LighthouseFigures[] = [];
        for (let k = 0; k < LIGHTHOUSE_RUNS; k++) {
          const lhr = await lighthouseRun(`${url}${p.path}`, p.cookie);
          // A lost cookie shows as a redirect to /signin, and the figures would be the sign-in page's.
          if (new URL(lhr.finalDisplayedUrl).pathname !== p.path.split("?")[0]) throw new Error(`Lighthouse on ${p.path} ended at ${lhr.finalDisplayedUrl}`);
          const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
          const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
          runs.push({
            performance: score("performance"),
            accessibility: score("accessibility"),
            bestPractices: score("best-practices"),
            lcpMs: audit("largest-contentful-paint"),
            tbtMs: audit("total-blocking-time"),
            cls: audit("cumulative-layout-shift"),
          });
          log(`  lighthouse ${p.name} run ${k + 1}/${LIGHTHOUSE_RUNS}: performance ${runs.at(-1)!.performance}`);
        }
        return runs;
      });
      // Each figure's own median: Lighthouse's variance differs per metric, and one run's outlier TBT should not pick the LCP.
      const pick = (key: keyof LighthouseFigures) => median(runs.map((r) => r[key]));
      out.push({ name: p.name, path: p.path, runs, performance: pick("performance"), accessibility: pick("accessibility"), bestPractices: pick("bestPractices"), lcpMs: pick("lcpMs"), tbtMs: pick("tbtMs"), cls: pick("cls") });
    }
  } finally {
    chrome.kill();
    chrome = undefined;
  }
  return out;
}

// --- 3. throughput ------------------------------------------------------------------------

interface LoadFigure extends LoadResult {
  name: string;
  what: string;
  /** req/s ÷ the static chunk's req/s in this run. */
  ratio: number;
  goalRatio?: number;
}

function runLoadInChild(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "web-load.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    loadChild = child;
    let answered = false;
    child.on("message", (m: { result?: LoadResult; error?: string }) => {
      answered = true;
      if (m.result) resolve(m.result);
      else reject(new Error(`load run failed: ${m.error}`));
    });
    child.on("exit", (code) => {
      loadChild = undefined;
      if (!answered) reject(new Error(`load child exited with ${code} before answering`));
    });
    child.send(spec);
  });
}

async function measureThroughput(
  d: Deployment,
  learners: Learner[],
  staticChunk: string,
  largeChunk: { path: string; bytes: number },
  warm: () => Promise<void>,
): Promise<LoadFigure[]> {
  const url = d.url;
  const save = oneSingleChoiceAnswer();
  const mutation = { origin: url, "content-type": "application/json" };
  const asLearner = (l: Learner) => ({ cookie: l.client.cookieHeader() });
  // Verified before the run, so a wrong shape shows as an error here rather than as 50 connections of 400s.
  const probe = learners[0]!;
  must(await probe.client.request("PUT", `/api/attempts/${probe.attempts.get(SAVE_QUIZ)}/answers`, { json: JSON.parse(save.body) as unknown }), "the answer the save run sends");

  const submits: LoadRequest[] = learners.flatMap((l) =>
    TEN_QUESTION_QUIZZES.map((quizId) => ({ method: "POST" as const, path: `/api/attempts/${l.attempts.get(quizId)}/submit`, headers: { ...asLearner(l), ...mutation }, body: "{}" })),
  );
  const runs: { name: string; what: string; goalRatio?: number; spec: Omit<LoadSpec, "url" | "connections"> }[] = [
    { name: "static chunk", what: `GET /_next/${staticChunk}`, spec: { durationSec: LOAD_SECONDS, requests: [{ method: "GET", path: `/_next/${staticChunk}` }] } },
    {
      name: "large static",
      what: `GET /_next/${largeChunk.path} (${(largeChunk.bytes / 1024).toFixed(0)} kB uncompressed, the largest chunk the home page loads)`,
      spec: { durationSec: LOAD_SECONDS, requests: [{ method: "GET", path: `/_next/${largeChunk.path}` }] },
    },
    { name: "lesson", what: "GET /lessons/vxlan (prerendered)", goalRatio: 0.8, spec: { durationSec: LOAD_SECONDS, requests: [{ method: "GET", path: "/lessons/vxlan" }] } },
    { name: "health", what: "GET /api/health", spec: { durationSec: LOAD_SECONDS, requests: [{ method: "GET", path: "/api/health" }] } },
    {
      name: "progress",
      what: `GET /api/progress/lessons, signed in (${learners.length} learners)`,
      goalRatio: 0.5,
      spec: { durationSec: LOAD_SECONDS, requests: learners.map((l) => ({ method: "GET", path: "/api/progress/lessons", headers: asLearner(l) })) },
    },
    {
      name: "answer save",
      what: `PUT /api/attempts/:id/answers, one answer (${learners.length} attempts)`,
      goalRatio: 0.5,
      spec: {
        durationSec: LOAD_SECONDS,
        requests: learners.map((l) => ({ method: "PUT", path: `/api/attempts/${l.attempts.get(SAVE_QUIZ)}/answers`, headers: { ...asLearner(l), ...mutation }, body: save.body })),
      },
    },
    // Last: a submitted attempt is gone for every run after it. Each request submits another open attempt.
    { name: "submit", what: `POST /api/attempts/:id/submit, 10 questions (${submits.length} attempts, once each)`, spec: { durationSec: LOAD_SECONDS, amount: submits.length, requests: submits } },
  ];
  const out: LoadFigure[] = [];
  let baseline = NaN;
  for (const r of runs) {
    log(`load: ${r.name} (${CONNECTIONS} connections${r.spec.amount ? `, ${r.spec.amount} requests` : `, ${r.spec.durationSec} s`}) …`);
    const result = await surviving(d, `the ${r.name} load run`, warm, () => runLoadInChild({ url, connections: CONNECTIONS, ...r.spec }));
    if (Number.isNaN(baseline)) baseline = result.reqPerSec;
    out.push({ name: r.name, what: r.what, goalRatio: r.goalRatio, ...result, ratio: result.reqPerSec / baseline });
    if (result.non2xx || result.errors || result.timeouts) {
      log(`!!!!! ${r.name}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCounts)}), ${result.errors} errors, ${result.timeouts} timeouts: the setup is wrong, this figure means nothing`);
    }
    await sleep(1000); // let the last run's sockets close before the next starts
  }
  return out;
}

// --- output -------------------------------------------------------------------------------

const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} kB`;
const mark = (ok: boolean) => (ok ? "ok  " : "MISS");

function printReport(r: Report): void {
  const lines: string[] = [];
  lines.push(`bench:web — ${r.database}, commit ${r.commit}, ${r.date}${r.quick ? " (--quick: 1 Lighthouse run, 3 s load runs)" : ""}`);
  // Server, Chromium and the load generator share these cores: anything else running skews every figure.
  lines.push(`  ${r.machine.cpus} cores; load average before the run ${r.machine.loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${r.machine.loadAfter.map((x) => x.toFixed(2)).join(" ")}`, "");
  lines.push("First-load JS (gzipped chunks the HTML references)   goal");
  for (const f of r.firstLoadJs) {
    const goal = f.goalBytes ? `≤ ${kb(f.goalBytes).padStart(8)}  ${mark(f.bytes <= f.goalBytes)}` : "";
    lines.push(`  ${f.name.padEnd(20)} ${kb(f.bytes).padStart(9)} in ${String(f.chunks).padStart(2)} chunks   ${goal}  ${f.path}`);
  }
  lines.push(`  lesson HTML /lessons/vxlan: ${kb(r.lessonHtml.rawBytes)} raw, ${kb(r.lessonHtml.gzipBytes)} gzipped`, "");

  lines.push(`Lighthouse, mobile preset, median of ${LIGHTHOUSE_RUNS} run(s)   goals: performance ≥ 95, LCP ≤ 1.8 s, TBT ≤ 100 ms, CLS ≤ 0.02`);
  lines.push(`  ${"page".padEnd(20)} ${"perf".padStart(5)} ${"a11y".padStart(5)} ${"b-p".padStart(5)} ${"LCP".padStart(8)} ${"TBT".padStart(8)} ${"CLS".padStart(7)}   goals`);
  for (const p of r.lighthouse) {
    const misses = [p.performance < 95 && "perf", p.lcpMs > 1800 && "LCP", p.tbtMs > 100 && "TBT", p.cls > 0.02 && "CLS"].filter(Boolean);
    lines.push(
      `  ${p.name.padEnd(20)} ${String(p.performance).padStart(5)} ${String(p.accessibility).padStart(5)} ${String(p.bestPractices).padStart(5)} ${`${(p.lcpMs / 1000).toFixed(2)} s`.padStart(8)} ${`${Math.round(p.tbtMs)} ms`.padStart(8)} ${p.cls.toFixed(3).padStart(7)}   ${misses.length ? `MISS ${misses.join(", ")}` : "ok"}`,
    );
  }
  lines.push("");

  lines.push(`Throughput, autocannon, ${CONNECTIONS} connections (ratio: ÷ the static chunk's req/s in this run)`);
  lines.push(`  ${"".padEnd(13)} ${"req/s".padStart(8)} ${"ratio".padStart(6)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"non-2xx".padStart(8)}   goal`);
  for (const t of r.throughput) {
    const goals: string[] = [];
    if (t.goalRatio !== undefined) goals.push(`≥ ${t.goalRatio}× ${mark(t.ratio >= t.goalRatio)}`);
    if (t.name === "answer save") goals.push(`p95 ≤ 50 ms ${mark(t.p95 <= 50)}`);
    const bad = t.non2xx || t.errors || t.timeouts ? `  !!! ${t.non2xx} non-2xx ${JSON.stringify(t.statusCounts)}, ${t.errors} errors, ${t.timeouts} timeouts` : "";
    lines.push(
      `  ${t.name.padEnd(13)} ${t.reqPerSec.toFixed(0).padStart(8)} ${`${t.ratio.toFixed(2)}×`.padStart(6)} ${`${t.p50.toFixed(0)} ms`.padStart(8)} ${`${t.p95.toFixed(0)} ms`.padStart(8)} ${`${t.p99.toFixed(0)} ms`.padStart(8)} ${String(t.non2xx).padStart(8)}   ${goals.join(", ")}${bad}`,
    );
  }
  for (const t of r.throughput) lines.push(`    ${t.name}: ${t.what}; ${t.requests} requests in ${t.durationSec.toFixed(1)} s`);
  const lesson = r.throughput.find((t) => t.name === "lesson");
  const large = r.throughput.find((t) => t.name === "large static");
  if (lesson && large) lines.push(`    lesson ÷ large static: ${(lesson.reqPerSec / large.reqPerSec).toFixed(2)}× (neither touches the database)`);
  if (r.restarts.length) {
    lines.push("", `!!! The server was stopped from outside ${r.restarts.length} time(s) and restarted; these were measured again on the restarted server:`);
    for (const x of r.restarts) lines.push(`    ${x.during} (${x.at})`);
  }
  console.log(lines.join("\n"));
}

interface Report {
  date: string;
  commit: string;
  database: string;
  quick: boolean;
  machine: { cpus: number; loadBefore: number[]; loadAfter: number[] };
  firstLoadJs: FirstLoad[];
  lessonHtml: { rawBytes: number; gzipBytes: number };
  lighthouse: LighthousePage[];
  throughput: LoadFigure[];
  restarts: Restart[];
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repoRoot, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}

async function main() {
  if (!existsSync(path.join(repoRoot, ".next", "BUILD_ID"))) {
    console.error("bench:web needs a production build and found none in .next: run `npm run build` first.");
    process.exit(1);
  }
  const loadBefore = loadavg();
  const port = Number(values.port);
  const stamp = process.pid;
  const runTag = `${stamp}${Date.now().toString(36)}`;
  const runDir = mkdtempSync(path.join(tmpdir(), "cni-bench-web-"));
  const database = values.pg ? { pgDatabase: `cni_bench_web_${stamp}` } : { sqliteFile: path.join(repoRoot, "data", `bench-web-${stamp}.db`) };
  if ("sqliteFile" in database) sqliteFile = database.sqliteFile;
  let d: Deployment | undefined;
  let db: Db | undefined;
  let failed = false;
  try {
    d = await startSingle({
      port,
      database,
      runDir,
      log,
      trustedProxies: 1,
      secret: BENCH_SECRET,
      ...(values.pg ? { redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" } : {}),
    });
    const url = d.url;
    db = createDb(d.databaseUrl, { poolSize: 2 });

    let setups = 0;
    const { learners, pages } = await surviving(d, "the set-up (sign-ups, attempts)", async () => undefined, async () => {
      // A fresh tag per try: a half-done set-up's accounts stay behind, unused.
      const tag = `${runTag}${setups++}`;
      log(`signing up ${LEARNERS} learners (POST /api/signup, then the credentials sign-in) and opening ${LEARNERS * TEN_QUESTION_QUIZZES.length} attempts …`);
      const learners = await inPool(Array.from({ length: LEARNERS }, (_, i) => i), 8, (i) => signUpLearner(url, i, tag).catch((e: Error) => Promise.reject(new Error(`learner ${i}: ${e.message}`))));
      await inPool(learners, 8, (l, i) => prepareLearner(db!, l, i));
      const instructor = newClient(url, LEARNERS);
      must(await signInWithPassword(instructor, url, "instructor@example.com", "demo-instructor-pass"), "sign-in of the demo instructor");
      const teach = await getPage(url, { name: "teach", path: "/teach", cookie: instructor.cookieHeader() });
      const cohortId = /\/teach\/cohorts\/([A-Za-z0-9_-]+)/.exec(teach)?.[1];
      if (!cohortId) throw new Error("the demo instructor has no cohort on /teach (did the seed run?)");

      // The page learner's attempt stays open until the submit run, which comes last.
      const pageLearner = learners[0]!;
      const learnerCookie = pageLearner.client.cookieHeader();
      const pages: Page[] = [
        { name: "home", path: "/" },
        { name: "lesson", path: "/lessons/vxlan" },
        { name: "lesson with diagram", path: "/lessons/flannel-vxlan" },
        { name: "sign-in", path: "/signin" },
        { name: "quiz attempt", path: `/quizzes/${SAVE_QUIZ}/attempts/${pageLearner.attempts.get(SAVE_QUIZ)}`, cookie: learnerCookie },
        { name: "my progress", path: "/me", cookie: learnerCookie },
        { name: "gradebook", path: `/teach/cohorts/${cohortId}/gradebook`, cookie: instructor.cookieHeader() },
      ];
      return { learners, pages };
    });
    // After a restart: the first requests of a fresh process compile and fill caches.
    const warm = async () => {
      for (const p of pages) await getPage(url, p);
    };

    log("first-load JS …");
    const { firstLoad, lessonHtml, staticChunk, largeChunk } = await surviving(d, "first-load JS", warm, async () => {
      const firstLoad = await measureFirstLoad(url, pages);
      const lessonHtml = Buffer.from(await getPage(url, pages[1]!));
      const homeHtml = await getPage(url, pages[0]!);
      const chunks = [...new Set(homeHtml.match(/static\/chunks\/[A-Za-z0-9_.~-]+\.js/g) ?? [])];
      // The first script the home page loads: a file every visitor fetches, served from disk.
      const staticChunk = chunks[0];
      if (!staticChunk) throw new Error("the home page references no /_next/static/chunks/*.js");
      // The largest chunk the home page loads: a file from disk about the lesson's size, to tell
      // what bytes per request cost from what the page route costs.
      const sized = await Promise.all(chunks.map(async (c) => ({ path: c, bytes: (await getPage(url, { name: c, path: `/_next/${c}` })).length })));
      const largeChunk = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
      return { firstLoad, lessonHtml, staticChunk, largeChunk };
    });

    log(`Lighthouse: ${pages.length} pages × ${LIGHTHOUSE_RUNS} run(s), one at a time …`);
    const lighthouse = await runLighthouse(d, pages, warm);

    const throughput = await measureThroughput(d, learners, staticChunk, largeChunk, warm);

    const report: Report = {
      date: new Date().toISOString(),
      commit: gitCommit(),
      database: values.pg ? "PostgreSQL (rate limits in Redis)" : `SQLite (synchronous ${(process.env.SQLITE_SYNCHRONOUS ?? "").trim().toLowerCase() || "full"})`,
      quick,
      machine: { cpus: cpus().length, loadBefore, loadAfter: loadavg() },
      firstLoadJs: firstLoad,
      lessonHtml: { rawBytes: lessonHtml.length, gzipBytes: gzipSync(lessonHtml).length },
      lighthouse,
      throughput,
      restarts,
    };
    printReport(report);
    if (values.json) {
      mkdirSync(path.dirname(values.json), { recursive: true });
      writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
      log(`figures written to ${values.json}`);
    }
  } catch (error) {
    failed = true;
    // A refused connection mid-run is nearly always the server gone, not slow: say which.
    const server = d?.instances[0]?.proc;
    if (server && !groupAlive(server.pid)) log(`!!!!! the server (process group ${server.pid}) is no longer running: its log (below) says whether it got a signal ("shutting down") or crashed`);
    throw error;
  } finally {
    chrome?.kill();
    await db?.$disconnect();
    await d?.stop();
    if (failed) log(`server log kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
