/**
 * Counts the SQL statements (and their summed database time) behind one answer save and one
 * submit of a 10-question attempt, the way the attempt routes make them: the session check
 * (getSessionUser) plus everything app/api/attempts/[attemptId]/{answers,submit} hand to
 * lib/attempts.server.ts. Issue 14 / docs/decisions/018-fast-requests.md. Counts, not
 * timings, are the figure: they do not move with the machine's load.
 *
 *   node --conditions react-server --import tsx bench/attempt-queries.ts [--pg]
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { getSessionUser } from "../lib/accounts.server";
import { saveAnswers, startAttempt, submitAttempt } from "../lib/attempts.server";
import { parseBank } from "../lib/content/quiz-banks.server";
import { createDb } from "../lib/db/client";
import { migrateDatabase } from "../scripts/db/migrator";
import { answerFor } from "../tests/reliability/battery";

const { values } = parseArgs({ options: { pg: { type: "boolean", default: false } } });
const pgAdminUrl = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!values.pg) {
    const dir = mkdtempSync(path.join(tmpdir(), "cni-attempt-queries-"));
    return { url: `file:${path.join(dir, "q.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `cni_attempt_queries_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: pgAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(pgAdminUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = new pg.Client({ connectionString: pgAdminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

async function main() {
  const target = await freshDatabase();
  await migrateDatabase(target.url);
  // Any slowQueryMs turns on Prisma's query events; Infinity keeps its slow-query log line quiet, and the listener below sees every statement.
  const db = createDb(target.url, { slowQueryMs: Number.POSITIVE_INFINITY });
  const seen: { query: string; duration: number }[] = [];
  (db as unknown as { $on(e: "query", cb: (ev: { duration: number; query: string }) => void): void }).$on("query", (ev) => seen.push(ev));
  try {
    const file = "content/quizzes/flannel-basics.yaml";
    const bank = parseBank(file, readFileSync(path.join(__dirname, "..", file), "utf8"));
    const user = await db.user.create({ data: { email: `q-${Date.now()}@example.test`, role: "learner" } });
    const session = await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) } });
    const started = await startAttempt(db, { userId: user.id, bank });
    if (!started.ok) throw new Error(started.error);
    const attempt = started.attempt;
    const ids = JSON.parse(attempt.questionIds) as string[];
    const byId = new Map(bank.questions.map((q) => [q.id, q]));
    const answers: Record<string, unknown> = {};
    for (const id of ids) {
      const a = answerFor(byId.get(id)!, 0, true, true);
      if (a) answers[id] = a;
    }
    const one = Object.keys(answers)[0]!;

    const measure = async (what: string, work: () => Promise<unknown>) => {
      seen.length = 0;
      const user = await getSessionUser(db, session.id);
      if (!user) throw new Error("no session");
      const result = (await work()) as { ok?: boolean };
      if (result.ok === false) throw new Error(`${what}: ${JSON.stringify(result)}`);
      const ms = seen.reduce((s, q) => s + q.duration, 0);
      console.log(`${what}: ${seen.length} statements (${ms.toFixed(1)} ms in the database)`);
      for (const q of seen) console.log(`    ${String(q.duration).slice(0, 6).padStart(6)} ms  ${q.query.replace(/\s+/g, " ").slice(0, 140)}`);
    };
    await saveAnswers(db, { attemptId: attempt.id, userId: user.id, bank, answers }); // all answers stored, as in the bench
    // The first call of each query shape compiles its plan: measure the second.
    await routeSave(db, attempt.id, user.id, bank, { [one]: answers[one] });
    await measure(`save of one answer (${values.pg ? "PostgreSQL" : "SQLite"})`, () => routeSave(db, attempt.id, user.id, bank, { [one]: answers[one] }));
    await measure(`submit of ${ids.length} questions, ${Object.keys(answers).length} saved (${values.pg ? "PostgreSQL" : "SQLite"})`, () => routeSubmit(db, attempt.id, user.id, bank));
  } finally {
    await db.$disconnect();
    await target.drop();
  }
}

type Db = ReturnType<typeof createDb>;
type Bank = ReturnType<typeof parseBank>;

/** The routes look the bank up by the quiz id the locking statement returns (getBank); here the one bank this script loaded. */
const bankOf = (bank: Bank) => (quizId: string) => (quizId === bank.id ? bank : null);

/** What app/api/attempts/[attemptId]/answers does after the session check. */
function routeSave(db: Db, attemptId: string, userId: string, bank: Bank, answers: Record<string, unknown>) {
  return saveAnswers(db, { attemptId, userId, bank: bankOf(bank), answers });
}

/** What app/api/attempts/[attemptId]/submit does after the session check. */
function routeSubmit(db: Db, attemptId: string, userId: string, bank: Bank) {
  return submitAttempt(db, { attemptId, userId, bank: bankOf(bank), answers: {} });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
