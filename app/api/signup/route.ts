import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { answerNoSoonerThan, parseJsonBody } from "@/lib/http.server";
import { signUp } from "@/lib/signup.server";
import { signUpSchema } from "@/lib/validation/auth";

/**
 * Creates a learner account. Anyone may call it; the browser then signs in through next-auth.
 * The answer (202 and one message) and its timing are the same whether or not the address
 * already has an account, so sign-up cannot be used to find out who is registered; the
 * address's owner learns it from the mail (lib/signup.server.ts).
 */
export async function POST(request: Request) {
  const startedAt = Date.now();
  const body = await parseJsonBody(request, signUpSchema);
  if (body.response) return body.response;
  const result = await signUp(db, body.data);
  await answerNoSoonerThan(startedAt);
  return NextResponse.json(result, { status: 202 });
}
