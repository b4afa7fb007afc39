import { z } from "zod";

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

export const questionSchema = z
  .discriminatedUnion("type", [singleQuestion, multipleQuestion, trueFalseQuestion, numericQuestion, textQuestion])
  .superRefine((q, ctx) => {
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
    questions: z.array(questionSchema).min(1),
  })
  .superRefine((bank, ctx) => {
    const seen = new Set<string>();
    bank.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `duplicate question id "${q.id}"` });
      seen.add(q.id);
    });
  });

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
