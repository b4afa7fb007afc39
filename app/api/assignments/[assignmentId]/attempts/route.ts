import { assignmentKind, startAssignmentAttempt, startLabAssignmentAttempt } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string }> };

/**
 * Starts (or resumes) the caller's attempt at a quiz or lab assignment: membership, window
 * and attempts are checked. Which one is decided by the assignment itself.
 */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const { assignmentId } = await params;
  const row = await db.assignment.findUnique({ where: { id: assignmentId }, select: { quizId: true, labSlug: true } });
  if (row && assignmentKind(row) === "lab") {
    const lab = await startLabAssignmentAttempt(db, auth.actor.id, assignmentId);
    if (!lab.ok) return respond(lab, () => null);
    return respond(lab, (r) => ({ attemptId: r.attemptId, resumed: r.resumed, url: `/labs/${r.labSlug}/attempts/${r.attemptId}` }), lab.resumed ? 200 : 201);
  }
  const result = await startAssignmentAttempt(db, auth.actor.id, assignmentId);
  if (!result.ok) return respond(result, () => null);
  return respond(
    result,
    (r) => ({ attemptId: r.attemptId, resumed: r.resumed, url: `/quizzes/${r.quizId}/attempts/${r.attemptId}` }),
    result.resumed ? 200 : 201,
  );
}
