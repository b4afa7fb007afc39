import { describe, expect, it } from "vitest";
import { isSafeAuthRedirect, safeAuthRedirect, safeCallbackUrl } from "./safe-redirect";

/** What a browser would make of `href` on our page: the origin it would navigate to. */
const browserOrigin = (href: string) => new URL(href, "https://academy.example/signin").origin;

// Each as the page receives it (already percent-decoded once by the query parser) and as
// it would be if something decoded it again.
const hostile = [
  "https://evil.example/stolen",
  "http:evil.example",
  "javascript:alert(1)",
  "//evil.example",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example/stolen",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "\t//evil.example",
  " //evil.example",
  "/%2F/evil.example",
  "/%2f%2fevil.example",
  "%2F%09%2Fevil.example%2Fstolen",
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%5Cevil.example",
  "/\u0000/evil.example",
  "/\u2028/evil.example",
  "/%ff",
  "https://academy.example.evil.example/",
  "",
];

describe("safeCallbackUrl", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeCallbackUrl("/quizzes/x")).toBe("/quizzes/x");
    expect(safeCallbackUrl("/join/DEMOJOIN23?from=mail#top")).toBe("/join/DEMOJOIN23?from=mail#top");
    expect(safeCallbackUrl("/lessons/vxlan%20intro")).toBe("/lessons/vxlan%20intro");
    expect(safeCallbackUrl(["/me", "//evil.example"])).toBe("/me");
    expect(safeCallbackUrl(undefined, "/me")).toBe("/me");
  });

  it.each(hostile)("refuses %j", (value) => {
    const out = safeCallbackUrl(value, "/fallback");
    expect(out).toBe("/fallback");
  });

  it("never returns anything a browser would resolve to another origin", () => {
    for (const value of hostile) expect(browserOrigin(safeCallbackUrl(value))).toBe("https://academy.example");
  });
});

describe("safeAuthRedirect (next-auth's redirect callback)", () => {
  const base = "https://academy.example";
  it("keeps relative and same-origin absolute targets", () => {
    expect(safeAuthRedirect("/quizzes/x", base)).toBe("https://academy.example/quizzes/x");
    expect(safeAuthRedirect("https://academy.example/me?tab=1", base)).toBe("https://academy.example/me?tab=1");
  });
  it.each([...hostile.filter((h) => h !== ""), "https://academy.example//evil.example", "https://academy.example/\t/evil.example", "https://academy.example:444/me", "http://academy.example/me"])(
    "sends %j home",
    (value) => {
      expect(safeAuthRedirect(value, base)).toBe(base);
    },
  );
});

describe("isSafeAuthRedirect", () => {
  it("accepts what next-auth may be given and refuses the rest", () => {
    const base = "http://127.0.0.1:3200";
    for (const ok of ["/", "/quizzes/x", base, `${base}/me`]) expect(isSafeAuthRedirect(ok, base), ok).toBe(true);
    for (const bad of ["\uFFFD", "%ff", "//evil.example", "https://evil.example/", "abc"]) expect(isSafeAuthRedirect(bad, base), bad).toBe(false);
  });
});
