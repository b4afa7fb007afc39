/**
 * Schemas for what a browser sends about a lab (a diagnosis, a command log), so the server
 * validates untrusted input with the same rules the grader assumes.
 */
import { z } from "zod";
import { MAX_LINE_LENGTH } from "../packet-walk/shell";
import { MAX_REPLAY_COMMANDS } from "./grade";
import { DIAGNOSIS_TABLES, type LabCommand, type LabDiagnosis } from "./types";

/** A diagnosis as submitted: a place (a machine, `kubernetes` or `underlay`), a table and one entry. */
export const labDiagnosisSchema = z
  .object({
    node: z.string().trim().min(1, "Name the node (or kubernetes, underlay).").max(64),
    table: z.enum(DIAGNOSIS_TABLES),
    entry: z.string().max(200, "Name one entry, at most 200 characters."),
  })
  .strict();

/** Where a command was typed: a machine's root namespace or a pod's. */
const shellTargetSchema = z
  .object({
    node: z.string().min(1).max(64),
    netns: z.union([z.literal("host"), z.string().regex(/^pod:[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "netns is host or pod:<name>")]),
  })
  .strict();

export const labCommandSchema = z.object({ target: shellTargetSchema, line: z.string().max(MAX_LINE_LENGTH) }).strict();

/** A whole command log, in the order the learner typed it. */
export const labCommandLogSchema = z.array(labCommandSchema).max(MAX_REPLAY_COMMANDS);

export type ParsedLabInput<T> = { ok: true; value: T } | { ok: false; message: string };

function parsed<T>(result: { success: true; data: unknown } | { success: false; error: z.ZodError }): ParsedLabInput<T> {
  if (result.success) return { ok: true, value: result.data as T };
  const issue = result.error.issues[0];
  return { ok: false, message: `${issue?.path.join(".") || "input"}: ${issue?.message ?? "wrong shape"}` };
}

export function parseLabDiagnosis(raw: unknown): ParsedLabInput<LabDiagnosis> {
  return parsed<LabDiagnosis>(labDiagnosisSchema.safeParse(raw));
}

export function parseLabCommandLog(raw: unknown): ParsedLabInput<LabCommand[]> {
  return parsed<LabCommand[]>(labCommandLogSchema.safeParse(raw));
}
