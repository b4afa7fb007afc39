/**
 * The reliability battery (docs/reliability.md): simulated learners sign in over HTTP,
 * start a practice attempt, autosave answers (several saves per question, one request at
 * a time per learner, as the quiz form does) and submit, with bounded concurrency, while
 * one instance of the deployment is killed with -9 mid-run. Clients retry what failed at
 * the transport level or got a 5xx, relying on the app's idempotency (a start returns the
 * open attempt, a save of the same value writes the same row, a submit returns the first
 * result). Afterwards the database is read directly and the battery counts what the
 * client was told against what is stored:
 *
 * - lost: an acknowledged save whose value is not the stored answer (unless a later save of
 *   that question has an unknown outcome and holds the stored value); an acknowledged
 *   submit that is not stored as submitted, or with another score; a stored grade or score
 *   that differs from grading the stored answers;
 * - duplicated: more than one attempt per learner (each starts once, retries included),
 *   more than one open attempt, more than one response row per question;
 * - 5xx: from the app (any), and from nginx (502/504 while an instance is down: the kill
 *   window, counted apart; outside it, failures).
 *
 * Used by `npm run bench:reliability` (bench/reliability.ts: full size, figures) and by the
 * count-only check in `npm test` (tests/reliability/crash-check.ts: small, asserts zeros).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import bcrypt from "bcryptjs";
import { parse as parseYaml } from "yaml";
import type { Db } from "../../lib/db/client";
import { gradeAnswer, quizBankSchema, type Answer, type Question, type QuizBank } from "../../lib/quiz";
import { classify, learnerAddress, LearnerClient, type HttpResult, type Outcome } from "./http-client";

export interface CrashRecord {
  killedAt: number;
  /** When the deployment was whole again (the killed instance restarted and healthy). */
  healthyAt: number;
  detail: string;
}

export interface BatteryTarget {
  label: string;
  /** What clients talk to. */
  url: string;
  /** A client on the deployment's database, for setup and the final audit. */
  db: Db;
  /** `kill -9` one instance, restart it, resolve once it answers /api/health. */
  crash(): Promise<CrashRecord>;
}

export interface BatteryOptions {
  learners: number;
  /** Saves in total, spread evenly over the learners. */
  answers: number;
  /** Learners in flight at once (each has one request in flight). */
  concurrency: number;
  quizId: string;
  /** Bound on each phase (sign-in, answering); past it no new work starts. */
  maxSeconds: number;
  /** Kill when this fraction of the planned saves is acknowledged; null: no kill. */
  killAtFraction: number | null;
  requestTimeoutMs?: number;
  log?: (line: string) => void;
}

interface SaveRecord {
  questionId: string;
  value: string;
  outcome: "ack" | "refused" | "unknown";
  status: number;
}

interface Learner {
  index: number;
  email: string;
  userId: string;
  client: LearnerClient;
  signedIn: boolean;
  attemptId: string | null;
  saves: SaveRecord[];
  submit: { outcome: "ack" | "refused" | "unknown" | "skipped"; score?: number; maxScore?: number };
}

export interface ProxyError {
  at: number;
  status: number;
  method: string;
  /** The route, ids replaced by ":id". */
  route: string;
}

export interface BatteryReport {
  label: string;
  learners: number;
  signedIn: number;
  started: number;
  submitted: number;
  plannedSaves: number;
  savesAcked: number;
  savesRefused: number;
  savesUnknown: number;
  requests: number;
  retries: number;
  transportErrors: number;
  rateLimited: number;
  /** 4xx the flow never expects (401, 403, 409, …): the battery is not testing what it means to. */
  unexpected4xx: { status: number; path: string; body: string }[];
  app5xx: { status: number; path: string; body: string }[];
  proxy5xxInKillWindow: ProxyError[];
  proxy5xxOutsideKillWindow: ProxyError[];
  lost: { saves: number; submits: number; grades: number; examples: string[] };
  duplicated: { attempts: number; openAttempts: number; responses: number };
  crash: CrashRecord | null;
  /** The answering phase (after sign-in): start, saves, submit. */
  answerPhaseMs: number;
  answersPerSecond: number;
  saveLatencyMs: { p50: number; p95: number; p99: number; max: number };
  incomplete: number;
}

/** Failures the goal (0 lost / 0 duplicated / 0 5xx from the app) forbids, as readable lines. */
export function failuresOf(r: BatteryReport): string[] {
  const out: string[] = [];
  const lost = r.lost.saves + r.lost.submits + r.lost.grades;
  if (lost) out.push(`lost: ${r.lost.saves} saves, ${r.lost.submits} submits, ${r.lost.grades} grades (${r.lost.examples.slice(0, 3).join("; ")})`);
  const dup = r.duplicated.attempts + r.duplicated.openAttempts + r.duplicated.responses;
  if (dup) out.push(`duplicated: ${r.duplicated.attempts} attempts, ${r.duplicated.openAttempts} open attempts, ${r.duplicated.responses} response rows`);
  if (r.app5xx.length) out.push(`5xx from the app: ${r.app5xx.length} (${r.app5xx.slice(0, 3).map((e) => `${e.status} ${e.path}: ${e.body.slice(0, 120)}`).join("; ")})`);
  if (r.proxy5xxOutsideKillWindow.length) out.push(`5xx from nginx outside the kill window: ${r.proxy5xxOutsideKillWindow.length}`);
  if (r.unexpected4xx.length) out.push(`unexpected 4xx: ${r.unexpected4xx.length} (${r.unexpected4xx.slice(0, 3).map((e) => `${e.status} ${e.path}: ${e.body.slice(0, 120)}`).join("; ")})`);
  if (r.savesUnknown) out.push(`saves whose outcome stayed unknown after retries: ${r.savesUnknown}`);
  if (r.incomplete) out.push(`learners not finished within the time bound: ${r.incomplete}`);
  return out;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A practice bank read straight from content/quizzes (the battery grades stored answers with the same core). */
export function loadBankFile(quizId: string): QuizBank {
  const file = path.resolve(__dirname, "..", "..", "content", "quizzes", `${quizId}.yaml`);
  return quizBankSchema.parse(parseYaml(readFileSync(file, "utf8")));
}

/** Key-sorted JSON, so two answers compare equal whatever order their keys were written in. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The k-th answer a learner saves to a question: a valid answer that differs from the
 * previous one (so a lost save shows), and on the last save the right answer for about
 * half the learners (so scores differ and a misgrade shows). Path questions are skipped.
 */
export function answerFor(q: Question, k: number, last: boolean, coin: boolean): Answer | null {
  const right = last && coin;
  switch (q.type) {
    case "numeric":
      return { value: right ? q.answer.value : 1000 + k };
    case "text":
      return { text: right ? (q.answer.accepted[0] ?? "") : `answer ${k}` };
    case "single":
      return { choice: right ? q.answer : q.options[k % q.options.length]!.id };
    case "truefalse":
      return { value: right ? q.answer : k % 2 === 0 };
    case "multiple":
      return { choices: right ? [...q.answer] : [q.options[k % q.options.length]!.id] };
    case "ordering": {
      const ids = q.items.map((i) => i.id);
      const shift = k % ids.length;
      return { order: right ? [...q.answer] : [...ids.slice(shift), ...ids.slice(0, shift)] };
    }
    case "matching":
      return { pairs: Object.fromEntries(q.prompts.map((p, i) => [p.id, right ? q.answer[p.id]! : q.choices[(i + k) % q.choices.length]!.id])) };
    case "path":
      return null;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export async function runBattery(target: BatteryTarget, o: BatteryOptions): Promise<BatteryReport> {
  const log = o.log ?? (() => undefined);
  const bank = loadBankFile(o.quizId);
  const byId = new Map(bank.questions.map((q) => [q.id, q]));
  const timeoutMs = o.requestTimeoutMs ?? 120_000;
  const runTag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  // A fresh block of loopback addresses per run, so one run's per-client counters (Redis) do not meet the next's.
  const block = 2 + Math.floor(Math.random() * 248);

  // Learners are created directly (bcrypt cost 4: the battery measures answers, not password hashing), then sign in over HTTP.
  const password = `battery-${runTag}`;
  const passwordHash = await bcrypt.hash(password, 4);
  const emails = Array.from({ length: o.learners }, (_, i) => `battery-${runTag}-${i}@example.test`);
  const now = new Date();
  for (let i = 0; i < emails.length; i += 200) {
    await target.db.user.createMany({ data: emails.slice(i, i + 200).map((email) => ({ email, passwordHash, name: "Battery learner", emailVerified: now })) });
  }
  const idByEmail = new Map((await target.db.user.findMany({ where: { email: { in: emails } }, select: { id: true, email: true } })).map((u) => [u.email, u.id]));
  const learners: Learner[] = emails.map((email, index) => ({
    index,
    email,
    userId: idByEmail.get(email)!,
    client: new LearnerClient(target.url, learnerAddress(block, index), timeoutMs),
    signedIn: false,
    attemptId: null,
    saves: [],
    submit: { outcome: "skipped" },
  }));

  const stats = {
    requests: 0,
    retries: 0,
    transportErrors: 0,
    rateLimited: 0,
    unexpected4xx: [] as BatteryReport["unexpected4xx"],
    app5xx: [] as BatteryReport["app5xx"],
    proxy5xx: [] as ProxyError[],
  };

  /**
   * One logical request, retried (with backoff, within 60 s) while it fails at the
   * transport level, gets a 5xx or is rate-limited. Returns the final outcome and the
   * time from the first try.
   */
  async function call(l: Learner, method: string, urlPath: string, body?: { json: unknown } | { form: Record<string, string> }): Promise<{ outcome: Outcome; ms: number }> {
    const t0 = performance.now();
    const until = Date.now() + 60_000;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) stats.retries++;
      stats.requests++;
      let outcome: Outcome;
      try {
        outcome = classify(await l.client.request(method, urlPath, body));
      } catch (error) {
        outcome = { kind: "transport", error: (error as Error).message };
      }
      const at = Date.now();
      let retry = false;
      let wait = Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random());
      if (outcome.kind === "transport") {
        stats.transportErrors++;
        retry = true;
      } else if (outcome.kind === "proxy5xx") {
        stats.proxy5xx.push({ at, status: outcome.result.status, method, route: urlPath.replace(/\/attempts\/[^/]+\//, "/attempts/:id/") });
        retry = true;
      } else if (outcome.kind === "app5xx") {
        stats.app5xx.push({ status: outcome.result.status, path: urlPath, body: outcome.result.body.slice(0, 300) });
        retry = true;
      } else if (outcome.kind === "refused" && outcome.result.status === 429) {
        stats.rateLimited++;
        retry = true;
        wait = Math.min(10_000, 1000 * Number(outcome.result.headers["retry-after"] ?? 1));
      } else if (outcome.kind === "refused") {
        stats.unexpected4xx.push({ status: outcome.result.status, path: urlPath, body: outcome.result.body.slice(0, 300) });
      }
      if (!retry || Date.now() + wait > until) return { outcome, ms: performance.now() - t0 };
      await sleep(wait);
    }
  }

  const json = (r: HttpResult): Record<string, unknown> => {
    try {
      return JSON.parse(r.body) as Record<string, unknown>;
    } catch {
      return {};
    }
  };

  async function signIn(l: Learner): Promise<void> {
    const csrf = await call(l, "GET", "/api/auth/csrf");
    if (csrf.outcome.kind !== "ok") return;
    const csrfToken = String(json(csrf.outcome.result).csrfToken ?? "");
    const form = { csrfToken, email: l.email, password, json: "true", callbackUrl: `${target.url}/` };
    const r = await call(l, "POST", "/api/auth/callback/credentials", { form });
    l.signedIn = r.outcome.kind === "ok" && l.client.hasCookie("next-auth.session-token");
    if (r.outcome.kind === "ok" && !l.signedIn) stats.unexpected4xx.push({ status: r.outcome.result.status, path: "sign-in answered without a session cookie", body: r.outcome.result.body.slice(0, 300) });
  }

  /** Runs `work` for every learner, `o.concurrency` at a time, starting none after `untilMs`. Returns how many did not start. */
  async function pool(items: Learner[], untilMs: number, work: (l: Learner) => Promise<void>): Promise<number> {
    let next = 0;
    let skipped = 0;
    await Promise.all(
      Array.from({ length: Math.min(o.concurrency, items.length) }, async () => {
        for (;;) {
          const l = items[next++];
          if (!l) return;
          if (Date.now() > untilMs) {
            skipped++;
            continue;
          }
          await work(l);
        }
      }),
    );
    return skipped;
  }

  log(`${target.label}: ${o.learners} learners sign in (${o.concurrency} at a time) …`);
  await pool(learners, Date.now() + o.maxSeconds * 1000, signIn);
  const signedIn = learners.filter((l) => l.signedIn);

  // The answering phase.
  const plannedSaves = o.answers;
  const savesPer = (i: number) => Math.floor(plannedSaves / o.learners) + (i < plannedSaves % o.learners ? 1 : 0);
  const saveMs: number[] = [];
  let acked = 0;
  let crash: Promise<CrashRecord> | null = null;
  let incomplete = 0;
  const phaseStart = performance.now();
  const until = Date.now() + o.maxSeconds * 1000;
  let lastProgress = Date.now();

  async function takeQuiz(l: Learner): Promise<void> {
    const start = await call(l, "POST", `/api/quizzes/${o.quizId}/attempts`, { json: {} });
    if (start.outcome.kind !== "ok") return;
    l.attemptId = String(json(start.outcome.result).attemptId ?? "");
    const attempt = await target.db.quizAttempt.findUnique({ where: { id: l.attemptId }, select: { questionIds: true } });
    if (!attempt) {
      stats.unexpected4xx.push({ status: 0, path: "start: attempt id not in the database", body: l.attemptId });
      return;
    }
    const eligible = (JSON.parse(attempt.questionIds) as string[]).map((id) => byId.get(id)).filter((q): q is Question => q !== undefined && q.type !== "path");
    const n = savesPer(l.index);
    // About three saves per question, on as many questions as that allows.
    const chosen = Array.from({ length: Math.max(1, Math.min(eligible.length, Math.ceil(n / 3))) }, (_, k) => eligible[(l.index + k) % eligible.length]!);
    const perQuestion = new Map<string, number>();
    const totalFor = (qid: string) => Math.floor(n / chosen.length) + (chosen.findIndex((q) => q.id === qid) < n % chosen.length ? 1 : 0);
    const coin = l.index % 2 === 0;
    for (let s = 0; s < n; s++) {
      if (Date.now() > until) {
        incomplete++;
        return;
      }
      const q = chosen[s % chosen.length]!;
      const k = perQuestion.get(q.id) ?? 0;
      perQuestion.set(q.id, k + 1);
      const answer = answerFor(q, k, k === totalFor(q.id) - 1, coin);
      const r = await call(l, "PUT", `/api/attempts/${l.attemptId}/answers`, { json: { answers: { [q.id]: answer } } });
      const status = "result" in r.outcome ? r.outcome.result.status : 0;
      const outcome = r.outcome.kind === "ok" ? "ack" : r.outcome.kind === "refused" ? "refused" : "unknown";
      l.saves.push({ questionId: q.id, value: stableJson(answer), outcome, status });
      if (outcome === "ack") {
        saveMs.push(r.ms);
        acked++;
        if (o.killAtFraction !== null && !crash && acked >= o.killAtFraction * plannedSaves) {
          log(`${target.label}: ${acked} saves acknowledged: kill -9 one instance`);
          crash = target.crash();
        }
        if (Date.now() - lastProgress > 10_000) {
          lastProgress = Date.now();
          log(`${target.label}: ${acked}/${plannedSaves} saves acknowledged, ${(acked / ((performance.now() - phaseStart) / 1000)).toFixed(0)}/s`);
        }
      }
      if (outcome === "refused") break;
    }
    const submit = await call(l, "POST", `/api/attempts/${l.attemptId}/submit`, { json: { answers: {} } });
    if (submit.outcome.kind === "ok") {
      const body = json(submit.outcome.result);
      l.submit = { outcome: "ack", score: Number(body.score), maxScore: Number(body.maxScore) };
    } else {
      l.submit = { outcome: submit.outcome.kind === "refused" ? "refused" : "unknown" };
    }
  }

  log(`${target.label}: ${signedIn.length} learners answer ${plannedSaves} times in all …`);
  incomplete += await pool(signedIn, until, takeQuiz);
  const answerPhaseMs = performance.now() - phaseStart;
  const crashRecord = crash ? await (crash as Promise<CrashRecord>) : null;
  for (const l of learners) l.client.close();

  const report = await audit();
  return report;

  async function audit(): Promise<BatteryReport> {
    const ids = learners.map((l) => l.userId);
    const attempts = await target.db.quizAttempt.findMany({ where: { userId: { in: ids } }, include: { responses: true } });
    const byUser = new Map<string, typeof attempts>();
    for (const a of attempts) byUser.set(a.userId, [...(byUser.get(a.userId) ?? []), a]);
    const lost = { saves: 0, submits: 0, grades: 0, examples: [] as string[] };
    const duplicated = { attempts: 0, openAttempts: 0, responses: 0 };
    for (const l of learners) {
      const mine = byUser.get(l.userId) ?? [];
      if (mine.length > 1) duplicated.attempts += mine.length - 1;
      const open = mine.filter((a) => a.status === "in_progress").length;
      if (open > 1) duplicated.openAttempts += open - 1;
      const attempt = mine.find((a) => a.id === l.attemptId);
      if (!attempt) continue;
      const rowsPerQuestion = new Map<string, number>();
      for (const r of attempt.responses) rowsPerQuestion.set(r.questionId, (rowsPerQuestion.get(r.questionId) ?? 0) + 1);
      for (const c of rowsPerQuestion.values()) if (c > 1) duplicated.responses += c - 1;
      // Saves, per question in the order they were made.
      const questions = new Set(l.saves.map((s) => s.questionId));
      for (const qid of questions) {
        const records = l.saves.filter((s) => s.questionId === qid);
        const lastAck = records.map((r) => r.outcome).lastIndexOf("ack");
        if (lastAck < 0) continue;
        const allowed = new Set([records[lastAck]!.value, ...records.slice(lastAck + 1).filter((r) => r.outcome === "unknown").map((r) => r.value)]);
        const row = attempt.responses.find((r) => r.questionId === qid);
        const stored = row ? stableJson(JSON.parse(row.answer)) : "(no row)";
        if (!allowed.has(stored)) {
          lost.saves++;
          if (lost.examples.length < 10) lost.examples.push(`${l.email} ${qid}: acknowledged ${records[lastAck]!.value}, stored ${stored}`);
        }
      }
      if (l.submit.outcome === "ack") {
        if (attempt.status !== "submitted" || Math.abs((attempt.score ?? NaN) - (l.submit.score ?? NaN)) > 1e-9) {
          lost.submits++;
          if (lost.examples.length < 10) lost.examples.push(`${l.email}: submit acknowledged with score ${l.submit.score}, stored ${attempt.status} ${attempt.score}`);
        }
      }
      if (attempt.status === "submitted") {
        let sum = 0;
        let bad = false;
        for (const qid of JSON.parse(attempt.questionIds) as string[]) {
          const q = byId.get(qid);
          if (!q) continue;
          const row = attempt.responses.find((r) => r.questionId === qid);
          const g = gradeAnswer(q, row ? (JSON.parse(row.answer) as Answer | null) : null, attempt.seed);
          if (row && Math.abs((row.points ?? NaN) - g.points) > 1e-9) bad = true;
          sum += g.points;
        }
        if (bad || Math.abs((attempt.score ?? NaN) - sum) > 1e-9) {
          lost.grades++;
          if (lost.examples.length < 10) lost.examples.push(`${l.email}: stored score ${attempt.score}, grading the stored answers gives ${sum}`);
        }
      }
    }
    const windowEnd = crashRecord ? crashRecord.healthyAt + 5000 : -1;
    const inWindow = (e: ProxyError) => crashRecord !== null && e.at >= crashRecord.killedAt - 100 && e.at <= windowEnd;
    const saves = learners.flatMap((l) => l.saves);
    const sortedMs = [...saveMs].sort((a, b) => a - b);
    return {
      label: target.label,
      learners: o.learners,
      signedIn: signedIn.length,
      started: learners.filter((l) => l.attemptId).length,
      submitted: learners.filter((l) => l.submit.outcome === "ack").length,
      plannedSaves,
      savesAcked: saves.filter((s) => s.outcome === "ack").length,
      savesRefused: saves.filter((s) => s.outcome === "refused").length,
      savesUnknown: saves.filter((s) => s.outcome === "unknown").length,
      requests: stats.requests,
      retries: stats.retries,
      transportErrors: stats.transportErrors,
      rateLimited: stats.rateLimited,
      unexpected4xx: stats.unexpected4xx,
      app5xx: stats.app5xx,
      proxy5xxInKillWindow: stats.proxy5xx.filter(inWindow),
      proxy5xxOutsideKillWindow: stats.proxy5xx.filter((e) => !inWindow(e)),
      lost,
      duplicated,
      crash: crashRecord,
      answerPhaseMs,
      answersPerSecond: acked / (answerPhaseMs / 1000),
      saveLatencyMs: { p50: percentile(sortedMs, 50), p95: percentile(sortedMs, 95), p99: percentile(sortedMs, 99), max: sortedMs.at(-1) ?? 0 },
      incomplete,
    };
  }
}
