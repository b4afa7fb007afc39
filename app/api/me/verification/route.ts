import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { sendVerificationMail } from "@/lib/email-verification.server";
import { jsonError } from "@/lib/http.server";

/** Sends the caller a new verification link (the older ones stop working). */
export async function POST() {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const user = await db.user.findUniqueOrThrow({ where: { id: auth.user.id } });
  if (user.emailVerified) return jsonError(409, "Your email is already confirmed.");
  const sent = await sendVerificationMail(db, user);
  if (!sent) return jsonError(503, "The mail could not be sent right now. Try again in a few minutes.");
  return NextResponse.json({ message: `A new link is on its way to ${user.email}.` });
}
