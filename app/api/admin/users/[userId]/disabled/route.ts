import { z } from "zod";
import { adminSetDisabled } from "@/lib/admin-users.server";
import { db } from "@/lib/db.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ userId: string }> };
const schema = z.object({ disabled: z.boolean({ error: "disabled must be true or false." }) }).strict();

/** Disables (ending every session at once) or re-enables a user (admins only). */
export async function PUT(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, schema);
  if (body.response) return body.response;
  return respond(await adminSetDisabled(db, auth.actor, (await params).userId, body.data.disabled), (r) => ({ message: r.message }));
}
