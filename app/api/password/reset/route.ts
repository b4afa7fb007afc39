import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { resetPassword } from "@/lib/password-reset.server";
import { resetPasswordSchema } from "@/lib/validation/account";

/** Sets a new password from the mailed link; every session of the account ends. */
export async function POST(request: Request) {
  const body = await parseJsonBody(request, resetPasswordSchema);
  if (body.response) return body.response;
  const result = await resetPassword(db, body.data.token, body.data.password);
  if (!result.ok) return jsonError(400, result.error, { token: result.error });
  return NextResponse.json({ message: "Your password is changed and you are signed out everywhere. Sign in with the new password." });
}
