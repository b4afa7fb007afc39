import { db } from "@/lib/db.server";
import { overrideInputSchema, overrideResponse } from "@/lib/grading.server";
import { jsonError } from "@/lib/http.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string; attemptId: string }> };

/** Sets one response's points by hand, with a comment the learner sees (the cohort's instructors only). */
export async function PUT(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, overrideInputSchema);
  if (body.response) return body.response;
  const { assignmentId, attemptId } = await params;
  const attempt = await db.quizAttempt.findUnique({ where: { id: attemptId }, select: { assignmentId: true } });
  if (!attempt || attempt.assignmentId !== assignmentId) return jsonError(404, "No such attempt.");
  const result = await overrideResponse(db, auth.actor, attemptId, body.data);
  return respond(result, (r) => ({ score: r.score, maxScore: r.maxScore }));
}
