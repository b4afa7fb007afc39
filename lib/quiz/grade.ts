import { z } from "zod";
import type { Question, QuestionType } from "./bank-schema";
import {
  describePathAnswer,
  gradePathAnswer,
  instantiatePathQuestion,
  longestCommonSubsequence,
  pathAnswerProblem,
  pathKeyAsAnswer,
  type PathAnswer,
} from "./path-questions";

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
  ordering: z.object({ order: z.array(z.string().min(1).max(16)).max(12) }).strict(),
  matching: z.object({ pairs: z.record(z.string().min(1).max(16), z.string().min(1).max(16)) }).strict(),
  path: z
    .object({
      devices: z.array(z.string().min(1).max(120)).max(40, "At most 40 devices.").optional(),
      choice: z.string().min(1).max(32).optional(),
      text: z.string().max(100, "Answers are at most 100 characters.").optional(),
      value: z.number().finite().optional(),
      reason: z.string().min(1).max(40).optional(),
    })
    .strict(),
} satisfies Record<QuestionType, z.ZodType>;

export type Answer<T extends QuestionType = QuestionType> = z.infer<(typeof answerSchemas)[T]>;

export type ParsedAnswer = { ok: true; answer: Answer } | { ok: false; message: string };

/**
 * Validates a raw answer against its question: right shape, and option ids that exist.
 * Path questions need the attempt seed to know the generated diagram's devices; without
 * it only the shape is checked.
 */
export function parseAnswer(question: Question, raw: unknown, attemptSeed?: number): ParsedAnswer {
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
  if (question.type === "ordering") {
    const order = (parsed.data as Answer<"ordering">).order;
    const ids = new Set(question.items.map((i) => i.id));
    const unknown = order.find((c) => !ids.has(c));
    if (unknown !== undefined) return { ok: false, message: `Answer to "${question.id}" names an item that does not exist: "${unknown}"` };
    if (new Set(order).size !== order.length) return { ok: false, message: `Answer to "${question.id}" repeats an item.` };
    if (order.length !== 0 && order.length !== ids.size) return { ok: false, message: `Answer to "${question.id}" must order all ${ids.size} items.` };
  }
  if (question.type === "matching") {
    const pairs = (parsed.data as Answer<"matching">).pairs;
    const left = new Set(question.prompts.map((p) => p.id));
    const right = new Set(question.choices.map((c) => c.id));
    for (const [l, r] of Object.entries(pairs)) {
      if (!left.has(l)) return { ok: false, message: `Answer to "${question.id}" names a prompt that does not exist: "${l}"` };
      if (!right.has(r)) return { ok: false, message: `Answer to "${question.id}" names a choice that does not exist: "${r}"` };
    }
  }
  if (question.type === "path" && attemptSeed !== undefined) {
    const problem = pathAnswerProblem(instantiatePathQuestion(question, attemptSeed), parsed.data as PathAnswer);
    if (problem) return { ok: false, message: `Answer to "${question.id}" ${problem}.` };
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

/** Hyphen, non-breaking hyphen, figure dash, en and em dash, horizontal bar, minus sign, small and full-width hyphen-minus. */
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * Normalises a short-text answer: Unicode compatibility forms (NFKC), every dash or minus
 * sign to "-", no zero-width characters, whitespace collapsed and trimmed, no spaces
 * around a dash between digits ("30000 – 32767" is "30000-32767"), and lower case unless
 * case matters (Linux interface names and paths are case-sensitive: `flannel.1` is not `Flannel.1`).
 */
export function normaliseText(text: string, caseSensitive: boolean): string {
  const collapsed = text
    .normalize("NFKC")
    .replace(ZERO_WIDTH, "")
    .replace(DASHES, "-")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/(\d) ?- ?(\d)/g, "$1-$2");
  return caseSensitive ? collapsed : collapsed.toLowerCase();
}

/** Path questions are generated from the attempt seed; grading one without it is a bug. */
function requireSeed(question: Question, attemptSeed: number | undefined): number {
  if (attemptSeed === undefined) throw new Error(`path question "${question.id}" needs the attempt seed`);
  return attemptSeed;
}

/**
 * Grades one answer. `answer` null means unanswered: zero points, not an error.
 * The caller has validated the answer with `parseAnswer`. Path questions need the
 * attempt seed: their key is recomputed by the packet-walk engine from it.
 */
export function gradeAnswer(question: Question, answer: Answer | null, attemptSeed?: number): GradeResult {
  const zero: GradeResult = { points: 0, maxPoints: 1, correct: false, misconceptions: [] };
  if (answer === null) return zero;
  switch (question.type) {
    case "ordering": {
      const order = (answer as Answer<"ordering">).order;
      if (order.length !== question.answer.length) return zero;
      // Items in the right relative order (the longest run kept in sequence), scaled so a
      // reversed list scores 0 and the right one 1.
      const kept = longestCommonSubsequence(order, question.answer);
      const points = (kept - 1) / (question.answer.length - 1);
      return { ...zero, points, correct: kept === question.answer.length };
    }
    case "matching": {
      const pairs = (answer as Answer<"matching">).pairs;
      const prompts = question.prompts;
      const right = prompts.filter((p) => pairs[p.id] === question.answer[p.id]).length;
      const misconceptions = prompts.flatMap((p) => {
        const chosen = pairs[p.id];
        const m = chosen !== undefined && chosen !== question.answer[p.id] ? p.misconceptions?.[chosen] : undefined;
        return m ? [m] : [];
      });
      return { points: right / prompts.length, maxPoints: 1, correct: right === prompts.length, misconceptions };
    }
    case "path": {
      const result = gradePathAnswer(instantiatePathQuestion(question, requireSeed(question, attemptSeed)), answer as PathAnswer);
      return { ...zero, ...result };
    }
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
export function describeCorrectAnswer(question: Question, attemptSeed?: number): string {
  switch (question.type) {
    case "ordering":
      return question.answer.map((id) => question.items.find((i) => i.id === id)?.text ?? id).join(" → ");
    case "matching":
      return question.prompts.map((p) => `${p.text} → ${question.choices.find((c) => c.id === question.answer[p.id])?.text ?? "?"}`).join("; ");
    case "path": {
      const instance = instantiatePathQuestion(question, requireSeed(question, attemptSeed));
      return describePathAnswer(instance, pathKeyAsAnswer(instance));
    }
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
export function describeAnswer(question: Question, answer: Answer | null, attemptSeed?: number): string {
  if (answer === null) return "(no answer)";
  switch (question.type) {
    case "ordering": {
      const order = (answer as Answer<"ordering">).order;
      return order.length ? order.map((id) => question.items.find((i) => i.id === id)?.text ?? id).join(" → ") : "(no answer)";
    }
    case "matching": {
      const pairs = (answer as Answer<"matching">).pairs;
      return question.prompts.map((p) => `${p.text} → ${question.choices.find((c) => c.id === pairs[p.id])?.text ?? "(none)"}`).join("; ");
    }
    case "path":
      return describePathAnswer(instantiatePathQuestion(question, requireSeed(question, attemptSeed)), answer as PathAnswer);
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

/** The explanation shown after submission; a path question's names its generated cluster. */
export function explanationFor(question: Question, attemptSeed?: number): string {
  if (question.type !== "path") return question.explanation;
  return instantiatePathQuestion(question, requireSeed(question, attemptSeed)).explanation;
}
