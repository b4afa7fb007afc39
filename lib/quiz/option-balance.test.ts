import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quizBankSchema } from "./bank-schema";
import { balanceOf, keyIsUniqueLongest, share, type BalanceCount } from "./option-balance";

/**
 * Option balance (issue 11, point 4): a learner who always picks the longest option must not
 * score well. Measured over the course's banks only (content/quizzes); the e2e fixture banks
 * are test data and are not read here.
 *
 * Limits: across the course, the key may be the unique longest option in at most 35% of the
 * single-choice questions with 3 or more options; within one bank, in at most half of them.
 * The per-bank limit applies to banks with 2 or more such questions. A bank with a single one
 * is exempt from it (one question makes the share 0% or 100%, which says nothing about a
 * pattern) but still counts towards the course-wide share.
 */
const COURSE_LIMIT = 0.35;
const BANK_LIMIT = 0.5;
const MIN_FOR_BANK_LIMIT = 2;

const dir = path.resolve(__dirname, "../../content/quizzes");
const banks = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .map((f) => quizBankSchema.parse(parse(readFileSync(path.join(dir, f), "utf8"))));

const pct = (c: BalanceCount) => `${c.keyLongest}/${c.eligible} (${(share(c) * 100).toFixed(1)}%)`;
const perBank = banks.map((b) => ({ id: b.id, count: balanceOf(b) }));
const course: BalanceCount = perBank.reduce(
  (acc, { count }) => ({ eligible: acc.eligible + count.eligible, keyLongest: acc.keyLongest + count.keyLongest, ids: [...acc.ids, ...count.ids] }),
  { eligible: 0, keyLongest: 0, ids: [] } as BalanceCount,
);
const report = [
  `course: key is the unique longest option in ${pct(course)} of single-choice questions with 3+ options (limit ${COURSE_LIMIT * 100}%)`,
  ...perBank.filter((b) => b.count.eligible > 0).map((b) => `  ${b.id}: ${pct(b.count)}${b.count.ids.length ? ` [${b.count.ids.join(", ")}]` : ""}`),
].join("\n");

describe("keyIsUniqueLongest", () => {
  it("counts only a key strictly longer than every other option", () => {
    const opts = (...texts: string[]) => texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text }));
    expect(keyIsUniqueLongest(opts("longest one", "short", "mid"), "a")).toBe(true);
    expect(keyIsUniqueLongest(opts("same", "same", "x"), "a")).toBe(false);
    expect(keyIsUniqueLongest(opts("short", "the longest", "mid"), "a")).toBe(false);
    expect(keyIsUniqueLongest(opts("a", "b"), "z")).toBe(false);
  });

  it("counts single-choice questions with 3+ options only", () => {
    const count = balanceOf({
      questions: quizBankSchema.parse({
        id: "t",
        title: "t",
        description: "t",
        lesson: "t",
        topics: ["t"],
        questions: [
          { id: "q1", type: "single", topic: "t", prompt: "p", explanation: "e", source: { title: "s", url: "https://example.org" }, answer: "a", options: [{ id: "a", text: "the long one" }, { id: "b", text: "b" }, { id: "c", text: "c" }] },
          { id: "q2", type: "single", topic: "t", prompt: "p", explanation: "e", source: { title: "s", url: "https://example.org" }, answer: "a", options: [{ id: "a", text: "the long one" }, { id: "b", text: "b" }] },
          { id: "q3", type: "multiple", topic: "t", prompt: "p", explanation: "e", source: { title: "s", url: "https://example.org" }, answer: ["a"], options: [{ id: "a", text: "the long one" }, { id: "b", text: "b" }, { id: "c", text: "c" }] },
        ],
      }).questions,
    });
    expect(count).toEqual({ eligible: 1, keyLongest: 1, ids: ["q1"] });
  });
});

describe("the course's question banks (option balance)", () => {
  it("has enough single-choice questions with 3+ options to measure", () => {
    expect(course.eligible, report).toBeGreaterThanOrEqual(20);
  });

  it(`do not make the key the unique longest option in more than ${COURSE_LIMIT * 100}% of questions`, () => {
    expect(share(course) <= COURSE_LIMIT, report).toBe(true);
  });

  it(`do not make the key the unique longest option in more than half of any bank's questions`, () => {
    const over = perBank.filter((b) => b.count.eligible >= MIN_FOR_BANK_LIMIT && share(b.count) > BANK_LIMIT);
    expect(over.map((b) => `${b.id}: ${pct(b.count)}`), report).toEqual([]);
  });

  it("give every wrong option of those questions a misconception", () => {
    const missing = banks.flatMap((b) =>
      b.questions.flatMap((q) =>
        q.type === "single" && q.options.length >= 3 ? q.options.filter((o) => o.id !== q.answer && !o.misconception).map((o) => `${b.id}/${q.id}/${o.id}`) : [],
      ),
    );
    expect(missing).toEqual([]);
  });
});
