import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { lessonResultsFor } from "@/lib/guidance.server";
import { jsonError } from "@/lib/http.server";

type Params = { params: Promise<{ slug: string }> };

/** The caller's best result on each of the lesson's quizzes and the lesson's topics worth practising (scores only where their review shows them). */
export async function GET(_request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { slug } = await params;
  const results = await lessonResultsFor(db, auth.user.id, slug);
  if (!results) return jsonError(404, `There is no lesson "${slug}".`);
  return NextResponse.json(results, { headers: { "cache-control": "no-store" } });
}
