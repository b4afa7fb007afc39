import { describe, expect, it } from "vitest";
import { describeWait, parseSignInRefusalCode, signInRefusalCode, signInRefusalMessage } from "./sign-in-messages";

describe("sign-in refusal messages", () => {
  it("round-trips the reason and wait through next-auth's error code", () => {
    expect(parseSignInRefusalCode(signInRefusalCode("account", 1800))).toEqual({ reason: "account", retryAfterSeconds: 1800 });
    expect(parseSignInRefusalCode("CredentialsSignin")).toBeNull();
    expect(parseSignInRefusalCode("TooManySignIns-admin-1")).toBeNull();
  });
  it("says how long to wait in words", () => {
    expect(signInRefusalMessage("pair", 30)).toBe("Too many failed sign-ins for this account. Try again in 30 seconds.");
    expect(describeWait(1)).toBe("1 second");
    expect(describeWait(61)).toBe("2 minutes");
    expect(describeWait(60)).toBe("1 minute");
  });
});
