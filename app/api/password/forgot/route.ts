import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { answerNoSoonerThan, parseJsonBody } from "@/lib/http.server";
import { requestPasswordReset } from "@/lib/password-reset.server";
import { forgotPasswordSchema } from "@/lib/validation/account";

/**
 * "Forgot password?": mails a reset link to the account with that address, if there is one.
 * The same 202 and message, after the same minimum time, either way.
 */
export async function POST(request: Request) {
  const startedAt = Date.now();
  const body = await parseJsonBody(request, forgotPasswordSchema);
  if (body.response) return body.response;
  const result = await requestPasswordReset(db, body.data.email);
  await answerNoSoonerThan(startedAt);
  return NextResponse.json(result, { status: 202 });
}
