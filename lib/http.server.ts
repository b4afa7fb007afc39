import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { fieldErrorsOf } from "./validation/auth";

const MAX_BODY_BYTES = 64 * 1024;

/** A JSON error response: `{ error, fieldErrors? }` with a 4xx status. */
export function jsonError(status: number, error: string, fieldErrors?: Record<string, string | undefined>): NextResponse {
  return NextResponse.json(fieldErrors ? { error, fieldErrors } : { error }, { status });
}

/**
 * Reads and validates a JSON request body. Malformed JSON, a body that is too large or
 * fields that fail the schema give a 400 (413 for size) with a message, never a 500.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ data: z.infer<S>; response?: never } | { data?: never; response: NextResponse }> {
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return { response: jsonError(413, "The request body is too large.") };
  let raw: unknown;
  try {
    raw = text === "" ? {} : JSON.parse(text);
  } catch {
    return { response: jsonError(400, "The request body is not valid JSON.") };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { response: jsonError(400, "Some fields need attention.", fieldErrorsOf(parsed.error)) };
  }
  return { data: parsed.data };
}
