import { describe, expect, it } from "vitest";
import { clientKeyOf, createRateLimiter } from "./rate-limit.server";

describe("createRateLimiter", () => {
  it("allows `limit` hits per window and key, then says when to retry", () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: 10_000 });
    expect(limiter.hit("a", 0)).toEqual({ ok: true });
    expect(limiter.hit("a", 1000)).toEqual({ ok: true });
    expect(limiter.hit("a", 2000)).toEqual({ ok: false, retryAfterSeconds: 8 });
    expect(limiter.hit("b", 2000)).toEqual({ ok: true });
    expect(limiter.hit("a", 10_000)).toEqual({ ok: true });
  });

  it("keeps at most maxKeys windows", () => {
    const limiter = createRateLimiter({ limit: 1, windowMs: 10_000, maxKeys: 2 });
    limiter.hit("a", 0);
    limiter.hit("b", 0);
    limiter.hit("c", 0); // forgets "a", the oldest
    expect(limiter.hit("a", 1)).toEqual({ ok: true });
  });
});

describe("clientKeyOf", () => {
  it("takes the first X-Forwarded-For address, then X-Real-IP", () => {
    expect(clientKeyOf(new Request("http://x", { headers: { "x-forwarded-for": "203.0.113.1, 10.0.0.1" } }))).toBe("203.0.113.1");
    expect(clientKeyOf(new Request("http://x", { headers: { "x-real-ip": "203.0.113.2" } }))).toBe("203.0.113.2");
    expect(clientKeyOf(new Request("http://x"))).toBe("unknown");
  });
});
