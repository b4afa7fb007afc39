import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { runLabCommand } from "@/lib/labs.server";
import { labCommandSchema } from "@/lib/validation/labs";

type Params = { params: Promise<{ attemptId: string }> };

/** Runs one command line in the caller's open lab attempt (another learner's attempt is a 404). */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { attemptId } = await params;
  const body = await parseJsonBody(request, labCommandSchema);
  if (body.response) return body.response;
  const { node, netns, line } = body.data;
  const result = await runLabCommand(db, { userId: auth.user.id, attemptId, target: { node, netns: netns as `pod:${string}` | "host" }, line });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json({ seq: result.seq, output: result.output, exitCode: result.exitCode, changed: result.changed });
}
