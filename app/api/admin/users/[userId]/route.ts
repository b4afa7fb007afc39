import { adminDeleteUser } from "@/lib/admin-users.server";
import { db } from "@/lib/db.server";
import { emptySchema } from "@/lib/validation/account";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ userId: string }> };

/** Deletes a user and all their data (admins only; not themselves, not the last admin). */
export async function DELETE(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, emptySchema);
  if (body.response) return body.response;
  return respond(await adminDeleteUser(db, auth.actor, (await params).userId), (r) => ({ message: r.message }));
}
