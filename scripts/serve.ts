/**
 * `npm start` (production) and `npm run dev`: Next's request handler behind our own HTTP
 * server (lib/server/http-server.ts), which resolves the caller's address, assigns request
 * ids, logs JSON and drains on SIGTERM. Flags as `next start`: -p/--port, -H/--hostname;
 * env PORT, HOSTNAME, TRUSTED_PROXIES (how many reverse proxies stand in front; 0 default),
 * SHUTDOWN_GRACE_MS (how long SIGTERM waits for requests in flight; 25000 default).
 */
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { log } from "../lib/observability/log";
import { createAppServer } from "../lib/server/http-server";
import { createStaticPageCache } from "../lib/server/static-page-cache";
import { CLIENT_ADDRESS_PROOF_ENV } from "../lib/web/client-address";

const { values } = parseArgs({
  options: { port: { type: "string", short: "p" }, hostname: { type: "string", short: "H" }, dev: { type: "boolean" } },
  allowPositionals: false,
});
const dev = values.dev ?? false;
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
const trustedProxies = Number(process.env.TRUSTED_PROXIES ?? 0);
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 25_000);
for (const [name, value, max] of [["port", port, 65535], ["TRUSTED_PROXIES", trustedProxies, 10], ["SHUTDOWN_GRACE_MS", graceMs, 600_000]] as const) {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`serve: ${name} must be a whole number from 0 to ${max} (got ${String(value)})`);
    process.exit(1);
  }
}

// Must be set before Next loads the app's modules (they read NODE_ENV and the proof once).
Object.assign(process.env, { NODE_ENV: dev ? "development" : "production" });
const proof = randomBytes(24).toString("base64url");
process.env[CLIENT_ADDRESS_PROOF_ENV] = proof;

async function main() {
  const { default: next } = await import("next");
  const app = next({ dev, hostname, port, customServer: true });
  await app.prepare();
  const nextHandle = app.getRequestHandler();
  const toNext = (req: Parameters<typeof nextHandle>[0], res: Parameters<typeof nextHandle>[1]) => nextHandle(req, res);
  // Prerendered pages replayed from memory (lib/server/static-page-cache.ts); in development every page is rendered afresh.
  const handle = dev ? toNext : createStaticPageCache(toNext).handle;
  const appServer = createAppServer({ handle, trustedProxies, proof });
  const { server } = appServer;
  server.keepAliveTimeout = 65_000; // longer than common proxies' idle timeouts (nginx 60 s), so the proxy closes first
  const upgrade = app.getUpgradeHandler();
  server.on("upgrade", (req, socket, head) => void upgrade(req, socket, head));
  server.listen(port, hostname, () => log.info("listening", { url: `http://${hostname}:${port}`, dev, trustedProxies }));

  let stopping = false;
  async function stop(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info("shutting down: finishing requests in flight", { signal, inFlight: appServer.inFlight(), graceMs });
    const result = await appServer.drain(graceMs);
    log.info("stopped", { signal, ...result });
    process.exit(result.abandoned === 0 ? 0 : 1);
  }
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: unknown) => {
  log.error("could not start", { error });
  process.exit(1);
});
