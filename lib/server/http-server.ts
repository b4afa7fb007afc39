import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { log as defaultLog, requestContextStore } from "../observability/log";
import { CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER, resolveClientAddress } from "../web/client-address";

/**
 * The HTTP server in front of Next's request handler (started by scripts/serve.ts, which
 * `npm start` and `npm run dev` run). It exists for what `next start` cannot do:
 * - tell the app who is calling: the socket's address, or X-Forwarded-For only through the
 *   configured number of trusted proxies (lib/web/client-address.ts), passed on in a header
 *   that carries a per-process proof so a client cannot set it;
 * - give every request an id, log one JSON line per request, and run the app inside a
 *   request context so the app's own log lines carry the same id;
 * - on SIGTERM, stop accepting connections and finish the requests in flight before exiting.
 */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface AppServerOptions {
  handle: RequestHandler;
  trustedProxies: number;
  /** Random per process; the app accepts CLIENT_ADDRESS_HEADER only with it. */
  proof: string;
  log?: typeof defaultLog;
}

export interface AppServer {
  server: Server;
  /** Requests being served right now. */
  inFlight(): number;
  /** Stops accepting, waits for the requests in flight (at most `timeoutMs`), then closes every connection. */
  drain(timeoutMs: number): Promise<{ finished: number; abandoned: number }>;
}

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function createAppServer({ handle, trustedProxies, proof, log = defaultLog }: AppServerOptions): AppServer {
  let inFlight = 0;
  let served = 0;
  let draining = false;
  const idle: (() => void)[] = [];

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    // A request id from a proxy we trust ties our lines to its access log; anyone else's is replaced.
    const offered = req.headers["x-request-id"];
    const requestId = trustedProxies > 0 && typeof offered === "string" && INCOMING_REQUEST_ID.test(offered) ? offered : randomUUID();
    const client = resolveClientAddress({ socketAddress: req.socket.remoteAddress, forwardedFor: req.headers["x-forwarded-for"], trustedProxies });
    req.headers["x-request-id"] = requestId;
    req.headers[CLIENT_ADDRESS_HEADER] = client;
    req.headers[CLIENT_ADDRESS_PROOF_HEADER] = proof;
    res.setHeader("x-request-id", requestId);
    if (draining) res.setHeader("connection", "close");

    inFlight += 1;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight -= 1;
      served += 1;
      // The path without its query: queries carry tokens (verify-email, reset links).
      const path = (req.url ?? "/").split("?")[0];
      log.info("request", {
        requestId,
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        client,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
      if (inFlight === 0) for (const wake of idle.splice(0)) wake();
    };
    res.on("finish", finish);
    res.on("close", finish);

    requestContextStore().run({ requestId }, () => {
      Promise.resolve()
        .then(() => handle(req, res))
        .catch((error: unknown) => {
          log.error("unhandled error serving a request", { error });
          if (!res.headersSent) {
            res.statusCode = 500;
            res.setHeader("content-type", "application/json");
            res.end(JSON.stringify({ error: "Internal error", requestId }));
          } else res.destroy();
        });
    });
  });

  return {
    server,
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      draining = true;
      const before = served;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections with nothing in flight would hold close() open: end them now;
      // busy ones get "connection: close" on their response and end after it.
      server.closeIdleConnections();
      const timedOut = await Promise.race([
        new Promise<false>((resolve) => (inFlight === 0 ? resolve(false) : idle.push(() => resolve(false)))),
        new Promise<true>((resolve) => setTimeout(() => resolve(true), timeoutMs).unref()),
      ]);
      const abandoned = timedOut ? inFlight : 0;
      const finished = served - before;
      server.closeAllConnections();
      await closed;
      return { finished, abandoned };
    },
  };
}
