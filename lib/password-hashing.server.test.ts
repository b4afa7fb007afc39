import bcrypt from "bcryptjs";
import { describe, expect, it } from "vitest";
import { bcryptCompare, bcryptHash } from "./password-hashing.server";

describe("bcrypt in worker threads", () => {
  it("hashes and compares like bcryptjs, in parallel, without blocking the event loop", async () => {
    const hashes = await Promise.all(["alpha-password", "beta-password", "gamma-password"].map((p) => bcryptHash(p, 8)));
    expect(bcrypt.compareSync("beta-password", hashes[1]!)).toBe(true);
    // While three cost-10 comparisons run, timers on this thread keep firing.
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 5);
    const results = await Promise.all([
      bcryptCompare("alpha-password", bcrypt.hashSync("alpha-password", 10)),
      bcryptCompare("wrong", bcrypt.hashSync("alpha-password", 10)),
      bcryptCompare("gamma-password", hashes[2]!),
    ]);
    clearInterval(timer);
    expect(results).toEqual([true, false, true]);
    expect(ticks).toBeGreaterThan(0);
  });

  it("keeps passwords with bad bytes apart: a NUL does not end them, lone surrogates do not collapse into one character", async () => {
    // Many C bcrypt implementations stop at NUL and UTF-8 encoders turn every lone surrogate
    // into U+FFFD; either would let a different password sign in. These cross the worker boundary too.
    const withNul = await bcryptHash("abcdefghijk\u0000xyz", 4);
    expect(await bcryptCompare("abcdefghijk\u0000zzz", withNul)).toBe(false);
    expect(await bcryptCompare("abcdefghijk", withNul)).toBe(false);
    expect(await bcryptCompare("abcdefghijk\u0000xyz", withNul)).toBe(true);
    const withSurrogate = await bcryptHash("\uD800abcdefghijk", 4);
    expect(await bcryptCompare("\uDC00abcdefghijk", withSurrogate)).toBe(false);
    expect(await bcryptCompare("\uFFFDabcdefghijk", withSurrogate)).toBe(false);
    expect(await bcryptCompare("\uD800abcdefghijk", withSurrogate)).toBe(true);
  });
});
