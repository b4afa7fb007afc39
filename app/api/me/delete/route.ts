import { NextResponse } from "next/server";
import { deleteOwnAccount } from "@/lib/account-settings.server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { parseJsonBody } from "@/lib/http.server";
import { failureResponse } from "@/lib/teach-api.server";
import { deleteAccountSchema } from "@/lib/validation/account";

/** Deletes the caller's account and all its data (password, or the typed email for SSO-only accounts). */
export async function POST(request: Request) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const body = await parseJsonBody(request, deleteAccountSchema);
  if (body.response) return body.response;
  const result = await deleteOwnAccount(db, auth.user.id, body.data);
  if (!result.ok) return failureResponse(result);
  return NextResponse.json({ message: "Your account and all its data are deleted." });
}
