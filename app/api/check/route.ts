import { NextResponse } from "next/server";
import { z } from "zod";
import { getPracticeQuestion } from "@/lib/content/check-yourself.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { gradeAnswer, parseAnswer } from "@/lib/quiz";
import { clientKeyOf, createLimiter, tooManyRequests } from "@/lib/rate-limit.server";

/**
 * Grades one "check yourself" answer from a lesson. Open to anonymous readers (nothing is
 * stored), so it only grades questions a lesson shows as practice, and it is rate-limited
 * per client so it cannot be used to read keys in bulk. The explanation and the chosen wrong
 * option's misconception are returned only now, after the answer was sent.
 */
const limiter = createLimiter({ name: "check", points: 30, durationSeconds: 60 });

const bodySchema = z
  .object({
    quiz: z.string({ error: "quiz is required" }).min(1).max(80),
    question: z.string({ error: "question is required" }).min(1).max(80),
    answer: z.unknown().refine((v) => v !== undefined, "answer is required"),
  })
  .strict();

export async function POST(request: Request) {
  const limit = await limiter.consume(clientKeyOf(request));
  if (!limit.ok) return tooManyRequests("Too many checks.", limit.retryAfterSeconds);
  const body = await parseJsonBody(request, bodySchema);
  if (body.response) return body.response;
  const question = getPracticeQuestion(body.data.quiz, body.data.question);
  if (!question) return jsonError(404, `"${body.data.question}" is not a check-yourself question of "${body.data.quiz}".`);
  const parsed = parseAnswer(question, body.data.answer);
  if (!parsed.ok) return jsonError(400, parsed.message);
  const grade = gradeAnswer(question, parsed.answer);
  return NextResponse.json({ correct: grade.correct, explanation: question.explanation, misconceptions: grade.misconceptions });
}
