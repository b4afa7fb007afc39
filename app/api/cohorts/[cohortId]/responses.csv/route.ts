import { db } from "@/lib/db.server";
import { responsesCsv } from "@/lib/gradebook.server";
import { jsonError } from "@/lib/http.server";
import { csvResponse, requireApiActor } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };

/** Every graded response of the cohort's assignments as a CSV download. */
export async function GET(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  if (auth.actor.role === "learner") return jsonError(403, "Only instructors and admins can do this.");
  const { cohortId } = await params;
  const csv = await responsesCsv(db, auth.actor, cohortId);
  if (csv === null) return jsonError(404, "No such cohort.");
  return csvResponse(csv, `responses-${cohortId}.csv`);
}
