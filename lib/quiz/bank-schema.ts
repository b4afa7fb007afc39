import { z } from "zod";
import { CNI_MODES, type CniMode } from "../packet-walk";
import { PATH_ASKS, pathAskProblem } from "./path-asks";
import { PATH_SITUATIONS } from "./path-scenario";
import { reviewOptionsFromFeedback, reviewOptionsSchema, type ReviewOptions } from "./review-options";

/**
 * The question bank file format (content/quizzes/*.yaml). Validated when the app builds
 * (scripts/validate-content.ts) and in a unit test, so a malformed bank names its file,
 * question id and field before it can reach a learner.
 */
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "use lowercase kebab-case, like vxlan-basics");
const source = z.object({ title: z.string().min(1), url: z.url().refine((u) => u.startsWith("https://"), "must be an https URL") });
const option = z.object({
  id: z.string().regex(/^[a-z0-9]+$/, "option ids are short lowercase tokens like a, b, c"),
  text: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)),
  /** The misunderstanding this wrong option reveals, shown as targeted feedback. */
  misconception: z.string().min(1).optional(),
});

const base = {
  id: slug,
  topic: slug,
  prompt: z.string().min(1),
  explanation: z.string().min(1),
  source,
  /** Heading slug in the lesson this question is about. */
  lessonAnchor: z.string().min(1).optional(),
  /** Key in content/facts.ts whose value this question's answer must equal (checked by a test). */
  fact: z.string().min(1).optional(),
};

const singleQuestion = z.object({ ...base, type: z.literal("single"), options: z.array(option).min(2), answer: z.string() });
const multipleQuestion = z.object({
  ...base,
  type: z.literal("multiple"),
  options: z.array(option).min(2),
  answer: z.array(z.string()).min(1),
});
const trueFalseQuestion = z.object({ ...base, type: z.literal("truefalse"), answer: z.boolean() });
const numericQuestion = z.object({
  ...base,
  type: z.literal("numeric"),
  answer: z.object({ value: z.number(), tolerance: z.number().min(0).default(0), unit: z.string().optional() }),
});
const textQuestion = z.object({
  ...base,
  type: z.literal("text"),
  answer: z.object({ accepted: z.array(z.string().min(1)).min(1), caseSensitive: z.boolean().default(false) }),
});

const item = z.object({
  id: z.string().regex(/^[a-z0-9]+$/, "item ids are short lowercase tokens like a, b, c"),
  text: z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1)),
});
/** Put the items in order; `answer` lists every item id in the right order. */
const orderingQuestion = z.object({ ...base, type: z.literal("ordering"), items: z.array(item).min(2).max(12), answer: z.array(z.string()).min(2) });
/**
 * Match each prompt to a choice (choices may outnumber prompts and be used more than once).
 * `misconceptions` on a prompt names what pairing it with a given wrong choice reveals.
 */
const matchingQuestion = z.object({
  ...base,
  type: z.literal("matching"),
  prompts: z.array(item.extend({ misconceptions: z.record(z.string(), z.string().min(1)).optional() })).min(2).max(10),
  choices: z.array(item).min(2).max(12),
  answer: z.record(z.string(), z.string()),
});
/**
 * A question generated and graded by the packet-walk engine. Each attempt's seed builds a
 * different but equivalent cluster in one of `modes`, stages `situation`, and asks `ask`.
 * The bank holds no answer: the key is computed from the walk (docs/decisions/008-path-questions-and-attempt-timing.md).
 */
const pathQuestion = z.object({
  ...base,
  type: z.literal("path"),
  ask: z.enum(PATH_ASKS),
  situation: z.enum(PATH_SITUATIONS).default("cross-node"),
  modes: z
    .array(z.string().refine((m): m is CniMode => (CNI_MODES as readonly string[]).includes(m), { message: `must be one of ${CNI_MODES.join(", ")}` }))
    .min(1),
});

export const questionSchema = z
  .discriminatedUnion("type", [
    singleQuestion,
    multipleQuestion,
    trueFalseQuestion,
    numericQuestion,
    textQuestion,
    orderingQuestion,
    matchingQuestion,
    pathQuestion,
  ])
  .superRefine((q, ctx) => {
    if (q.type === "ordering") {
      const ids = q.items.map((i) => i.id);
      if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["items"], message: "item ids must be unique" });
      const sorted = (xs: string[]) => [...xs].sort().join(",");
      if (sorted(q.answer) !== sorted(ids)) ctx.addIssue({ code: "custom", path: ["answer"], message: `must list every item id exactly once (${ids.join(", ")})` });
      return;
    }
    if (q.type === "matching") {
      const left = q.prompts.map((p) => p.id);
      const right = new Set(q.choices.map((c) => c.id));
      if (new Set(left).size !== left.length) ctx.addIssue({ code: "custom", path: ["prompts"], message: "prompt ids must be unique" });
      if (right.size !== q.choices.length) ctx.addIssue({ code: "custom", path: ["choices"], message: "choice ids must be unique" });
      for (const l of left) {
        const r = q.answer[l];
        if (r === undefined) ctx.addIssue({ code: "custom", path: ["answer", l], message: `prompt "${l}" has no matching choice` });
        else if (!right.has(r)) ctx.addIssue({ code: "custom", path: ["answer", l], message: `"${r}" is not one of the choice ids (${[...right].join(", ")})` });
      }
      for (const k of Object.keys(q.answer)) {
        if (!left.includes(k)) ctx.addIssue({ code: "custom", path: ["answer", k], message: `"${k}" is not one of the prompt ids` });
      }
      return;
    }
    if (q.type === "path") {
      const problem = pathAskProblem(q.ask, q.situation, q.modes as CniMode[]);
      if (problem) ctx.addIssue({ code: "custom", path: [problem.field], message: problem.message });
      return;
    }
    if (q.type !== "single" && q.type !== "multiple") return;
    const ids = q.options.map((o) => o.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
    const answers = q.type === "single" ? [q.answer] : q.answer;
    for (const a of answers) {
      if (!ids.includes(a)) ctx.addIssue({ code: "custom", path: ["answer"], message: `"${a}" is not one of the option ids (${ids.join(", ")})` });
    }
  });

export const quizBankSchema = z
  .object({
    id: slug,
    title: z.string().min(1),
    description: z.string().default(""),
    lesson: slug.optional(),
    topics: z.array(slug).min(1),
    passMark: z.number().min(0).max(1).default(0.7),
    /** Attempts a learner may start when the quiz is taken outside an assignment (null: unlimited). */
    attemptsAllowed: z.number().int().positive().nullable().default(null),
    timeLimitSeconds: z.number().int().positive().nullable().default(null),
    shuffleOptions: z.boolean().default(true),
    /** Show the questions in a seeded random order per attempt. */
    shuffleQuestions: z.boolean().default(false),
    /**
     * When a learner sees right answers and explanations: after each question is checked
     * (`immediately`), after submitting (`after-submit`), or only once the quiz closes.
     */
    feedback: z.enum(["immediately", "after-submit", "after-close"]).default("after-submit"),
    /**
     * Review options per part (score, answers, rightAnswers, explanations), overriding what
     * `feedback` implies; see lib/quiz/review-options.ts. Assignments set their own.
     */
    review: reviewOptionsSchema.partial().optional(),
    /** Which attempt counts: the best one or the last submitted one. */
    grading: z.enum(["highest", "last"]).default("highest"),
    /** After this instant no attempt may start and open attempts end (ISO 8601 with a zone). */
    closesAt: z.iso.datetime({ offset: true }).nullable().default(null),
    /** Random draw: `count` questions (from `topics`, or all) per attempt, avoiding repeats. */
    draw: z.object({ count: z.number().int().positive(), topics: z.array(slug).min(1).optional() }).nullable().default(null),
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((bank, ctx) => {
    if (bank.feedback === "after-close" && !bank.closesAt) ctx.addIssue({ code: "custom", path: ["feedback"], message: '"after-close" needs a closesAt date' });
    for (const [part, when] of Object.entries(bank.review ?? {})) {
      if ((when === "after-close" || when === "after-due") && !bank.closesAt) {
        ctx.addIssue({ code: "custom", path: ["review", part], message: `"${when}" needs a closesAt date (a bank has no due date of its own)` });
      }
    }
    if (bank.draw) {
      const topics = bank.draw.topics;
      const pool = bank.questions.filter((q) => !topics || topics.includes(q.topic)).length;
      if (pool < bank.draw.count) ctx.addIssue({ code: "custom", path: ["draw", "count"], message: `asks for ${bank.draw.count} questions but the pool has ${pool}` });
    }
    const seen = new Set<string>();
    bank.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });

/** A bank's own review options: its `review` over what its `feedback` implies. */
export function bankReviewOptions(bank: Pick<QuizBank, "feedback" | "review">): ReviewOptions {
  return { ...reviewOptionsFromFeedback(bank.feedback), ...bank.review };
}

export type Question = z.infer<typeof questionSchema>;
export type QuestionType = Question["type"];
export type QuizBank = z.infer<typeof quizBankSchema>;

/** A readable one-line-per-problem description of a bank validation error. */
export function describeBankError(file: string, raw: unknown, error: z.ZodError): string {
  const questions = (raw as { questions?: Array<{ id?: unknown }> } | null)?.questions;
  return error.issues
    .map((issue) => {
      const [first, index, ...rest] = issue.path;
      if (first === "questions" && typeof index === "number") {
        const id = questions?.[index]?.id;
        const where = `question ${typeof id === "string" ? `"${id}"` : `#${index + 1}`}`;
        return `${file}: ${where}, field "${rest.join(".") || "(question)"}": ${issue.message}`;
      }
      return `${file}: field "${issue.path.join(".") || "(file)"}": ${issue.message}`;
    })
    .join("\n");
}
