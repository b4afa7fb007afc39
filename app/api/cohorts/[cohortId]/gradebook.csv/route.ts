import { db } from "@/lib/db.server";
import { getGradebook, gradebookToCsv } from "@/lib/gradebook.server";
import { jsonError } from "@/lib/http.server";
import { csvResponse, requireApiActor } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };

/** The gradebook as a CSV download (UTF-8 with BOM, formula-safe: lib/csv.ts). */
export async function GET(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  if (auth.actor.role === "learner") return jsonError(403, "Only instructors and admins can do this.");
  const book = await getGradebook(db, auth.actor, (await params).cohortId);
  if (!book) return jsonError(404, "No such cohort.");
  return csvResponse(gradebookToCsv(book), `gradebook-${book.cohort.name}.csv`);
}
