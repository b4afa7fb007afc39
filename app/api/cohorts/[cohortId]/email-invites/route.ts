import { z } from "zod";
import { bulkInvite } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };
const schema = z.object({ emails: z.string().max(60_000, "Paste at most 60,000 characters at a time.") });

/** Bulk invite by a pasted list of emails. */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, schema);
  if (body.response) return body.response;
  const result = await bulkInvite(db, auth.actor, (await params).cohortId, body.data.emails);
  return respond(result, (r) => ({
    added: r.added,
    pending: r.pending,
    alreadyMembers: r.alreadyMembers,
    invalid: r.invalid,
    message:
      `${r.pending} invited by mail (existing accounts accept on their Join page; new ones join once their address is confirmed), ${r.alreadyMembers} already members` +
      (r.invalid.length ? `; not valid: ${r.invalid.join(", ")}` : "."),
  }));
}
