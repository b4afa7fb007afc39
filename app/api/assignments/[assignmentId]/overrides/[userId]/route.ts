import { removeOverride } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string; userId: string }> };

/** Removes one learner's accommodations. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const { assignmentId, userId } = await params;
  const result = await removeOverride(db, auth.actor, assignmentId, userId);
  return respond(result, () => ({ ok: true }));
}
