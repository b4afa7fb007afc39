import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { pageBootScript, SLOT_HEIGHTS_KEY, VIEWER_HINT_KEY, VIEWER_ROLE_HINT_KEY } from "./page-boot";

/** Runs the inline script against a minimal document and storage, as <head> would. */
function boot(storage: Record<string, string>, innerWidth = 1280) {
  const attributes: Record<string, string> = {};
  const style: Record<string, string> = {};
  const documentElement = { setAttribute: (k: string, v: string) => (attributes[k] = v), style: { setProperty: (k: string, v: string) => (style[k] = v) } };
  const localStorage = { getItem: (k: string) => storage[k] ?? null };
  runInNewContext(pageBootScript, { document: { documentElement }, localStorage, window: { innerWidth }, JSON, String, Math });
  return { attributes, style };
}

describe("pageBootScript", () => {
  it("puts the viewer hint and the heights remembered for this width on <html>", () => {
    const { attributes, style } = boot({ [VIEWER_HINT_KEY]: "signed-in", [SLOT_HEIGHTS_KEY]: JSON.stringify({ "my-assignments": { "26": 312, "8": 500 } }) }, 1280);
    expect(attributes["data-viewer"]).toBe("signed-in");
    expect(style).toEqual({ "--slot-my-assignments": "312px" });
  });
  it("uses nothing for another width, and ignores junk without throwing", () => {
    expect(boot({ [SLOT_HEIGHTS_KEY]: JSON.stringify({ "my-assignments": { "8": 500 } }) }, 1280).style).toEqual({});
    expect(boot({ [VIEWER_HINT_KEY]: "admin", [SLOT_HEIGHTS_KEY]: "{not json" }).attributes).toEqual({});
    expect(boot({ [SLOT_HEIGHTS_KEY]: JSON.stringify({ "x;color:red": { "26": 1 }, ok: { "26": "9" } }) }).style).toEqual({});
  });
  it("sizes the header for a staff role only when signed in, and only for known roles", () => {
    expect(boot({ [VIEWER_HINT_KEY]: "signed-in", [VIEWER_ROLE_HINT_KEY]: "admin" }).attributes["data-viewer-role"]).toBe("admin");
    expect(boot({ [VIEWER_HINT_KEY]: "signed-in", [VIEWER_ROLE_HINT_KEY]: "instructor" }).attributes["data-viewer-role"]).toBe("instructor");
    expect(boot({ [VIEWER_HINT_KEY]: "signed-out", [VIEWER_ROLE_HINT_KEY]: "admin" }).attributes["data-viewer-role"]).toBeUndefined();
    expect(boot({ [VIEWER_HINT_KEY]: "signed-in", [VIEWER_ROLE_HINT_KEY]: "learner" }).attributes["data-viewer-role"]).toBeUndefined();
  });
});
