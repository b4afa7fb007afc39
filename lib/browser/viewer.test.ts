import { describe, expect, it } from "vitest";
import { viewerFromSession } from "./viewer";

describe("viewerFromSession", () => {
  it("reads a live session", () => {
    expect(viewerFromSession({ user: { email: "a@example.test", name: "A" }, role: "learner", expires: "x" })).toEqual({ status: "signed-in", email: "a@example.test", name: "A", role: "learner" });
  });
  it("is signed out without a cookie (next-auth answers {})", () => {
    expect(viewerFromSession({})).toEqual({ status: "signed-out" });
    expect(viewerFromSession(null)).toEqual({ status: "signed-out" });
  });
  it("is signed out when the cookie decodes but its session row has ended (no role in the answer)", () => {
    expect(viewerFromSession({ user: { email: "a@example.test", name: "A" }, expires: "x" })).toEqual({ status: "signed-out" });
  });
  it("ignores odd shapes", () => {
    expect(viewerFromSession({ user: { email: 3 }, role: "learner" })).toEqual({ status: "signed-out" });
    expect(viewerFromSession({ user: { email: "a@example.test", name: 5 }, role: "admin" })).toEqual({ status: "signed-in", email: "a@example.test", name: null, role: "admin" });
  });
});
