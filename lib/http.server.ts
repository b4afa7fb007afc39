import "server-only";
import { NextResponse } from "next/server";
import type { z } from "zod";
import { fieldErrorsOf } from "./validation/auth";
import { findUnsafeText } from "./validation/safe-input";
import { MAX_BODY_BYTES } from "./web/limits";

/** A JSON error response: `{ error, fieldErrors? }` with a 4xx status. */
export function jsonError(status: number, error: string, fieldErrors?: Record<string, string | undefined>): NextResponse {
  return NextResponse.json(fieldErrors ? { error, fieldErrors } : { error }, { status });
}

type BodyText = { ok: true; text: string } | { ok: false; response: NextResponse };

/**
 * Reads the body as UTF-8 text, at most MAX_BODY_BYTES: a Content-Length above it is
 * refused before reading, and a body without one (chunked) is read chunk by chunk and the
 * stream cancelled as soon as it passes the limit, so a 200 MB upload is never held in memory.
 */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyText> {
  const tooLarge = (): BodyText => ({ ok: false, response: jsonError(413, `The request body is too large (at most ${maxBytes / 1024} KB).`) });
  const declared = Number(request.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return tooLarge();
  if (!request.body) return { ok: true, text: "" };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  try {
    // fatal: bytes that are not UTF-8 are a 400, not silently replaced by U+FFFD.
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, response: jsonError(400, "The request body is not valid UTF-8.") };
  }
}

/**
 * Reads and validates a JSON request body. Malformed JSON, a body that is too large or
 * fields that fail the schema give a 400 (413 for size) with a message, never a 500.
 */
export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
): Promise<{ data: z.infer<S>; response?: never } | { data?: never; response: NextResponse }> {
  const body = await readBodyText(request);
  if (!body.ok) return { response: body.response };
  let raw: unknown;
  try {
    raw = body.text === "" ? {} : JSON.parse(body.text);
  } catch {
    return { response: jsonError(400, "The request body is not valid JSON.") };
  }
  // Before any schema, over the whole body: no route can forget it (lib/validation/safe-input.ts).
  const unsafe = findUnsafeText(raw);
  if (unsafe) return { response: jsonError(400, unsafe.message, { [unsafe.field]: unsafe.message }) };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return { response: jsonError(400, "Some fields need attention.", fieldErrorsOf(parsed.error)) };
  }
  return { data: parsed.data };
}

/**
 * How long the answers that must not reveal whether an address has an account (sign-up,
 * forgot password) take at least. Both branches already do the same work (one bcrypt hash or
 * none in both, one token, one mail enqueued); the floor hides what is left (an insert, a
 * lookup) under one fixed duration. docs/decisions/016-accounts-and-reset.md.
 */
export const UNIFORM_ANSWER_MS = 600;

/** Waits until `ms` have passed since `startedAt` (a Date.now() value); returns at once if they have. */
export async function answerNoSoonerThan(startedAt: number, ms = UNIFORM_ANSWER_MS): Promise<void> {
  const wait = startedAt + ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
