import { revokeInvite } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string; inviteId: string }> };

/** Revokes an invite: the link and code stop working at once. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const { cohortId, inviteId } = await params;
  const invite = await db.cohortInvite.findFirst({ where: { id: inviteId, cohortId }, select: { id: true } });
  if (!invite) return auth.actor.role === "learner" ? jsonError(403, "Only instructors and admins can do this.") : jsonError(404, "No such invite.");
  const result = await revokeInvite(db, auth.actor, invite.id);
  return respond(result, (r) => ({ revokedAt: r.invite.revokedAt }));
}
