import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "../safe-redirect";
import { fieldErrorsOf, signUpSchema } from "./auth";

describe("signUpSchema", () => {
  it("normalises the email and accepts a good sign-up", () => {
    expect(signUpSchema.parse({ email: "  Ada@Example.COM ", password: "long-enough-pw" }).email).toBe("ada@example.com");
  });
  it("gives one clear message per bad field", () => {
    const r = signUpSchema.safeParse({ email: "not-an-email", password: "short" });
    expect(r.success).toBe(false);
    if (!r.success) {
      const errors = fieldErrorsOf(r.error);
      expect(errors.email).toMatch(/valid email/);
      expect(errors.password).toMatch(/at least 10/);
    }
    const empty = signUpSchema.safeParse({ email: "", password: "" });
    if (!empty.success) expect(fieldErrorsOf(empty.error).email).toMatch(/Enter your email/);
  });
  it("refuses passwords bcrypt would truncate", () => {
    expect(signUpSchema.safeParse({ email: "a@b.co", password: "é".repeat(40) }).success).toBe(false);
  });
});

describe("safeCallbackUrl", () => {
  it("keeps same-site paths and refuses open redirects", () => {
    expect(safeCallbackUrl("/quizzes/x")).toBe("/quizzes/x");
    expect(safeCallbackUrl("https://evil.example")).toBe("/");
    expect(safeCallbackUrl("//evil.example")).toBe("/");
    expect(safeCallbackUrl("/\\evil.example")).toBe("/");
    expect(safeCallbackUrl(undefined, "/me")).toBe("/me");
  });
});
