import "server-only";

/**
 * A fixed-window request counter per key, in this process's memory. Good enough to stop
 * one client hammering an endpoint of a single instance; several instances each count
 * on their own (a shared store such as Redis would be the next step if that matters).
 */
export interface RateLimiter {
  /** Counts one request for `key`; `ok: false` with the seconds until the window resets when over the limit. */
  hit(key: string, now?: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

export function createRateLimiter({ limit, windowMs, maxKeys = 10_000 }: { limit: number; windowMs: number; maxKeys?: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now = Date.now()) {
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (!w && windows.size >= maxKeys) {
          // Drop expired windows first; if every key is live, forget the oldest.
          for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
          if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        }
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count > limit) return { ok: false, retryAfterSeconds: Math.ceil((w.start + windowMs - now) / 1000) };
      return { ok: true };
    },
  };
}

/** The client address as the reverse proxy reports it (first X-Forwarded-For hop), or "unknown". */
export function clientKeyOf(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("x-real-ip") || "unknown";
}
