import { assignmentInputSchema, createAssignment } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };

/** Assigns a quiz or a set of lessons to the cohort. */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, assignmentInputSchema);
  if (body.response) return body.response;
  const { cohortId } = await params;
  const result = await createAssignment(db, auth.actor, cohortId, body.data);
  return respond(result, (r) => ({ assignment: { id: r.assignment.id }, url: `/teach/cohorts/${cohortId}/assignments/${r.assignment.id}` }), 201);
}
