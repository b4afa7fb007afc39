import { NextResponse } from "next/server";
import { confirmEmailChange } from "@/lib/account-settings.server";
import { db } from "@/lib/db.server";
import { parseJsonBody } from "@/lib/http.server";
import { failureResponse } from "@/lib/teach-api.server";
import { tokenSchema } from "@/lib/validation/account";

/**
 * Confirms an email change from the link mailed to the new address. The token names the
 * account, so no session is needed (the link may be opened in another browser). A POST from
 * the page's button, so mail scanners that fetch links do not spend it.
 */
export async function POST(request: Request) {
  const body = await parseJsonBody(request, tokenSchema);
  if (body.response) return body.response;
  const result = await confirmEmailChange(db, body.data.token);
  if (!result.ok) return failureResponse(result);
  return NextResponse.json({ email: result.email, message: `Your email is now ${result.email}.` });
}
