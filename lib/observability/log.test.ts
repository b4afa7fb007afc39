import { describe, expect, it } from "vitest";
import { logLine, requestContextStore } from "./log";

describe("logLine", () => {
  it("is one JSON object carrying the request id of the request being served", async () => {
    const at = new Date("2026-12-02T00:00:00Z");
    expect(JSON.parse(logLine("info", "outside", { n: 1 }, at))).toEqual({ time: "2026-12-02T00:00:00.000Z", level: "info", msg: "outside", n: 1 });
    const inside = await requestContextStore().run({ requestId: "req-1" }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return logLine("warn", "inside", { error: new Error("boom") }, at);
    });
    expect(JSON.parse(inside)).toEqual({ time: "2026-12-02T00:00:00.000Z", level: "warn", msg: "inside", requestId: "req-1", error: { name: "Error", message: "boom" } });
    expect(inside).not.toContain("\n");
  });
});
