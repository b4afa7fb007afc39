import { overrideInputSchema, setOverride } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ assignmentId: string }> };

/** Sets one learner's accommodations (extra time, extra attempts, a later due date). */
export async function PUT(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, overrideInputSchema);
  if (body.response) return body.response;
  const result = await setOverride(db, auth.actor, (await params).assignmentId, body.data);
  return respond(result, () => ({ message: "Accommodation saved." }));
}
