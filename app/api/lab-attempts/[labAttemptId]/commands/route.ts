import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { jsonError, parseJsonBody } from "@/lib/http.server";
import { runLabCommand } from "@/lib/labs.server";
import { createLimiter, tooManyRequests } from "@/lib/rate-limit.server";
import { labCommandSchema } from "@/lib/labs";

/**
 * Each command replays the attempt's fixes on the server: a learner types a few a minute,
 * a paste of a script a few dozen at once; a client looping on the route is stopped here.
 */
const commandsPerUser = createLimiter({ name: "lab-commands", points: 120, durationSeconds: 60 });

type Params = { params: Promise<{ labAttemptId: string }> };

/** Runs one command line in the caller's open lab attempt (another learner's attempt is a 404). */
export async function POST(request: Request, { params }: Params) {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const { labAttemptId: attemptId } = await params;
  const allowed = await commandsPerUser.consume(auth.user.id);
  if (!allowed.ok) return tooManyRequests("That is more than 120 commands in a minute; nothing was run.", allowed.retryAfterSeconds);
  const body = await parseJsonBody(request, labCommandSchema);
  if (body.response) return body.response;
  const { target, line } = body.data;
  const result = await runLabCommand(db, { userId: auth.user.id, attemptId, target: { node: target.node, netns: target.netns as "host" | `pod:${string}` }, line });
  if (!result.ok) return jsonError(result.status, result.error);
  return NextResponse.json({ seq: result.seq, output: result.output, exitCode: result.exitCode, changed: result.changed });
}
