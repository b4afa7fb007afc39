import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { emailFieldProblem, MESSAGES, nameProblem, newPasswordProblem } from "./auth-rules";
import { COMMON_PASSWORDS, emailSchema, passwordSchema, signUpSchema } from "./auth";
import commonPasswordList from "./common-passwords.json";

const whitespace = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u3000");
/** Any text, whitespace only, common passwords with padding and other case, and padded near-minimum passwords. */
const passwords = fc.oneof(
  fc.string({ maxLength: 90 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.array(whitespace, { minLength: 1, maxLength: 30 }).map((cs) => cs.join("")),
  fc.tuple(fc.constantFrom(...commonPasswordList), fc.boolean(), whitespace).map(([p, upper, pad]) => `${pad}${upper ? p.toUpperCase() : p}${pad}`),
  fc.tuple(fc.string({ minLength: 8, maxLength: 11 }), whitespace).map(([p, pad]) => `${pad}${pad}${p}${pad}`),
);

/** The forms' zod-free hints must never refuse what the server accepts, and agree exactly where they can. */
describe("auth-rules agree with the server's schemas", () => {
  it("new passwords: the same verdict and the same message", () => {
    fc.assert(
      fc.property(passwords, (password) => {
        const server = passwordSchema.safeParse(password);
        const hint = newPasswordProblem(password, COMMON_PASSWORDS);
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

  it("the browser's hint before the list has loaded never refuses what the server accepts", () => {
    fc.assert(
      fc.property(passwords, (password) => {
        if (passwordSchema.safeParse(password).success) expect(newPasswordProblem(password)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});

describe("new-password rules (NIST SP 800-63B)", () => {
  it("counts the length without surrounding spaces", () => {
    expect(newPasswordProblem("  short-pw  ", COMMON_PASSWORDS)).toBe(MESSAGES.passwordShort);
    expect(newPasswordProblem(" long-enough-pw ", COMMON_PASSWORDS)).toBeNull();
  });
  it("refuses a password of whitespace only, however long", () => {
    expect(newPasswordProblem(" ".repeat(20), COMMON_PASSWORDS)).toBe(MESSAGES.passwordBlank);
    expect(newPasswordProblem("\t\n\u00a0\u3000".repeat(4), COMMON_PASSWORDS)).toBe(MESSAGES.passwordBlank);
  });
  it("refuses common passwords, ignoring case and padding, and only those", () => {
    expect(newPasswordProblem("qwertyuiop", COMMON_PASSWORDS)).toBe(MESSAGES.passwordCommon);
    expect(newPasswordProblem(" QwertyUIOP ", COMMON_PASSWORDS)).toBe(MESSAGES.passwordCommon);
    expect(newPasswordProblem("qwertyuiop-7f3k", COMMON_PASSWORDS)).toBeNull();
  });
  it("ships a list of 1,000 lowercased, trimmed entries no shorter than the minimum", () => {
    expect(commonPasswordList).toHaveLength(1000);
    for (const p of commonPasswordList) expect(p === p.trim().toLowerCase() && [...p].length >= 10).toBe(true);
  });
});
