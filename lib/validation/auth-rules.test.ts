import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailFieldProblem, nameProblem, newPasswordProblem } from "./auth-rules";
import { emailSchema, passwordSchema, signUpSchema } from "./auth";

/** The forms' zod-free hints must never refuse what the server accepts, and agree exactly where they can. */
describe("auth-rules agree with the server's schemas", () => {
  it("new passwords: the same verdict and the same message", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 90 }), fc.string({ unit: "grapheme", maxLength: 40 })), (password) => {
        const server = passwordSchema.safeParse(password);
        const hint = newPasswordProblem(password);
        expect(hint === null).toBe(server.success);
        if (!server.success) expect(hint).toBe(server.error.issues[0]!.message);
      }),
      { numRuns: 3000 },
    );
  });

  it("names: the same verdict", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 100 }), fc.string({ unit: "grapheme", maxLength: 90 })), (name) => {
        expect(nameProblem(name) === null).toBe(signUpSchema.shape.name.safeParse(name).success);
      }),
    );
  });

  it("emails: every address the server accepts passes the hint", () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string()), (email) => {
        if (emailSchema.safeParse(email).success) expect(emailFieldProblem(email, false)).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it("emails: the messages the sign-up form shows", () => {
    expect(emailFieldProblem("  ", false)).toBe("Enter your email address.");
    expect(emailFieldProblem("not-an-email", false)).toBe("Enter a valid email address, like ada@example.com.");
    expect(emailFieldProblem("a@b", true)).toBe("Enter a valid email address, like ada@example.com.");
    expect(emailFieldProblem(`${"a".repeat(250)}@b.cd`, false)).toBe("That email address is too long.");
  });
});
