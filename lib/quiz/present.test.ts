import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { sampleBankYaml } from "../../tests/fixtures/sample-bank";
import { quizBankSchema } from "./bank-schema";
import { toPublicQuestion } from "./present";

const bank = quizBankSchema.parse(parse(sampleBankYaml));

describe("toPublicQuestion", () => {
  it("never carries the answer, explanation, misconceptions, source or fact", () => {
    for (const question of bank.questions) {
      const json = JSON.stringify(toPublicQuestion(question, 42, true));
      expect(json).not.toMatch(/answer|explanation|misconception|SENTINEL|source|fact/i);
    }
  });

  it("shuffles options deterministically per attempt seed, keeping every option", () => {
    const question = bank.questions.find((x) => x.id === "s-multiple");
    if (!question) throw new Error("fixture");
    const a = toPublicQuestion(question, 1, true);
    const b = toPublicQuestion(question, 1, true);
    expect(a).toEqual(b);
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) => {
        const p = toPublicQuestion(question, seed, true);
        return "options" in p ? p.options.map((o) => o.id).join("") : "";
      }),
    );
    expect(orders.size).toBeGreaterThan(1);
    for (const order of orders) expect([...order].sort().join("")).toBe("abcd");
    const unshuffled = toPublicQuestion(question, 7, false);
    expect("options" in unshuffled && unshuffled.options.map((o) => o.id).join("")).toBe("abcd");
  });
});
