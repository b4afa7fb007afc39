import "server-only";
import { statSync } from "node:fs";
import { z } from "zod";
import { SQLITE_SYNCHRONOUS_LEVELS } from "./database-url";

/**
 * Environment, validated once when the server first imports this module. A bad value
 * stops the server with a message naming the variable, instead of failing later.
 * Nothing here reaches the browser: the only client-visible settings are the booleans
 * in `publicAuthConfig` (which providers to show on the sign-in page).
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const isBuild = process.env.NEXT_PHASE === "phase-production-build";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .default("file:./data/academy.db")
      .refine((v) => v.startsWith("file:") || /^postgres(ql)?:\/\//.test(v), {
        message: 'must start with "file:" (SQLite) or "postgres://"/"postgresql://" (PostgreSQL)',
      }),
    /**
     * SQLite only: "full" (default) waits for the disk at every commit, so an acknowledged
     * answer survives a power cut; "normal" waits only at checkpoints, several times faster
     * for writes, and loses nothing when the process is killed, but a power cut or kernel
     * crash can take the last commits (docs/decisions/022-sqlite-connections.md).
     */
    SQLITE_SYNCHRONOUS: optional
      .transform((v) => v?.toLowerCase())
      .pipe(z.enum(SQLITE_SYNCHRONOUS_LEVELS, { message: 'must be "full" or "normal"' }).default("full")),
    NEXTAUTH_SECRET: optional,
    NEXTAUTH_URL: optional.pipe(z.url().optional()),
    GITHUB_ID: optional,
    GITHUB_SECRET: optional,
    OIDC_ISSUER: optional.pipe(z.url().optional()),
    OIDC_CLIENT_ID: optional,
    OIDC_CLIENT_SECRET: optional,
    OIDC_NAME: optional,
    /**
     * Test-only: a folder of extra question banks (e2e/fixtures/quizzes) that the e2e server
     * and the DB tests load. Never set in production: its banks would be served like course content.
     */
    TEST_QUIZ_BANKS_DIR: optional,
    /** smtp://user:pass@host:587 or smtps://…: mail goes out through it. Unset: mails are printed to the log. */
    SMTP_URL: optional.pipe(z.string().regex(/^smtps?:\/\//, 'must start with "smtp://" or "smtps://"').optional()),
    MAIL_FROM: optional,
    /** redis://host:6379/0 or rediss://…: rate limits are counted there, shared by every instance. */
    REDIS_URL: optional.pipe(z.string().regex(/^rediss?:\/\//, 'must start with "redis://" or "rediss://"').optional()),
    /**
     * Where rate limits are counted: "redis" (needs REDIS_URL; the default when it is set) or
     * "memory" (this process only; the default otherwise). On PostgreSQL in production,
     * "memory" must be chosen explicitly: there it usually means several instances, each of
     * which would grant the whole limit again (docs/decisions/011-rate-limit-store.md).
     */
    RATE_LIMIT_STORE: z.enum(["redis", "memory"]).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && !isBuild && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production and must be at least 32 characters (npm run setup writes one to .env)",
      });
    }
    if (Boolean(env.GITHUB_ID) !== Boolean(env.GITHUB_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["GITHUB_SECRET"], message: "GITHUB_ID and GITHUB_SECRET must be set together" });
    }
    if (env.TEST_QUIZ_BANKS_DIR && !isDirectory(env.TEST_QUIZ_BANKS_DIR)) {
      ctx.addIssue({ code: "custom", path: ["TEST_QUIZ_BANKS_DIR"], message: "must name an existing folder of question banks" });
    }
    if (env.RATE_LIMIT_STORE === "redis" && !env.REDIS_URL) {
      ctx.addIssue({ code: "custom", path: ["REDIS_URL"], message: 'is required when RATE_LIMIT_STORE is "redis"' });
    }
    if (env.NODE_ENV === "production" && !isBuild && !env.REDIS_URL && !env.RATE_LIMIT_STORE && !env.DATABASE_URL.startsWith("file:")) {
      ctx.addIssue({
        code: "custom",
        path: ["REDIS_URL"],
        message:
          'is required on PostgreSQL in production, so that every instance counts rate limits in one place; for a single instance set RATE_LIMIT_STORE=memory instead',
      });
    }
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together",
      });
    }
  });

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function parseEnv() {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env = parseEnv();

/** What the browser may know about sign-in options. */
export const publicAuthConfig = {
  github: Boolean(env.GITHUB_ID),
  oidc: env.OIDC_ISSUER ? { name: env.OIDC_NAME ?? "Single sign-on" } : null,
} as const;
