import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError } from "@/lib/http.server";
import { startLabAttempt } from "@/lib/labs.server";

type Params = { params: Promise<{ slug: string }> };

/** Starts (or resumes) the caller's self-paced attempt at a lab. */
export async function POST(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { slug } = await params;
  const result = await startLabAttempt(db, { userId: auth.user.id, slug });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json(
    { attemptId: result.attempt.id, resumed: result.resumed, url: `/labs/${result.attempt.labSlug}/attempts/${result.attempt.id}` },
    { status: result.resumed ? 200 : 201 },
  );
}
