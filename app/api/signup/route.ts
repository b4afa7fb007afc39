import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { answerNoSoonerThan, parseJsonBody } from "@/lib/http.server";
import { clientKeyOf, createLimiter, tooManyRequests } from "@/lib/rate-limit.server";
import { signUp } from "@/lib/signup.server";
import { signUpSchema } from "@/lib/validation/auth";

/**
 * Sign-ups per client and hour: enough for a classroom behind one address, too few to
 * mint accounts in bulk (larger groups join through an instructor's invite).
 */
const signUps = createLimiter({ name: "signup", points: 30, durationSeconds: 60 * 60 });
/** A registered address is mailed on each sign-up attempt with it: bound how often. */
const perAddress = createLimiter({ name: "signup-address", points: 5, durationSeconds: 60 * 60 });

/**
 * Creates a learner account. Anyone may call it; the browser then signs in through next-auth.
 * The answer (202 and one message) and its timing are the same whether or not the address
 * already has an account, so sign-up cannot be used to find out who is registered; the
 * address's owner learns it from the mail (lib/signup.server.ts).
 */
export async function POST(request: Request) {
  const limit = await signUps.consume(clientKeyOf(request));
  if (!limit.ok) return tooManyRequests("Too many sign-ups from your network.", limit.retryAfterSeconds);
  const startedAt = Date.now();
  const body = await parseJsonBody(request, signUpSchema);
  if (body.response) return body.response;
  const byAddress = await perAddress.consume(body.data.email.toLowerCase());
  if (!byAddress.ok) return tooManyRequests("Too many sign-ups with this address.", byAddress.retryAfterSeconds);
  const result = await signUp(db, body.data);
  await answerNoSoonerThan(startedAt);
  return NextResponse.json(result, { status: 202 });
}
