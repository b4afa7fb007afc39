import { acceptEmailInvite } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";
import { z } from "zod";

type Params = { params: Promise<{ emailInviteId: string }> };

/** Accepts an invitation sent to the caller's (confirmed) address. */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, z.object({}).strict());
  if (body.response) return body.response;
  const result = await acceptEmailInvite(db, auth.actor, (await params).emailInviteId);
  return respond(result, (r) => ({ cohortId: r.cohortId, alreadyMember: r.alreadyMember, url: `/me?joined=${encodeURIComponent(r.cohortId)}` }));
}
