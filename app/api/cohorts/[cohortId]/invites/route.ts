import { createInvite, inviteInputSchema } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };

/** Creates an invite link/code for the cohort (its managers only). */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, inviteInputSchema);
  if (body.response) return body.response;
  const result = await createInvite(db, auth.actor, (await params).cohortId, body.data);
  return respond(result, (r) => ({ invite: { id: r.invite.id, code: r.invite.code, url: `/join/${r.invite.code}` } }), 201);
}
