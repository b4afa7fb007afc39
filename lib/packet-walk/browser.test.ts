import { describe, expect, it } from "vitest";
import * as browser from "./browser";
import * as index from "./index";

describe("browser entry", () => {
  it("re-exports the very same functions and constants as index.ts, nothing of its own", () => {
    const all = index as Record<string, unknown>;
    for (const [name, value] of Object.entries(browser)) expect(all[name], name).toBe(value);
  });
});
