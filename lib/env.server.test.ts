import { afterEach, describe, expect, it, vi } from "vitest";

/** env.server.ts validates process.env once, at import: each case imports it afresh. */
async function envWith(vars: Record<string, string | undefined>) {
  vi.resetModules();
  for (const [k, v] of Object.entries(vars)) vi.stubEnv(k, v);
  return (await import("./env.server")).env;
}
afterEach(() => vi.unstubAllEnvs());

describe("SQLITE_SYNCHRONOUS", () => {
  it('defaults to "full" (unset or empty) and takes either level in any case', async () => {
    expect((await envWith({ SQLITE_SYNCHRONOUS: undefined })).SQLITE_SYNCHRONOUS).toBe("full");
    expect((await envWith({ SQLITE_SYNCHRONOUS: "" })).SQLITE_SYNCHRONOUS).toBe("full");
    expect((await envWith({ SQLITE_SYNCHRONOUS: " NORMAL " })).SQLITE_SYNCHRONOUS).toBe("normal");
    expect((await envWith({ SQLITE_SYNCHRONOUS: "full" })).SQLITE_SYNCHRONOUS).toBe("full");
  });

  it("refuses any other value with a message naming the variable", async () => {
    await expect(envWith({ SQLITE_SYNCHRONOUS: "off" })).rejects.toThrow(/SQLITE_SYNCHRONOUS: must be "full" or "normal"/);
  });
});
