import { NextResponse } from "next/server";
import { createUser } from "@/lib/accounts.server";
import { db } from "@/lib/db.server";
import { sendVerificationMail } from "@/lib/email-verification.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { clientKeyOf, createLimiter, tooManyRequests } from "@/lib/rate-limit.server";
import { signUpSchema } from "@/lib/validation/auth";

/**
 * Sign-ups per client and hour: enough for a classroom behind one address, too few to
 * mint accounts in bulk (larger groups join through an instructor's invite).
 */
const signUps = createLimiter({ name: "signup", points: 30, durationSeconds: 60 * 60 });

/** Creates a learner account. Anyone may call it; the browser then signs in through next-auth. */
export async function POST(request: Request) {
  const limit = await signUps.consume(clientKeyOf(request));
  if (!limit.ok) return tooManyRequests("Too many sign-ups from your network.", limit.retryAfterSeconds);
  const body = await parseJsonBody(request, signUpSchema);
  if (body.response) return body.response;
  const result = await createUser(db, body.data);
  if (!result.ok) return jsonError(409, "That email is already registered.", result.fieldErrors);
  // The address is unverified until its owner follows the mailed link (lib/email-verification.server.ts).
  await sendVerificationMail(db, result.user);
  return NextResponse.json({ user: { id: result.user.id, email: result.user.email } }, { status: 201 });
}
