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

});
