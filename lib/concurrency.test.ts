import { describe, expect, it } from "vitest";
import { createConcurrencyGate } from "./concurrency";

describe("createConcurrencyGate", () => {
  it("never runs more than `limit` tasks at once, runs them all, and passes results and errors through", async () => {
    const gate = createConcurrencyGate(2);
    let running = 0;
    let peak = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        gate.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 2));
          running -= 1;
          if (i === 3) throw new Error("task 3 failed");
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual([0, 1, 2, "task 3 failed", 4, 5, 6, 7, 8, 9]);
    expect([gate.active(), gate.waiting()]).toEqual([0, 0]);
  });
});
