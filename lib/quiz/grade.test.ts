import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sampleBankYaml } from "../../tests/fixtures/sample-bank";
import { quizBankSchema, type Question } from "./bank-schema";
import { describeAnswer, describeCorrectAnswer, gradeAnswer, normaliseText, parseAnswer } from "./grade";

const bank = quizBankSchema.parse(parse(sampleBankYaml));
const q = (id: string): Question => {
  const found = bank.questions.find((x) => x.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe("gradeAnswer", () => {
  it("single choice: right option scores 1, wrong option scores 0 and names its misconception", () => {
    expect(gradeAnswer(q("s-single"), { choice: "b" })).toMatchObject({ points: 1, correct: true, misconceptions: [] });
    const wrong = gradeAnswer(q("s-single"), { choice: "a" });
    expect(wrong.points).toBe(0);
    expect(wrong.correct).toBe(false);
    expect(wrong.misconceptions[0]).toContain("IANA port");
  });

  it("multiple choice gives partial credit and takes credit away for wrong ticks", () => {
    expect(gradeAnswer(q("s-multiple"), { choices: ["a", "b", "d"] })).toMatchObject({ points: 1, correct: true });
    expect(gradeAnswer(q("s-multiple"), { choices: ["a", "b"] }).points).toBeCloseTo(2 / 3);
    const withWrong = gradeAnswer(q("s-multiple"), { choices: ["a", "b", "c"] });
    expect(withWrong.points).toBeCloseTo(1 / 3);
    expect(withWrong.misconceptions).toEqual(["VXLAN rides on UDP, not TCP"]);
    // Ticking everything must not earn full credit.
    expect(gradeAnswer(q("s-multiple"), { choices: ["a", "b", "c", "d"] }).correct).toBe(false);
    expect(gradeAnswer(q("s-multiple"), { choices: ["c"] }).points).toBe(0);
    expect(gradeAnswer(q("s-multiple"), { choices: [] }).points).toBe(0);
  });

  it("true/false, numeric with tolerance, and short text with normalisation", () => {
    expect(gradeAnswer(q("s-tf"), { value: false }).correct).toBe(true);
    expect(gradeAnswer(q("s-tf"), { value: true }).correct).toBe(false);
    expect(gradeAnswer(q("s-numeric"), { value: 50 }).correct).toBe(true);
    expect(gradeAnswer(q("s-numeric"), { value: 50.5 }).correct).toBe(false);
    const tolerant: Question = { ...(q("s-numeric") as Extract<Question, { type: "numeric" }>), answer: { value: 1450, tolerance: 2 } };
    expect(gradeAnswer(tolerant, { value: 1448 }).correct).toBe(true);
    expect(gradeAnswer(tolerant, { value: 1447 }).correct).toBe(false);
    expect(gradeAnswer(q("s-text"), { text: "  FLANNEL.1  " }).correct).toBe(true);
    expect(gradeAnswer(q("s-text"), { text: "flannel0" }).correct).toBe(false);
    expect(gradeAnswer(q("s-text"), { text: "   " }).points).toBe(0);
  });

  it("an unanswered question scores zero without failing", () => {
    for (const question of bank.questions) expect(gradeAnswer(question, null)).toMatchObject({ points: 0, correct: false });
  });
});

describe("parseAnswer", () => {
  it("refuses the wrong shape, unknown options, repeats and over-long text with a message", () => {
    expect(parseAnswer(q("s-single"), { choice: "z" })).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-single"), { choices: ["a"] })).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-single"), "b")).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-multiple"), { choices: ["a", "a"] })).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-numeric"), { value: "50" })).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-numeric"), { value: Number.POSITIVE_INFINITY })).toMatchObject({ ok: false });
    expect(parseAnswer(q("s-tf"), { value: "false" })).toMatchObject({ ok: false });
    const long = parseAnswer(q("s-text"), { text: "x".repeat(501) });
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.message).toContain("500");
    expect(parseAnswer(q("s-single"), { choice: "b" })).toEqual({ ok: true, answer: { choice: "b" } });
  });
});

describe("describing answers for the review page", () => {
  it("shows option texts, not ids", () => {
    expect(describeCorrectAnswer(q("s-single"))).toBe("8472");
    expect(describeCorrectAnswer(q("s-multiple"))).toBe("Outer Ethernet; Outer UDP; Outer IP");
    expect(describeCorrectAnswer(q("s-numeric"))).toBe("50 bytes");
    expect(describeAnswer(q("s-single"), { choice: "a" })).toBe("4789");
    expect(describeAnswer(q("s-tf"), null)).toBe("(no answer)");
  });
});

describe("normaliseText", () => {
  it("collapses whitespace and case unless case matters", () => {
    expect(normaliseText("  Flannel.1\t dev ", false)).toBe("flannel.1 dev");
    expect(normaliseText("Flannel.1", true)).toBe("Flannel.1");
  });
});
