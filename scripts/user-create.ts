/**
 * `npm run user:create -- --email ada@example.com --role admin [--name "Ada"] [--password ...]`
 *
 * Creates an account with a role, or sets the role (and the password, if given) of an
 * existing one. This is how the first admin is made; admins then promote others in the
 * app (/admin/users). Without --password a random one is generated and printed once.
 * Reads DATABASE_URL from the environment or .env, like the app.
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { loadEnvConfig } from "@next/env";
import bcrypt from "bcryptjs";
import { z } from "zod";
import { createDb, type Db } from "../lib/db/client";
import { emailSchema, passwordSchema } from "../lib/validation/auth";

const argsSchema = z.object({
  email: emailSchema,
  role: z.enum(["learner", "instructor", "admin"], { error: "--role must be learner, instructor or admin" }),
  name: z.string().trim().max(80).optional(),
  password: passwordSchema.optional(),
});
export type UserCreateArgs = z.infer<typeof argsSchema>;

/** Same cost as sign-up (lib/accounts.server.ts), which scripts cannot import (it is server-only). */
const BCRYPT_COST = 12;

export function parseUserCreateArgs(argv: string[]): { ok: true; args: UserCreateArgs } | { ok: false; message: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, password: { type: "string" } },
      strict: true,
    }).values;
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  const parsed = argsSchema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, message: parsed.error.issues.map((i) => `--${String(i.path[0] ?? "")}: ${i.message}`).join("\n") };
  }
  return { ok: true, args: parsed.data };
}

export async function createOrUpdateUser(db: Db, args: UserCreateArgs): Promise<{ created: boolean; generatedPassword: string | null; id: string }> {
  const existing = await db.user.findUnique({ where: { email: args.email } });
  const generatedPassword = !args.password && !existing ? randomBytes(12).toString("base64url") : null;
  const password = args.password ?? generatedPassword;
  const passwordHash = password ? await bcrypt.hash(password, BCRYPT_COST) : undefined;
  if (existing) {
    const user = await db.user.update({
      where: { id: existing.id },
      data: { role: args.role, ...(args.name ? { name: args.name } : {}), ...(passwordHash ? { passwordHash } : {}) },
    });
    // A new password ends the account's other sessions, as a password change in the app does.
    if (passwordHash) await db.authSession.deleteMany({ where: { userId: user.id } });
    return { created: false, generatedPassword: null, id: user.id };
  }
  const user = await db.user.create({ data: { email: args.email, name: args.name ?? null, role: args.role, passwordHash } });
  return { created: true, generatedPassword, id: user.id };
}

async function main() {
  loadEnvConfig(process.cwd());
  const parsed = parseUserCreateArgs(process.argv.slice(2));
  if (!parsed.ok) {
    console.error(`user:create: ${parsed.message}\nusage: npm run user:create -- --email ada@example.com --role admin [--name "Ada"] [--password ...]`);
    process.exit(2);
  }
  const db = createDb(process.env.DATABASE_URL ?? "file:./data/academy.db");
  try {
    const result = await createOrUpdateUser(db, parsed.args);
    console.log(`user:create: ${result.created ? "created" : "updated"} ${parsed.args.email} with role ${parsed.args.role}`);
    if (result.generatedPassword) console.log(`  password (shown once): ${result.generatedPassword}`);
  } finally {
    await db.$disconnect();
  }
}

// Run only as a CLI, not when a test imports the functions.
if (process.argv[1] && /user-create\.ts$/.test(process.argv[1])) {
  main().catch((error: unknown) => {
    console.error(`user:create failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
