import { z } from "zod";
import type { Question, QuestionType } from "./bank-schema";

/**
 * Learner answers, one shape per question type. The same schemas validate answers in the
 * browser (instant hints) and on the server (the authority that grades).
 */
export const answerSchemas = {
  single: z.object({ choice: z.string().min(1).max(16) }).strict(),
  multiple: z.object({ choices: z.array(z.string().min(1).max(16)).max(26) }).strict(),
  truefalse: z.object({ value: z.boolean() }).strict(),
  numeric: z.object({ value: z.number().finite() }).strict(),
  text: z.object({ text: z.string().max(500, "Answers are at most 500 characters.") }).strict(),
} satisfies Record<QuestionType, z.ZodType>;

export type Answer<T extends QuestionType = QuestionType> = z.infer<(typeof answerSchemas)[T]>;

export type ParsedAnswer = { ok: true; answer: Answer } | { ok: false; message: string };

/** Validates a raw answer against its question: right shape, and option ids that exist. */
export function parseAnswer(question: Question, raw: unknown): ParsedAnswer {
  const parsed = answerSchemas[question.type].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `Answer to "${question.id}" is not a valid ${question.type} answer: ${issue?.message ?? "wrong shape"}` };
  }
  if (question.type === "single" || question.type === "multiple") {
    const ids = new Set(question.options.map((o) => o.id));
    const chosen = question.type === "single" ? [(parsed.data as Answer<"single">).choice] : (parsed.data as Answer<"multiple">).choices;
    const unknown = chosen.find((c) => !ids.has(c));
    if (unknown !== undefined) return { ok: false, message: `Answer to "${question.id}" names an option that does not exist: "${unknown}"` };
    if (new Set(chosen).size !== chosen.length) return { ok: false, message: `Answer to "${question.id}" repeats an option.` };
  }
  return { ok: true, answer: parsed.data };
}

/** The outcome of grading one answer. Points are fractions of `maxPoints` (partial credit). */
export interface GradeResult {
  points: number;
  maxPoints: number;
  correct: boolean;
  /** Misconceptions revealed by the wrong options the learner chose. */
  misconceptions: string[];
}

/** Lowercases (unless case matters), trims, and collapses inner whitespace, for short-text answers. */
export function normaliseText(text: string, caseSensitive: boolean): string {
  const collapsed = text.normalize("NFKC").trim().replace(/\s+/g, " ");
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}

/**
 * Grades one answer. `answer` null means unanswered: zero points, not an error.
 * The caller has validated the answer with `parseAnswer`.
 */
export function gradeAnswer(question: Question, answer: Answer | null): GradeResult {
  const zero: GradeResult = { points: 0, maxPoints: 1, correct: false, misconceptions: [] };
  if (answer === null) return zero;
  switch (question.type) {
    case "single": {
      const choice = (answer as Answer<"single">).choice;
      const correct = choice === question.answer;
      const chosen = question.options.find((o) => o.id === choice);
      return { ...zero, points: correct ? 1 : 0, correct, misconceptions: !correct && chosen?.misconception ? [chosen.misconception] : [] };
    }
    case "multiple": {
      const choices = new Set((answer as Answer<"multiple">).choices);
      const key = new Set(question.answer);
      const hits = [...choices].filter((c) => key.has(c)).length;
      const wrong = [...choices].filter((c) => !key.has(c));
      // Each right option earns 1/k, each wrong one costs 1/k, never below zero: ticking
      // every box cannot earn credit.
      const points = Math.max(0, (hits - wrong.length) / key.size);
      const misconceptions = question.options
        .filter((o) => wrong.includes(o.id) && o.misconception)
        .map((o) => o.misconception as string);
      return { points, maxPoints: 1, correct: hits === key.size && wrong.length === 0, misconceptions };
    }
    case "truefalse": {
      const correct = (answer as Answer<"truefalse">).value === question.answer;
      return { ...zero, points: correct ? 1 : 0, correct };
    }
    case "numeric": {
      const value = (answer as Answer<"numeric">).value;
      const correct = Math.abs(value - question.answer.value) <= question.answer.tolerance;
      return { ...zero, points: correct ? 1 : 0, correct };
    }
    case "text": {
      const given = normaliseText((answer as Answer<"text">).text, question.answer.caseSensitive);
      if (given === "") return zero;
      const correct = question.answer.accepted.some((a) => normaliseText(a, question.answer.caseSensitive) === given);
      return { ...zero, points: correct ? 1 : 0, correct };
    }
  }
}

/** The right answer in words, for the review page (only ever rendered after submission). */
export function describeCorrectAnswer(question: Question): string {
  switch (question.type) {
    case "single":
      return question.options.find((o) => o.id === question.answer)?.text ?? question.answer;
    case "multiple":
      return question.options.filter((o) => question.answer.includes(o.id)).map((o) => o.text).join("; ");
    case "truefalse":
      return question.answer ? "True" : "False";
    case "numeric": {
      const { value, tolerance, unit } = question.answer;
      return `${value}${tolerance ? ` (± ${tolerance})` : ""}${unit ? ` ${unit}` : ""}`;
    }
    case "text":
      return question.answer.accepted[0] ?? "";
  }
}

/** The learner's answer in words, for the review page. */
export function describeAnswer(question: Question, answer: Answer | null): string {
  if (answer === null) return "(no answer)";
  switch (question.type) {
    case "single":
      return question.options.find((o) => o.id === (answer as Answer<"single">).choice)?.text ?? "(unknown option)";
    case "multiple": {
      const choices = (answer as Answer<"multiple">).choices;
      return choices.length ? question.options.filter((o) => choices.includes(o.id)).map((o) => o.text).join("; ") : "(nothing selected)";
    }
    case "truefalse":
      return (answer as Answer<"truefalse">).value ? "True" : "False";
    case "numeric":
      return String((answer as Answer<"numeric">).value) + (question.answer.unit ? ` ${question.answer.unit}` : "");
    case "text":
      return (answer as Answer<"text">).text || "(no answer)";
  }
}
