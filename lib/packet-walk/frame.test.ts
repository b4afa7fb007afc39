import { describe, expect, it } from "vitest";
import { ipv4, mac } from "./addresses";
import { encodeWireUnit, internetChecksum, onesComplementSum } from "./frame";
import type { EthFrame, IpPacket } from "./packet";

describe("Internet checksum", () => {
  it("matches the classic IPv4 header example (header 4500 0073 0000 4000 4011 .... c0a8 0001 c0a8 00c7 → b861)", () => {
    // The textbook example (e.g. Wikipedia "Internet checksum"): a UDP packet 192.168.0.1 → 192.168.0.199, TTL 64, DF, total length 115.
    const pkt: IpPacket = {
      kind: "ip", src: ipv4("192.168.0.1"), dst: ipv4("192.168.0.199"), ttl: 64, id: 0, df: true,
      payload: { kind: "udp", sport: 1, dport: 2, checksum: false, body: { kind: "data", length: 115 - 28 } },
    };
    const bytes = encodeWireUnit(pkt);
    expect(Array.from(bytes.subarray(0, 10)).map((b) => b.toString(16).padStart(2, "0")).join("")).toBe("45000073000040004011");
    expect((bytes[10] as number) * 256 + (bytes[11] as number)).toBe(0xb861);
  });
  it("RFC 1071 §3 example sums to ddf2", () => {
    const data = Uint8Array.from([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
    expect(onesComplementSum(data, 0, data.length)).toBe(0xddf2);
    expect(internetChecksum(data, 0, data.length)).toBe(~0xddf2 & 0xffff);
  });
});

describe("VXLAN frame encoding", () => {
  const inner: EthFrame = {
    kind: "eth", src: mac("2a:95:ed:10:e4:56"), dst: mac("72:c8:ad:5f:87:07"),
    payload: { kind: "ip", src: ipv4("10.244.1.2"), dst: ipv4("10.244.2.2"), ttl: 63, id: 7, df: true, payload: { kind: "icmp", type: 8, code: 0, ident: 1, seq: 1, dataLength: 56 } },
  };
  const outer: EthFrame = {
    kind: "eth", src: mac("fa:16:3e:69:98:f3"), dst: mac("fa:16:3e:eb:3a:5e"),
    payload: { kind: "ip", src: ipv4("30.0.1.160"), dst: ipv4("30.0.1.47"), ttl: 64, id: 9, df: false, payload: { kind: "udp", sport: 40000, dport: 8472, checksum: true, body: { kind: "vxlan", vni: 1, inner } } },
  };
  const b = encodeWireUnit(outer);
  const u16 = (o: number) => (b[o] as number) * 256 + (b[o + 1] as number);
  it("has the RFC 7348 layout: 14 + 20 + 8 + 8 bytes before the inner frame (50 bytes of overhead)", () => {
    expect(b.length).toBe(14 + 20 + 8 + 8 + 14 + 84);
    expect(u16(12)).toBe(0x0800);
    expect(b[14 + 9]).toBe(17);
    expect(u16(14 + 20 + 2)).toBe(8472);
    expect(u16(14 + 20 + 4)).toBe(8 + 8 + 14 + 84);
    const vx = 14 + 20 + 8;
    expect(b[vx]).toBe(0x08);
    expect(((b[vx + 4] as number) << 16) | ((b[vx + 5] as number) << 8) | (b[vx + 6] as number)).toBe(1);
    expect(Array.from(b.subarray(vx + 8, vx + 14))).toEqual([0x72, 0xc8, 0xad, 0x5f, 0x87, 0x07]);
  });
  it("has valid IPv4 and UDP checksums (verification sums fold to 0xffff)", () => {
    expect(onesComplementSum(b, 14, 34)).toBe(0xffff);
    const udpLen = u16(14 + 20 + 4);
    const pseudo = 0x1e00 + 0x01a0 + 0x1e00 + 0x012f + 17 + udpLen;
    expect(onesComplementSum(b, 34, 34 + udpLen, pseudo)).toBe(0xffff);
    const innerIp = 14 + 20 + 8 + 8 + 14;
    expect(onesComplementSum(b, innerIp, innerIp + 20)).toBe(0xffff);
    expect(onesComplementSum(b, innerIp + 20, innerIp + 84)).toBe(0xffff);
  });
  it("writes a zero UDP checksum when the device has noudpcsum", () => {
    const noCsum = encodeWireUnit({ ...outer, payload: { ...outer.payload, payload: { kind: "udp", sport: 40000, dport: 8472, checksum: false, body: { kind: "vxlan", vni: 1, inner } } } });
    expect((noCsum[34 + 6] as number) * 256 + (noCsum[34 + 7] as number)).toBe(0);
  });
});
