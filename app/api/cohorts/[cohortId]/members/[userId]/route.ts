import { leaveCohort, removeMember } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string; userId: string }> };

/** Removes a member; a member removing themself leaves the cohort. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const { cohortId, userId } = await params;
  const result = userId === auth.actor.id ? await leaveCohort(db, auth.actor, cohortId) : await removeMember(db, auth.actor, cohortId, userId);
  return respond(result, () => ({ ok: true }));
}
