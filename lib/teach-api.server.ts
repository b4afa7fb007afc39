import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { requireApiUser } from "./auth.server";
import { jsonError, parseJsonBody } from "./http.server";
import type { Actor, Failure } from "./roles.server";

/**
 * Glue for the teaching route handlers: who is calling, the JSON body, and turning a
 * `Failure` from lib/cohorts|assignments|roles into its 4xx response. The access checks
 * themselves live in those modules, so a handler cannot forget them.
 */
export async function requireApiActor(): Promise<{ actor: Actor; response?: never } | { actor?: never; response: NextResponse }> {
  const auth = await requireApiUser();
  if (auth.response) return { response: auth.response };
  return { actor: { id: auth.user.id, role: auth.user.role } };
}

/**
 * The body of a mutation. It must be sent as application/json: a cross-site form can
 * only send the "simple" content types, so this also keeps other sites from posting
 * to these handlers with the user's cookie.
 */
export async function readJson<S extends z.ZodType>(request: Request, schema: S) {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return { response: jsonError(415, "Send the request body as application/json.") } as const;
  }
  return parseJsonBody(request, schema);
}

export function failureResponse(f: Failure): NextResponse {
  return jsonError(f.status, f.error, f.fieldErrors);
}

/** A result from the teaching modules as a response: the failure, or `ok(result)` with `status`. */
export function respond<T extends { ok: boolean }>(result: T | Failure, ok: (value: T) => unknown, status = 200): NextResponse {
  if (!result.ok) return failureResponse(result as Failure);
  return NextResponse.json(ok(result as T), { status });
}

/** A CSV download. */
export function csvResponse(csv: string, filename: string): NextResponse {
  return new NextResponse(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "cache-control": "no-store",
    },
  });
}
