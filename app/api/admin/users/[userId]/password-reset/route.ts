import { adminSendPasswordReset } from "@/lib/admin-users.server";
import { db } from "@/lib/db.server";
import { emptySchema } from "@/lib/validation/account";
import { readJson, requireApiActor, respond } from "@/lib/teach-api.server";

type Params = { params: Promise<{ userId: string }> };

/** Mails the user a password-reset link (admins only; the admin never sees the link). */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const body = await readJson(request, emptySchema);
  if (body.response) return body.response;
  return respond(await adminSendPasswordReset(db, auth.actor, (await params).userId), (r) => ({ message: r.message }));
}
