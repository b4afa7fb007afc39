import { spawn, type ChildProcess } from "node:child_process";

/**
 * How the suite starts app servers: the main one (playwright.config.ts) and the extra ones
 * a spec needs with other settings (e2e/test-banks.spec.ts, e2e/rate-limits.spec.ts).
 * All run the app's own HTTP server (scripts/serve.ts), as `npm start` does.
 */
const databaseUrl = process.env.E2E_DATABASE_URL ?? "file:./data/e2e.db";

/** What every app server needs besides its port. On PostgreSQL, rate limits are counted in the machine's Redis, as production there requires. */
export const SERVER_ENV = {
  DATABASE_URL: databaseUrl,
  NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-e2e-secret",
  NODE_ENV: "production" as const,
  ...(databaseUrl.startsWith("file:") ? {} : { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" }),
};

export function serverCommand(port: number): string[] {
  return ["node", "--import", "tsx", "scripts/serve.ts", "-p", String(port), "-H", "127.0.0.1"];
}

/**
 * Starts a second server of the same build and database, with `env` on top of SERVER_ENV
 * (a key set to undefined is removed), and waits until /api/health answers.
 */
export async function startExtraServer(port: number, env: Record<string, string | undefined>): Promise<{ url: string; stop(): void }> {
  const url = `http://127.0.0.1:${port}`;
  const merged: NodeJS.ProcessEnv = { ...process.env, ...SERVER_ENV, NEXTAUTH_URL: url };
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete merged[key];
    else merged[key] = value;
  }
  const [command, ...args] = serverCommand(port);
  const child: ChildProcess = spawn(command!, args, { env: merged, stdio: "ignore", detached: true });
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
  };
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > until) {
      stop();
      throw new Error(`the extra server did not start on ${url}`);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
}
