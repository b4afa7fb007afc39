import { z } from "zod";
import { joinCohort } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

const schema = z.object({ code: z.string().trim().min(1, "Enter the invite code.").max(64) });

/** Joins the cohort behind an invite code. */
export async function POST(request: Request) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, schema);
  if (body.response) return body.response;
  const result = await joinCohort(db, auth.actor, body.data.code);
  return respond(result, (r) => ({ cohortId: r.cohortId, alreadyMember: r.alreadyMember, url: `/me?joined=${encodeURIComponent(r.cohortId)}` }));
}
