import { describe, expect, it } from "vitest";
import { cidr, cidrContains, eui64LinkLocal, ifName, ipv4, ipv4ToNumber, mac, networkOf, PacketWalkInputError } from "./addresses";

describe("IPv4 parsing", () => {
  it("accepts dotted quads and converts them to numbers", () => {
    expect(ipv4ToNumber("10.244.1.2")).toBe(10 * 2 ** 24 + 244 * 2 ** 16 + 1 * 256 + 2);
    expect(ipv4ToNumber("255.255.255.255")).toBe(0xffffffff);
  });
  it("rejects out-of-range octets, leading zeros and junk", () => {
    for (const bad of ["256.1.1.1", "10.244.01.2", "10.244.1", "10.244.1.2.3", "a.b.c.d", ""]) {
      expect(() => ipv4(bad)).toThrow(PacketWalkInputError);
    }
  });
});

describe("CIDR", () => {
  it("requires host bits to be zero, like `ip route add`", () => {
    expect(cidr("10.244.0.0/16")).toBe("10.244.0.0/16");
    expect(() => cidr("10.244.1.0/16")).toThrow(/host bits set; the network is 10.244.0.0\/16/);
  });
  it("computes containment and networks", () => {
    expect(cidrContains(cidr("10.244.0.0/16"), ipv4("10.244.2.2"))).toBe(true);
    expect(cidrContains(cidr("10.244.1.0/24"), ipv4("10.244.2.2"))).toBe(false);
    expect(cidrContains(cidr("0.0.0.0/0"), ipv4("8.8.8.8"))).toBe(true);
    expect(networkOf(ipv4("192.168.0.65"), 26)).toBe("192.168.0.64/26");
  });
});

describe("MAC and interface names", () => {
  it("derives the IPv6 link-local address the seed's `ip addr` prints (modified EUI-64)", () => {
    // Pairs copied from seed 001's `ip addr` output: link/ether and inet6 of the same device.
    const seed: [string, string][] = [
      ["fa:16:3e:69:98:f3", "fe80::f816:3eff:fe69:98f3"],
      ["2a:95:ed:10:e4:56", "fe80::2895:edff:fe10:e456"],
      ["36:a5:21:90:7c:9a", "fe80::34a5:21ff:fe90:7c9a"],
      ["72:c8:ad:5f:87:07", "fe80::70c8:adff:fe5f:8707"],
      ["5a:6f:a9:bc:09:27", "fe80::586f:a9ff:febc:927"],
    ];
    for (const [m, ll] of seed) expect(eui64LinkLocal(mac(m))).toBe(ll);
  });
  it("validates interface names like the kernel (max 15 bytes, no '/')", () => {
    expect(ifName("vxlan.calico")).toBe("vxlan.calico");
    expect(ifName("cali7c9a7a92cfe")).toBe("cali7c9a7a92cfe");
    expect(() => ifName("cali7c9a7a92cfe0")).toThrow(PacketWalkInputError);
    expect(() => ifName("a/b")).toThrow(PacketWalkInputError);
    expect(() => mac("2a:95:ed:10:e4")).toThrow(PacketWalkInputError);
  });
});
