import { NextResponse } from "next/server";
import { changePassword } from "@/lib/accounts.server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { changePasswordSchema } from "@/lib/validation/auth";

/** Changes the caller's password; every other session of theirs ends at once. */
export async function POST(request: Request) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await parseJsonBody(request, changePasswordSchema);
  if (body.response) return body.response;
  const result = await changePassword(db, auth.user.id, body.data.currentPassword, body.data.newPassword, auth.user.sessionId);
  if (!result.ok) return jsonError(400, "Your current password did not match.", result.fieldErrors);
  return NextResponse.json({ ok: true });
}
