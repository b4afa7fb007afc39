import { describe, expect, it } from "vitest";
import { compareEncapsulationOverhead, encapsulationOverhead } from "./overhead";

describe("encapsulation overhead (RFC 7348, RFC 2003, flannel, Calico)", () => {
  it("gives the textbook MTUs on a 1500-byte underlay", () => {
    expect(encapsulationOverhead("flannel-vxlan").podMtu).toBe(1450);
    expect(encapsulationOverhead("calico-vxlan").podMtu).toBe(1450);
    expect(encapsulationOverhead("calico-ipip").podMtu).toBe(1480);
    expect(encapsulationOverhead("flannel-udp").podMtu).toBe(1472);
    expect(encapsulationOverhead("flannel-host-gw").podMtu).toBe(1500);
    expect(encapsulationOverhead("calico-bgp").podMtu).toBe(1500);
  });
  it("gives the seed's 1400 on its 1450-byte OpenStack underlay", () => {
    expect(encapsulationOverhead("flannel-vxlan", 1450).podMtu).toBe(1400);
  });
  it("breaks VXLAN's 50 bytes down both ways", () => {
    const v = encapsulationOverhead("flannel-vxlan");
    expect(v.mtuReductionParts.map((p) => p.bytes)).toEqual([20, 8, 8, 14]);
    expect(v.wireParts.map((p) => [p.header, p.bytes])).toEqual([["outer Ethernet", 14], ["outer IPv4", 20], ["outer UDP", 8], ["VXLAN", 8]]);
    expect(v.wireBytesAdded).toBe(50);
    expect(compareEncapsulationOverhead()).toHaveLength(8);
  });
});
