import { assignmentEditSchema, deleteAssignment, updateAssignment } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string }> };

/** Deletes an assignment (its managers only). Attempts stay with their learners. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const result = await deleteAssignment(db, auth.actor, (await params).assignmentId);
  return respond(result, () => ({ ok: true }));
}

/** Edits an assignment's dates, limits, review options, grading method and pass mark (its managers only). */
export async function PATCH(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, assignmentEditSchema);
  if (body.response) return body.response;
  const result = await updateAssignment(db, auth.actor, (await params).assignmentId, body.data);
  return respond(result, (r) => ({ assignment: { id: r.assignment.id } }));
}
