import { NextResponse } from "next/server";
import { updateProfile } from "@/lib/account-settings.server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { parseJsonBody } from "@/lib/http.server";
import { profileSchema } from "@/lib/validation/account";

/** Changes the caller's display name (empty clears it). */
export async function PATCH(request: Request) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await parseJsonBody(request, profileSchema);
  if (body.response) return body.response;
  const result = await updateProfile(db, auth.user.id, body.data);
  return NextResponse.json({ user: result.user, message: "Your name is saved." });
}
