import { describe, expect, it } from "vitest";
import { captureFrames, encodePcap, LINKTYPE_ETHERNET, LINKTYPE_RAW, linkTypeOf, resolveCapturePoint } from "./pcap";
import { getScenario } from "./scenarios";
import { walkPacket } from "./walk";

describe("pcap export", () => {
  const c = getScenario("seed-flannel-vxlan");
  const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
  it("writes a classic libpcap header and one record per frame seen on the device", () => {
    const frames = captureFrames([r], [resolveCapturePoint(c, "node1:ens3")]);
    expect(frames).toHaveLength(1);
    const bytes = encodePcap(frames, LINKTYPE_ETHERNET);
    const v = new DataView(bytes.buffer);
    expect(v.getUint32(0, true)).toBe(0xa1b2c3d4);
    expect([v.getUint16(4, true), v.getUint16(6, true)]).toEqual([2, 4]);
    expect(v.getUint32(20, true)).toBe(1);
    expect(v.getUint32(24 + 8, true)).toBe(148);
    expect(bytes.length).toBe(24 + 16 + 148);
  });
  it("uses LINKTYPE_RAW for L3 tunnel devices and resolves pod capture points", () => {
    const ipip = getScenario("calico-ipip");
    expect(linkTypeOf(ipip, resolveCapturePoint(ipip, "node1:tunl0"))).toBe(LINKTYPE_RAW);
    expect(resolveCapturePoint(c, "httpd-app-675b65488d-9w69v:eth0")).toEqual({ node: "node1", netns: "pod:httpd-app-675b65488d-9w69v", device: "eth0" });
    expect(() => resolveCapturePoint(c, "node1:eth9")).toThrow(/no device "eth9"/);
    expect(() => resolveCapturePoint(c, "node1")).toThrow(/NODE:DEVICE/);
  });
});
