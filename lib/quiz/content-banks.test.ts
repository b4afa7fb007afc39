import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { quizBankSchema } from "./bank-schema";
import { gradeAnswer, parseAnswer } from "./grade";
import { instantiatePathQuestion, pathKeyAsAnswer, type PathQuestion } from "./path-questions";
import { toPublicQuestion } from "./present";

const dir = path.resolve(__dirname, "../../content/quizzes");
const banks = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => quizBankSchema.parse(parse(readFileSync(path.join(dir, f), "utf8"))));
const all = banks.flatMap((b) => b.questions);

describe("the course's question banks", () => {
  it("hold at least 120 questions, each with an https source, covering every type", () => {
    expect(all.length).toBeGreaterThanOrEqual(120);
    for (const q of all) expect(q.source.url.startsWith("https://"), q.id).toBe(true);
    const types = new Set(all.map((q) => q.type));
    for (const t of ["single", "multiple", "truefalse", "numeric", "text", "ordering", "matching", "path"]) expect(types, t).toContain(t);
  });

  it("every path question generates, presents without its key and grades its own key as right, for many seeds", () => {
    const paths = all.filter((q): q is PathQuestion => q.type === "path");
    expect(paths.length).toBeGreaterThanOrEqual(10);
    for (const q of paths) {
      for (let seed = 0; seed < 12; seed++) {
        const attemptSeed = seed * 104729 + 17;
        const instance = instantiatePathQuestion(q, attemptSeed);
        const key = pathKeyAsAnswer(instance);
        const parsed = parseAnswer(q, key, attemptSeed);
        expect(parsed.ok, `${q.id} seed ${attemptSeed}: ${parsed.ok ? "" : parsed.message}`).toBe(true);
        expect(gradeAnswer(q, key, attemptSeed), `${q.id} seed ${attemptSeed}`).toMatchObject({ points: 1, correct: true });
        expect(JSON.stringify(toPublicQuestion(q, attemptSeed, true))).not.toContain(q.explanation);
      }
    }
  });
});
