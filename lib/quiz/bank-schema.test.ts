import { describe, expect, it } from "vitest";
import { bankErrorFor } from "../../tests/fixtures/bank-errors";
import { parse } from "yaml";
import { sampleBankYaml } from "../../tests/fixtures/sample-bank";
import { quizBankSchema } from "./bank-schema";

const errorFor = (yamlText: string) => bankErrorFor(yamlText);

describe("quizBankSchema", () => {
  it("accepts the sample bank", () => {
    expect(quizBankSchema.parse(parse(sampleBankYaml)).questions).toHaveLength(5);
  });

  it("names the file, the question id and the field of a mistake", () => {
    const broken = sampleBankYaml.replace("answer: b", "answer: z");
    const message = errorFor(broken);
    expect(message).toContain("content/quizzes/broken.yaml");
    expect(message).toContain('question "s-single"');
    expect(message).toContain('field "answer"');
  });

  it("refuses a missing source URL, duplicate ids and an unknown type", () => {
    expect(errorFor(sampleBankYaml.replace('url: "https://www.rfc-editor.org/rfc/rfc7348" }\n  - id: s-multiple', 'url: "http://x" }\n  - id: s-multiple'))).toContain(
      'field "source.url"',
    );
    expect(errorFor(sampleBankYaml.replace("id: s-tf", "id: s-single"))).toContain('duplicate question id "s-single"');
    expect(errorFor(sampleBankYaml.replace("type: truefalse", "type: essay"))).toContain('question "s-tf"');
  });
});
