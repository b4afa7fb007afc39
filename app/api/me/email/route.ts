import { NextResponse } from "next/server";
import { requestEmailChange } from "@/lib/account-settings.server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { parseJsonBody } from "@/lib/http.server";
import { failureResponse } from "@/lib/teach-api.server";
import { emailChangeSchema } from "@/lib/validation/account";

/** Asks to change the caller's email: a link goes to the new address; nothing changes until it is followed. */
export async function POST(request: Request) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await parseJsonBody(request, emailChangeSchema);
  if (body.response) return body.response;
  const result = await requestEmailChange(db, auth.user.id, body.data);
  if (!result.ok) return failureResponse(result);
  return NextResponse.json({ message: result.message }, { status: 202 });
}
