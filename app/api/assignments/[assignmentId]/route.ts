import { deleteAssignment } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string }> };

/** Deletes an assignment (its managers only). Attempts stay with their learners. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const result = await deleteAssignment(db, auth.actor, (await params).assignmentId);
  return respond(result, () => ({ ok: true }));
}
