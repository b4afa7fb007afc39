import { describe, expect, it } from "vitest";
import { deleteAccountSchema, emailChangeSchema, forgotPasswordSchema, profileSchema, resetPasswordSchema } from "./account";

describe("account input", () => {
  it("applies the sign-up password rules to a reset", () => {
    expect(resetPasswordSchema.safeParse({ token: "t".repeat(43), password: "short" }).success).toBe(false);
    expect(resetPasswordSchema.safeParse({ token: "t".repeat(43), password: "x".repeat(73) }).success).toBe(false);
    expect(resetPasswordSchema.safeParse({ token: "t".repeat(43), password: "long-enough-password" }).success).toBe(true);
    expect(resetPasswordSchema.safeParse({ token: "", password: "long-enough-password" }).success).toBe(false);
  });

  it("normalises emails and refuses unknown fields", () => {
    expect(forgotPasswordSchema.parse({ email: " Ada@Example.TEST " })).toEqual({ email: "ada@example.test" });
    expect(forgotPasswordSchema.safeParse({ email: "ada@example.test", role: "admin" }).success).toBe(false);
    expect(emailChangeSchema.parse({ email: "New@Example.test" })).toEqual({ email: "new@example.test", currentPassword: "" });
    expect(profileSchema.safeParse({ name: "x".repeat(81) }).success).toBe(false);
    expect(deleteAccountSchema.safeParse({ password: 42 }).success).toBe(false);
  });
});
