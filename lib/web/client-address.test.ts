import { describe, expect, it } from "vitest";
import { normaliseAddress, rateLimitKeyOfAddress, resolveClientAddress, trustedClientAddress } from "./client-address";

describe("resolveClientAddress", () => {
  it("uses the socket and ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(resolveClientAddress({ socketAddress: "203.0.113.9", forwardedFor: "198.51.100.1", trustedProxies: 0 })).toBe("203.0.113.9");
  });

  it("takes the entry the trusted proxy appended, not what the client wrote before it", () => {
    // The client sent "1.1.1.1"; nginx appended the real peer 198.51.100.7; nginx itself is the socket.
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "1.1.1.1, 198.51.100.7", trustedProxies: 1 })).toBe("198.51.100.7");
    expect(resolveClientAddress({ socketAddress: "10.0.0.2", forwardedFor: "1.1.1.1, 198.51.100.7, 10.0.0.1", trustedProxies: 2 })).toBe("198.51.100.7");
  });

  it("rotating spoofed headers all resolve to the one real client", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      seen.add(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: `10.9.${i}.1, 198.51.100.7`, trustedProxies: 1 }));
      seen.add(resolveClientAddress({ socketAddress: "198.51.100.7", forwardedFor: `10.9.${i}.1`, trustedProxies: 0 }));
    }
    expect([...seen]).toEqual(["198.51.100.7"]);
  });

  it("falls back to what it has when there are fewer hops than trusted proxies", () => {
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: undefined, trustedProxies: 1 })).toBe("127.0.0.1");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "198.51.100.7", trustedProxies: 3 })).toBe("198.51.100.7");
  });

  it("never returns a malformed entry from the trusted part", () => {
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: "1.1.1.1, not-an-ip", trustedProxies: 1 })).toBe("127.0.0.1");
    expect(resolveClientAddress({ socketAddress: "127.0.0.1", forwardedFor: ["198.51.100.7"], trustedProxies: 1 })).toBe("198.51.100.7");
    expect(resolveClientAddress({ socketAddress: undefined, forwardedFor: undefined, trustedProxies: 0 })).toBe("unknown");
  });
});

describe("normaliseAddress", () => {
  it("unwraps IPv4-mapped IPv6, brackets and ports", () => {
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(normaliseAddress(" [2001:db8::1]:443 ")).toBe("2001:db8::1");
    expect(normaliseAddress("192.0.2.1:8080")).toBe("192.0.2.1");
    expect(normaliseAddress("2001:DB8::1")).toBe("2001:db8::1");
  });
  it("refuses what is not an address", () => {
    for (const bad of ["", "unknown", "999.1.1.1", "1.2.3", "2001:db8::1::2", "1:2:3:4:5:6:7:8:9", "<script>"]) expect(normaliseAddress(bad), bad).toBe("");
  });
});

describe("rateLimitKeyOfAddress", () => {
  it("keys IPv4 by address and IPv6 by its /64", () => {
    expect(rateLimitKeyOfAddress("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitKeyOfAddress("2001:db8:1:2:aaaa::1")).toBe("2001:0db8:0001:0002::/64");
    expect(rateLimitKeyOfAddress("2001:db8:1:2:bbbb::9")).toBe("2001:0db8:0001:0002::/64");
    expect(rateLimitKeyOfAddress("::1")).toBe("0000:0000:0000:0000::/64");
  });
});

describe("trustedClientAddress", () => {
  const headers = (h: Record<string, string>) => new Headers(h);
  it("accepts the address only with this process's proof", () => {
    expect(trustedClientAddress(headers({ "x-cni-client-address": "198.51.100.7", "x-cni-client-address-proof": "p".repeat(32) }), "p".repeat(32))).toBe("198.51.100.7");
    expect(trustedClientAddress(headers({ "x-cni-client-address": "198.51.100.7", "x-cni-client-address-proof": "q".repeat(32) }), "p".repeat(32))).toBeNull();
    expect(trustedClientAddress(headers({ "x-cni-client-address": "198.51.100.7" }), "p".repeat(32))).toBeNull();
    expect(trustedClientAddress(headers({ "x-cni-client-address": "198.51.100.7", "x-cni-client-address-proof": "" }), undefined)).toBeNull();
  });
});
