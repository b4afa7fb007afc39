import { afterAll, describe, expect, it, vi } from "vitest";

/**
 * The limiter against each store. The module reads REDIS_URL once, when first imported, so
 * each store gets a fresh import with its environment. Redis is the one on 127.0.0.1:6379
 * (every machine and CI has it); keys are unique per run.
 */
async function importWith(envVars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(envVars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return import("./rate-limit.server");
}

const saved = { REDIS_URL: process.env.REDIS_URL, RATE_LIMIT_STORE: process.env.RATE_LIMIT_STORE };
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

const run = `${process.pid}-${Date.now()}`;

describe.each([
  ["memory", { REDIS_URL: undefined, RATE_LIMIT_STORE: undefined }],
  ["redis", { REDIS_URL: "redis://127.0.0.1:6379", RATE_LIMIT_STORE: undefined }],
])("createLimiter (%s)", (store, envVars) => {
  it("allows `points` per window and key, then says when to retry", async () => {
    const { createLimiter, rateLimitStoreStatus } = await importWith(envVars);
    expect(await rateLimitStoreStatus(2_000)).toBe(store);
    const limiter = createLimiter({ name: `t1-${run}`, points: 2, durationSeconds: 60 });
    expect(await limiter.consume("a")).toEqual({ ok: true, consumed: 1 });
    expect(await limiter.consume("a")).toEqual({ ok: true, consumed: 2 });
    const third = await limiter.consume("a");
    expect(third.ok).toBe(false);
    if (!third.ok) expect(third.retryAfterSeconds).toBeGreaterThan(55);
    expect((await limiter.consume("b")).ok).toBe(true);
    // A refused request is counted too (consumed 3 of 2): giving back two lets one more through.
    await limiter.reward("a", 2);
    expect((await limiter.consume("a")).ok).toBe(true);
    await limiter.forget("a");
    expect(await limiter.peek("a")).toBeNull();
  });

  it("counts parallel requests exactly", async () => {
    const { createLimiter, rateLimitStoreStatus } = await importWith(envVars);
    expect(await rateLimitStoreStatus(2_000)).toBe(store);
    const limiter = createLimiter({ name: `t2-${run}`, points: 30, durationSeconds: 60 });
    const verdicts = await Promise.all(Array.from({ length: 70 }, () => limiter.consume("burst")));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(30);
  });
});

describe("createLimiter on Redis", () => {
  it("two instances share one count (each would otherwise grant the whole limit)", async () => {
    const first = await importWith({ REDIS_URL: "redis://127.0.0.1:6379" });
    const a = first.createLimiter({ name: `t3-${run}`, points: 30, durationSeconds: 60 });
    // A second import is a second instance: its own module state and its own Redis connection.
    (globalThis as Record<symbol, unknown>)[Symbol.for("cni-academy.redis")] = undefined;
    const second = await importWith({ REDIS_URL: "redis://127.0.0.1:6379" });
    const b = second.createLimiter({ name: `t3-${run}`, points: 30, durationSeconds: 60 });
    expect([await first.rateLimitStoreStatus(2_000), await second.rateLimitStoreStatus(2_000)]).toEqual(["redis", "redis"]);
    const verdicts = await Promise.all(Array.from({ length: 70 }, (_, i) => (i % 2 ? a : b).consume("client")));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(30);
  });

  it("when Redis does not answer, counts in memory instead of failing or letting everything through", async () => {
    const warn = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    (globalThis as Record<symbol, unknown>)[Symbol.for("cni-academy.redis")] = undefined;
    const { createLimiter, rateLimitStoreStatus } = await importWith({ REDIS_URL: "redis://127.0.0.1:1" });
    expect(await rateLimitStoreStatus(200)).toBe("redis-unavailable");
    const limiter = createLimiter({ name: `t4-${run}`, points: 3, durationSeconds: 60 });
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push(await limiter.consume("k"));
    expect(verdicts.map((v) => v.ok)).toEqual([true, true, true, false, false]);
    warn.mockRestore();
  });
});

describe("clientKeyOf", () => {
  it("trusts the address only with the server's proof, and never X-Forwarded-For itself", async () => {
    const { clientKeyOf } = await importWith({ CNI_CLIENT_ADDRESS_PROOF: "proof-of-this-process" });
    const withProof = new Request("http://x", { headers: { "x-cni-client-address": "203.0.113.1", "x-cni-client-address-proof": "proof-of-this-process" } });
    expect(clientKeyOf(withProof)).toBe("203.0.113.1");
    const warn = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const forged = new Request("http://x", { headers: { "x-cni-client-address": "203.0.113.1", "x-cni-client-address-proof": "guess", "x-forwarded-for": "203.0.113.1" } });
    expect(clientKeyOf(forged)).toBe("unknown");
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
