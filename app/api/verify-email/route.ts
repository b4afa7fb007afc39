import { NextResponse } from "next/server";
import { z } from "zod";
import { db } from "@/lib/db.server";
import { verifyEmail } from "@/lib/email-verification.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";

const schema = z.object({ token: z.string().min(1, "The link has no token.").max(200) }).strict();

/**
 * Confirms an email address from the mailed link. A POST (from the page's button), not the
 * link's GET, so mail scanners that open links do not spend the single-use token.
 */
export async function POST(request: Request) {
  const body = await parseJsonBody(request, schema);
  if (body.response) return body.response;
  if (!(await verifyEmail(db, body.data.token))) {
    return jsonError(400, "This link is used, expired or replaced by a newer one. Sign in and send a new one from Account settings.");
  }
  return NextResponse.json({ verified: true });
}
