import "server-only";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { describeBankError, quizBankSchema, type Question, type QuizBank } from "../quiz/bank-schema";
import { env } from "../env.server";
import { quizzesDir } from "./paths.server";

/**
 * Question banks hold the answer keys, so they are read only here, on the server.
 * Pages hand the browser `toPublicQuestion` views, never a bank.
 */
export interface LoadedBank extends QuizBank {
  /** Hash of the file, stored on each attempt so a later edit of the bank is detectable. */
  version: string;
  file: string;
}

/** Parses and validates one bank file's text; throws a message naming file, question and field. */
export function parseBank(file: string, text: string): LoadedBank {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  const parsed = quizBankSchema.safeParse(raw);
  if (!parsed.success) throw new Error(describeBankError(file, raw, parsed.error));
  const expectedId = path.basename(file).replace(/\.ya?ml$/, "");
  if (parsed.data.id !== expectedId) throw new Error(`${file}: field "id": must equal the file name ("${expectedId}")`);
  return { ...parsed.data, version: createHash("sha256").update(text).digest("hex").slice(0, 16), file };
}

let cache: Map<string, LoadedBank> | null = null;

/**
 * The folders banks are read from: the course's, plus the test banks' folder when the
 * server was started with the test-only TEST_QUIZ_BANKS_DIR (the e2e and DB suites set it).
 * Test banks are therefore not content: a production server never lists, serves, assigns
 * or counts them (docs/decisions/014-assessment-integrity.md).
 */
function bankFolders(): { dir: string; label: string }[] {
  const folders = [{ dir: quizzesDir, label: "content/quizzes" }];
  if (env.TEST_QUIZ_BANKS_DIR) folders.push({ dir: path.resolve(env.TEST_QUIZ_BANKS_DIR), label: env.TEST_QUIZ_BANKS_DIR });
  return folders;
}

/** All banks by id. Cached for the life of the process; re-read on every call in development (edits show at once). */
export function loadBanks(): Map<string, LoadedBank> {
  if (cache && process.env.NODE_ENV !== "development") return cache;
  const banks = new Map<string, LoadedBank>();
  const questionOwners = new Map<string, string>();
  const files = bankFolders().flatMap(({ dir, label }) =>
    readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((name) => ({ file: `${label}/${name}`, full: path.join(dir, name) })),
  );
  for (const { file, full } of files) {
    const bank = parseBank(file, readFileSync(full, "utf8"));
    for (const q of bank.questions) {
      const owner = questionOwners.get(q.id);
      if (owner) throw new Error(`${file}: question "${q.id}" reuses an id already used in ${owner}`);
      questionOwners.set(q.id, file);
    }
    banks.set(bank.id, bank);
  }
  cache = banks;
  return banks;
}

/** The id of the practice quiz built from a learner's wrong answers ("review what I missed"). */
export const REVIEW_QUIZ_ID = "review-missed";

let reviewCache: { from: Map<string, LoadedBank>; bank: LoadedBank } | null = null;

/**
 * The practice bank behind "review what I missed": every question of every bank (ids are
 * unique across banks), unlimited untimed attempts, feedback after submit. Each attempt
 * stores the question ids it drew, so it only ever shows the learner's missed questions.
 */
function reviewBank(banks: Map<string, LoadedBank>): LoadedBank {
  if (reviewCache?.from === banks) return reviewCache.bank;
  const all = [...banks.values()];
  const bank: LoadedBank = {
    id: REVIEW_QUIZ_ID,
    title: "Review what I missed",
    description: "Practice the questions you got wrong, in a fresh variant where the question is generated.",
    topics: [...new Set(all.flatMap((b) => b.topics))],
    passMark: 0.7,
    attemptsAllowed: null,
    timeLimitSeconds: null,
    shuffleOptions: true,
    shuffleQuestions: true,
    feedback: "after-submit",
    grading: "last",
    closesAt: null,
    draw: null,
    questions: all.flatMap((b) => b.questions),
    version: createHash("sha256").update(all.map((b) => b.version).join(",")).digest("hex").slice(0, 16),
    file: "(all banks)",
  };
  reviewCache = { from: banks, bank };
  return bank;
}

export function getBank(quizId: string): LoadedBank | null {
  const banks = loadBanks();
  if (quizId === REVIEW_QUIZ_ID) return reviewBank(banks);
  return banks.get(quizId) ?? null;
}

/** Which bank a question belongs to (for its lesson link and topic). */
export function bankOfQuestion(questionId: string): LoadedBank | null {
  for (const bank of loadBanks().values()) if (bank.questions.some((q) => q.id === questionId)) return bank;
  return null;
}

export function findQuestion(bank: QuizBank, questionId: string): Question | null {
  return bank.questions.find((q) => q.id === questionId) ?? null;
}
