import { cancelEmailInvite } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string; emailInviteId: string }> };

/** Withdraws a pending email invite. */
export async function DELETE(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const result = await cancelEmailInvite(db, auth.actor, (await params).emailInviteId);
  return respond(result, () => ({ ok: true }));
}
