import { cohortInputSchema, createCohort } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

/** Creates a cohort owned by the caller (instructors and admins). */
export async function POST(request: Request) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, cohortInputSchema);
  if (body.response) return body.response;
  const result = await createCohort(db, auth.actor, body.data);
  return respond(result, (r) => ({ cohort: { id: r.cohort.id, name: r.cohort.name }, url: `/teach/cohorts/${r.cohort.id}` }), 201);
}
