import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { guidanceFor } from "@/lib/guidance.server";

/**
 * What the signed-in caller should do next (the course home's "Continue" block, which is
 * static and fetches this). Signed out: 401, and the block offers the first lesson instead.
 */
export async function GET() {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  return NextResponse.json(await guidanceFor(db, auth.user.id), { headers: { "cache-control": "no-store" } });
}
