import { startAssignmentAttempt } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string }> };

/** Starts (or resumes) the caller's attempt at a quiz assignment: membership, window and attempts are checked. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const result = await startAssignmentAttempt(db, auth.actor.id, (await params).assignmentId);
  if (!result.ok) return respond(result, () => null);
  return respond(
    result,
    (r) => ({ attemptId: r.attemptId, resumed: r.resumed, url: `/quizzes/${r.quizId}/attempts/${r.attemptId}` }),
    result.resumed ? 200 : 201,
  );
}
