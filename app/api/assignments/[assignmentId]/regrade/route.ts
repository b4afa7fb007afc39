import { applyRegrade, previewRegrade } from "@/lib/grading.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";
import { z } from "zod";

type Params = { params: Promise<{ assignmentId: string }> };

/** The dry run: what regrading every submitted attempt with the current bank would change (nothing is written). */
export async function GET(_request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const result = await previewRegrade(db, auth.actor, (await params).assignmentId);
  return respond(result, (r) => ({ attempts: r.attempts, changes: r.rows }));
}

/** Applies the regrade; each change is recorded with who made it. */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, z.object({}).strict());
  if (body.response) return body.response;
  const result = await applyRegrade(db, auth.actor, (await params).assignmentId);
  return respond(result, (r) => ({ changedAttempts: r.changedAttempts, changedResponses: r.changedResponses }));
}
