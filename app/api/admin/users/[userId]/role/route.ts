import { z } from "zod";
import { roles } from "@/lib/accounts.server";
import { db } from "@/lib/db.server";
import { setUserRole } from "@/lib/roles.server";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ userId: string }> };
const schema = z.object({ role: z.enum(roles, { error: "Role must be learner, instructor or admin." }) });

/** Sets a user's role (admins only). */
export async function PUT(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, schema);
  if (body.response) return body.response;
  const result = await setUserRole(db, auth.actor, (await params).userId, body.data.role);
  return respond(result, (r) => ({ user: r.user, message: `${r.user.email} is now ${r.user.role}.` }));
}
