import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { answerNoSoonerThan, parseJsonBody } from "@/lib/http.server";
import { requestPasswordReset } from "@/lib/password-reset.server";
import { clientKeyOf, createLimiter, tooManyRequests } from "@/lib/rate-limit.server";
import { forgotPasswordSchema } from "@/lib/validation/account";

/**
 * "Forgot password?": mails a reset link to the account with that address, if there is one.
 * The same 202 and message, after the same minimum time, either way.
 */
/** Each request mails someone: per client, and per address so nobody's inbox can be flooded. */
const perClient = createLimiter({ name: "forgot-client", points: 10, durationSeconds: 60 * 60 });
const perAddress = createLimiter({ name: "forgot-address", points: 5, durationSeconds: 60 * 60 });

export async function POST(request: Request) {
  const startedAt = Date.now();
  const byClient = await perClient.consume(clientKeyOf(request));
  if (!byClient.ok) return tooManyRequests("Too many password reset requests from your network.", byClient.retryAfterSeconds);
  const body = await parseJsonBody(request, forgotPasswordSchema);
  if (body.response) return body.response;
  // The same refusal for every address, registered or not: it reveals nothing.
  const byAddress = await perAddress.consume(body.data.email.toLowerCase());
  if (!byAddress.ok) return tooManyRequests("Too many password reset requests for this address.", byAddress.retryAfterSeconds);
  const result = await requestPasswordReset(db, body.data.email);
  await answerNoSoonerThan(startedAt);
  return NextResponse.json(result, { status: 202 });
}
