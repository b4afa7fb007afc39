import { z } from "zod";
import { DIAGNOSIS_TABLES } from "../labs";

/** Same bound as the terminal's: a command line is typed, not uploaded. */
export const MAX_COMMAND_LINE = 1000;

const netnsSchema = z.string().regex(/^(host|pod:[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)$/, "must be host or pod:<name>");

/** POST /api/lab-attempts/:id/commands */
export const labCommandSchema = z
  .object({
    node: z.string().trim().min(1, "give the node the shell is on").max(253),
    netns: netnsSchema,
    line: z.string().max(MAX_COMMAND_LINE, `a command line is at most ${MAX_COMMAND_LINE} characters`),
  })
  .strict();

/** POST /api/lab-attempts/:id/submit: which node, which table, which entry the learner blames. */
export const labDiagnosisSchema = z
  .object({
    node: z.string().trim().min(1, "pick the node where the fault is").max(253),
    table: z.enum(DIAGNOSIS_TABLES, { message: `pick one of: ${DIAGNOSIS_TABLES.join(", ")}` }),
    entry: z.string().trim().max(200, "name the entry in at most 200 characters").default(""),
  })
  .strict();

export const labSubmitSchema = z.object({ diagnosis: labDiagnosisSchema }).strict();
