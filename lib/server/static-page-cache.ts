import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import type { RequestHandler } from "./http-server";

/**
 * Replays pages that Next prerendered at build time (the lessons, the course home, sign-in)
 * from memory. Next serves them from its cache too, but each request still runs its router,
 * the proxy, the app-page runtime and, for browsers, gzip over 140 kB of HTML: ~300 lesson
 * requests a second on this machine against ~4,000 for a static chunk. The first request
 * for a page goes through Next as always; what Next answered (status, headers, the exact
 * bytes, compressed or not) is kept and sent again to the next identical request.
 *
 * Only answers that cannot differ between requests are kept, so nothing here can serve
 * one reader's page to another or skip a check that would have refused a request:
 * - the request: GET, no query string, no cookie-dependent or RSC navigation headers, no
 *   conditional headers (those go to Next, which answers 304 itself);
 * - the answer: 200, `x-nextjs-cache: HIT` with `Cache-Control: s-maxage=31536000` (what
 *   Next sends only for a page built once, never for an ISR or dynamic page), no Set-Cookie.
 * Prerendered pages change only with a new build, which needs a restart: a process-lifetime
 * cache is exact. docs/performance.md has the figures; decision 018 the reasoning.
 */
const NAVIGATION_HEADERS = ["rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-url"];
const CONDITIONAL_HEADERS = ["if-none-match", "if-modified-since", "range"];
/** Set per request by the server in front (lib/server/http-server.ts) or by Node: never replayed. */
const PER_REQUEST_HEADERS = new Set(["x-request-id", "date", "connection", "keep-alive", "transfer-encoding"]);
const STATIC_CACHE_CONTROL = "s-maxage=31536000";

type Entry = { status: number; headers: OutgoingHttpHeaders; body: Buffer };

export interface StaticPageCache {
  handle: RequestHandler;
  stats(): { entries: number; bytes: number; hits: number; misses: number };
}

/** Which stored variant a request would get: Next compresses with gzip when it is accepted. */
function encodingKey(req: IncomingMessage): "gzip" | "identity" | null {
  const accepted = String(req.headers["accept-encoding"] ?? "").toLowerCase();
  if (/\bgzip\b/.test(accepted)) return /\bgzip\s*;\s*q=0(\.0+)?\b/.test(accepted) ? null : "gzip";
  // Deflate-only or other unusual negotiations: let Next decide, every time.
  return /\b(deflate|br|zstd)\b/.test(accepted) ? null : "identity";
}

function cacheKeyOf(req: IncomingMessage): string | null {
  if (req.method !== "GET") return null;
  const url = req.url ?? "";
  if (!url.startsWith("/") || url.includes("?") || url.startsWith("/api/") || url.startsWith("/_next/")) return null;
  if ([...NAVIGATION_HEADERS, ...CONDITIONAL_HEADERS].some((h) => req.headers[h] !== undefined)) return null;
  const encoding = encodingKey(req);
  return encoding ? `${encoding} ${url}` : null;
}

function header(headers: OutgoingHttpHeaders, name: string): string {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : String(value ?? "");
}

function isReplayable(status: number, headers: OutgoingHttpHeaders): boolean {
  return (
    status === 200 &&
    header(headers, "x-nextjs-cache") === "HIT" &&
    header(headers, "cache-control") === STATIC_CACHE_CONTROL &&
    headers["set-cookie"] === undefined
  );
}

/** The headers as Next set them, lower-cased, with `writeHead`'s own merged in. */
function mergedHeaders(res: ServerResponse, extra: unknown): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = { ...res.getHeaders() };
  if (Array.isArray(extra)) {
    for (let i = 0; i + 1 < extra.length; i += 2) out[String(extra[i]).toLowerCase()] = extra[i + 1] as string;
  } else if (extra && typeof extra === "object") {
    for (const [k, v] of Object.entries(extra as OutgoingHttpHeaders)) out[k.toLowerCase()] = v;
  }
  return out;
}

function toBuffer(chunk: unknown, encoding?: unknown): Buffer | null {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
}

export function createStaticPageCache(next: RequestHandler, options: { maxBytes?: number } = {}): StaticPageCache {
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  function replay(entry: Entry, res: ServerResponse) {
    for (const [name, value] of Object.entries(entry.headers)) if (value !== undefined) res.setHeader(name, value);
    res.setHeader("content-length", entry.body.length);
    res.statusCode = entry.status;
    res.end(entry.body);
  }

  /** Passes the request to Next and keeps a copy of what it answers, if that answer may be replayed. */
  function record(key: string, req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    let size = 0;
    let headers: OutgoingHttpHeaders | null = null;
    let keep = true;
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const take = (chunk: unknown, encoding?: unknown) => {
      if (!keep) return;
      headers ??= mergedHeaders(res, undefined);
      const buffer = toBuffer(chunk, encoding);
      if (!buffer) return;
      size += buffer.length;
      if (size > maxBytes / 8) keep = false; // one page may not take more than an eighth of the cache
      else chunks.push(Buffer.from(buffer)); // a copy: the caller may reuse its buffer
    };
    res.writeHead = ((...args: unknown[]) => {
      const extra = typeof args[1] === "string" ? args[2] : args[1];
      headers = mergedHeaders(res, extra);
      return writeHead(...args);
    }) as typeof res.writeHead;
    res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
      take(chunk, encoding);
      return write(chunk, encoding, cb);
    }) as typeof res.write;
    res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
      take(chunk, encoding);
      const finalHeaders = headers ?? mergedHeaders(res, undefined);
      if (keep && isReplayable(res.statusCode, finalHeaders) && !entries.has(key)) {
        const body = Buffer.concat(chunks);
        if (bytes + body.length <= maxBytes) {
          const stored: OutgoingHttpHeaders = {};
          for (const [name, value] of Object.entries(finalHeaders)) if (!PER_REQUEST_HEADERS.has(name) && name !== "content-length") stored[name] = value;
          entries.set(key, { status: res.statusCode, headers: stored, body });
          bytes += body.length;
        }
      }
      return end(chunk, encoding, cb);
    }) as typeof res.end;
    return next(req, res);
  }

  return {
    handle(req, res) {
      const key = cacheKeyOf(req);
      if (key === null) return next(req, res);
      const entry = entries.get(key);
      if (entry) {
        hits += 1;
        replay(entry, res);
        return;
      }
      misses += 1;
      return record(key, req, res);
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
