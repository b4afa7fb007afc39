import { z } from "zod";
import { addCoInstructor } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ cohortId: string }> };
const schema = z.object({ email: z.string().max(254) });

/** Adds a co-instructor (the owner or an admin only). */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, schema);
  if (body.response) return body.response;
  const result = await addCoInstructor(db, auth.actor, (await params).cohortId, body.data.email);
  return respond(result, (r) => ({ userId: r.userId, message: "Co-instructor added." }), 201);
}
