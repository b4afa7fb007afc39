import { cohortEditSchema, updateCohort } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };

/** Renames, re-describes, archives or restores a cohort (its instructors and admins). */
export async function PATCH(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, cohortEditSchema);
  if (body.response) return body.response;
  const result = await updateCohort(db, auth.actor, (await params).cohortId, body.data);
  return respond(result, (r) => ({ cohort: { id: r.cohort.id, name: r.cohort.name, archivedAt: r.cohort.archivedAt } }));
}
