import "server-only";
import { createHash } from "node:crypto";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { env } from "./env.server";
import { describeWait } from "./sign-in-messages";
import { log } from "./observability/log";
import { CLIENT_ADDRESS_PROOF_ENV, rateLimitKeyOfAddress, trustedClientAddress } from "./web/client-address";

/**
 * Rate limits, counted by rate-limiter-flexible in Redis when REDIS_URL is set (one count
 * for every instance) or in this process's memory (the single-instance SQLite default).
 * If Redis stops answering, each instance falls back to counting in memory rather than
 * failing requests or letting everything through. docs/decisions/011-rate-limit-store.md.
 */
export type LimitVerdict = { ok: true; consumed: number } | { ok: false; retryAfterSeconds: number };

export interface Limiter {
  /** Counts `points` for `key`; refused once the window's points are spent. */
  consume(key: string, points?: number, options?: { customDurationSeconds?: number }): Promise<LimitVerdict>;
  /** How much of `key`'s window is spent, and when it ends; null when nothing is counted. */
  peek(key: string): Promise<{ consumed: number; retryAfterSeconds: number } | null>;
  /** Gives points back (a sign-in that turned out to be the right password). */
  reward(key: string, points?: number): Promise<void>;
  forget(key: string): Promise<void>;
}

export function rateLimitStore(): "redis" | "memory" {
  return env.RATE_LIMIT_STORE ?? (env.REDIS_URL ? "redis" : "memory");
}

const REDIS_KEY = Symbol.for("cni-academy.redis");
function redisClient(): Redis {
  const holder = globalThis as typeof globalThis & { [REDIS_KEY]?: Redis };
  if (!holder[REDIS_KEY]) {
    // No offline queue: while Redis is down a count fails at once and the in-memory
    // insurance limiter answers, instead of requests waiting on a reconnect.
    const client = new Redis(env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    let reported = false;
    client.on("error", (error: Error) => {
      if (!reported) log.warn("redis unavailable: rate limits fall back to per-process counts", { error: error.message });
      reported = true;
    });
    client.on("ready", () => (reported = false));
    holder[REDIS_KEY] = client;
  }
  return holder[REDIS_KEY];
}

/**
 * Keys are prefixed with a hash of the database URL: instances of one deployment share
 * their counts, while another deployment (or test run) using the same Redis does not.
 */
function keyPrefix(name: string): string {
  const deployment = createHash("sha256").update(env.DATABASE_URL).digest("hex").slice(0, 12);
  return `cni:${deployment}:${name}`;
}

export function createLimiter({ name, points, durationSeconds }: { name: string; points: number; durationSeconds: number }): Limiter {
  // Built on first use: route modules create their limiters when imported, which also
  // happens during `next build`, where no Redis connection should be opened.
  let built: RateLimiterAbstract | null = null;
  const store = (): RateLimiterAbstract => {
    if (built) return built;
    const memory = new RateLimiterMemory({ keyPrefix: keyPrefix(name), points, duration: durationSeconds });
    built =
      rateLimitStore() === "redis"
        ? new RateLimiterRedis({ storeClient: redisClient(), keyPrefix: keyPrefix(name), points, duration: durationSeconds, insuranceLimiter: memory, rejectIfRedisNotReady: true })
        : memory;
    return built;
  };
  return {
    async consume(key, count = 1, options = {}) {
      try {
        const res = await store().consume(key, count, options.customDurationSeconds ? { customDuration: options.customDurationSeconds } : {});
        return { ok: true, consumed: res.consumedPoints };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        throw rejection;
      }
    },
    async peek(key) {
      const res = await store().get(key);
      return res ? { consumed: res.consumedPoints, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) } : null;
    },
    async reward(key, count = 1) {
      await store().reward(key, count);
    },
    async forget(key) {
      await store().delete(key);
    },
  };
}

/** For /api/health and tests: where counts go right now. */
export async function rateLimitStoreStatus(waitMs = 0): Promise<"memory" | "redis" | "redis-unavailable"> {
  if (rateLimitStore() === "memory") return "memory";
  const client = redisClient();
  const until = Date.now() + waitMs;
  while (client.status !== "ready" && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return client.status === "ready" ? "redis" : "redis-unavailable";
}

let warnedUnknownClient = false;

/**
 * Who is calling, as a rate-limit key: the address our HTTP server resolved (scripts/serve.ts;
 * X-Forwarded-For counts only through TRUSTED_PROXIES). A request that did not come through
 * it (a bare `next start`) has no trustworthy address: such requests share one key, and
 * the log says so once.
 */
export function clientKeyOf(request: Request): string {
  const address = trustedClientAddress(request.headers, process.env[CLIENT_ADDRESS_PROOF_ENV]);
  if (address) return rateLimitKeyOfAddress(address);
  if (!warnedUnknownClient) {
    warnedUnknownClient = true;
    log.warn("request without a resolved client address: run the app with `npm start` (scripts/serve.ts), not `next start`; per-client limits now share one key");
  }
  return "unknown";
}

/** A 429 with Retry-After and a message that says when to try again. */
export function tooManyRequests(message: string, retryAfterSeconds: number): Response {
  return Response.json({ error: `${message} Try again in ${describeWait(retryAfterSeconds)}.`, retryAfterSeconds }, { status: 429, headers: { "retry-after": String(retryAfterSeconds) } });
}
