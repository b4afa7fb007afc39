import { describe, expect, it } from "vitest";
import { redactLinks } from "./mail.server";

describe("redactLinks", () => {
  it("cuts the token out of every link that carries one and leaves other links alone", () => {
    const text = "Reset: https://academy.example/reset-password?token=abc_DEF-123\nHome: https://academy.example/signup";
    const out = redactLinks(text);
    expect(out).not.toContain("abc_DEF-123");
    expect(out).toContain("https://academy.example/reset-password?token=[redacted]");
    expect(out).toContain("https://academy.example/signup");
  });
});
