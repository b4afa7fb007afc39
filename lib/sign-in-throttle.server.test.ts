import { describe, expect, it } from "vitest";
import { backoffSeconds, beginSignIn, createSignInLimiters, SIGN_IN_POLICY } from "./sign-in-throttle.server";

let n = 0;
const fresh = () => createSignInLimiters(`test-${process.pid}-${n++}`);

describe("beginSignIn", () => {
  it("lets the free attempts through, then refuses with a Retry-After until the back-off ends", async () => {
    const use = fresh();
    for (let i = 0; i < SIGN_IN_POLICY.freeAttempts; i++) expect((await beginSignIn("a@example.test", "198.51.100.1", use)).ok).toBe(true);
    // The first attempt past the free ones is let through and starts the back-off…
    expect((await beginSignIn("a@example.test", "198.51.100.1", use)).ok).toBe(true);
    // …and 40 more wrong passwords in a row, then the right one, are all refused without a check.
    for (let i = 0; i < 41; i++) {
      const gate = await beginSignIn("A@Example.test", "198.51.100.1", use);
      expect(gate.ok).toBe(false);
      if (!gate.ok) {
        expect(gate.retryAfterSeconds).toBeGreaterThan(0);
        expect(gate.retryAfterSeconds).toBeLessThanOrEqual(backoffSeconds(SIGN_IN_POLICY.freeAttempts + 1));
        expect(gate.message).toMatch(/Too many failed sign-ins for this account\. Try again in \d+ seconds?\./);
      }
    }
    // Another client is not held back by this one's guessing.
    expect((await beginSignIn("a@example.test", "198.51.100.2", use)).ok).toBe(true);
  });

  it("counts before the password is checked, so parallel attempts cannot slip past the limit", async () => {
    const use = fresh();
    const gates = await Promise.all(Array.from({ length: 40 }, () => beginSignIn("p@example.test", "198.51.100.3", use)));
    expect(gates.filter((g) => g.ok)).toHaveLength(SIGN_IN_POLICY.freeAttempts + 1);
  });

  it("the right password clears the count for that account and client", async () => {
    const use = fresh();
    for (let i = 0; i < SIGN_IN_POLICY.freeAttempts - 1; i++) await beginSignIn("r@example.test", "198.51.100.4", use);
    const right = await beginSignIn("r@example.test", "198.51.100.4", use);
    if (!right.ok) throw new Error("expected the attempt to be let through");
    await right.succeeded();
    for (let i = 0; i < SIGN_IN_POLICY.freeAttempts; i++) expect((await beginSignIn("r@example.test", "198.51.100.4", use)).ok).toBe(true);
  });

  it("closes password sign-in to an account guessed at from many addresses", async () => {
    const use = fresh();
    for (let i = 0; i < SIGN_IN_POLICY.failuresPerAccount.points; i++) expect((await beginSignIn("v@example.test", `203.0.113.${i}`, use)).ok).toBe(true);
    const gate = await beginSignIn("v@example.test", "192.0.2.200", use);
    expect(gate.ok).toBe(false);
    if (!gate.ok) expect(gate.message).toMatch(/reset your password/);
  });

  it("limits one client spraying many accounts", async () => {
    const use = fresh();
    for (let i = 0; i < SIGN_IN_POLICY.failuresPerClient.points; i++) expect((await beginSignIn(`u${i}@example.test`, "198.51.100.9", use)).ok).toBe(true);
    const gate = await beginSignIn("another@example.test", "198.51.100.9", use);
    expect(gate.ok).toBe(false);
    if (!gate.ok) expect(gate.message).toMatch(/from your network/);
  });
});

describe("backoffSeconds", () => {
  it("doubles from 30 s and stops at 15 minutes", () => {
    const first = SIGN_IN_POLICY.freeAttempts + 1;
    expect([first, first + 1, first + 2, first + 3, first + 10].map(backoffSeconds)).toEqual([30, 60, 120, 240, 900]);
  });
});
