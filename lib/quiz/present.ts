import type { Question } from "./bank-schema";
import { hashString, seededRandom, shuffled } from "./random";

/**
 * What the browser may see of a question before the attempt is submitted: no answer, no
 * explanation, no misconceptions, no fact key. Built field by field (an allow-list), so a
 * field added to the bank format later cannot leak by accident.
 */
export type PublicQuestion =
  | { id: string; type: "single" | "multiple"; topic: string; prompt: string; options: { id: string; text: string }[] }
  | { id: string; type: "truefalse"; topic: string; prompt: string }
  | { id: string; type: "numeric"; topic: string; prompt: string; unit: string | null }
  | { id: string; type: "text"; topic: string; prompt: string };

/** The public view of a question; options are shuffled by the attempt seed when asked. */
export function toPublicQuestion(question: Question, attemptSeed: number, shuffleOptions: boolean): PublicQuestion {
  const common = { id: question.id, topic: question.topic, prompt: question.prompt };
  switch (question.type) {
    case "single":
    case "multiple": {
      const options = question.options.map((o) => ({ id: o.id, text: o.text }));
      const ordered = shuffleOptions ? shuffled(options, seededRandom(attemptSeed ^ hashString(question.id))) : options;
      return { ...common, type: question.type, options: ordered };
    }
    case "truefalse":
      return { ...common, type: "truefalse" };
    case "numeric":
      return { ...common, type: "numeric", unit: question.answer.unit ?? null };
    case "text":
      return { ...common, type: "text" };
  }
}
