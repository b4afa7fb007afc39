/**
 * Encapsulation overhead per dataplane and the MTU each leaves for pods.
 *
 * Two views of the same bytes, both useful in a lesson:
 *  - `mtuReduction`: what is subtracted from the underlay IP MTU to get the pod
 *    MTU (headers that end up inside the outer IP packet's budget). For VXLAN
 *    that is outer IP 20 + UDP 8 + VXLAN 8 + the inner Ethernet header 14 = 50
 *    (RFC 7348 §5 frame format; flannel's `encapOverhead = 50`).
 *  - `wireBytesAdded`: how much longer the frame on the underlay is than the
 *    pod's own frame. For VXLAN: outer Ethernet 14 + IP 20 + UDP 8 + VXLAN 8 = 50
 *    (the inner Ethernet header is carried, the outer one is new).
 * IPIP (IP protocol 4, RFC 2003) adds one 20-byte IPv4 header; flannel's UDP
 * backend adds IP 20 + UDP 8 = 28 (`encapOverhead = 28` in flannel's udp backend).
 */
import type { CniMode } from "./model";

/** One header counted in an overhead figure. */
export interface OverheadPart {
  readonly header: string;
  readonly bytes: number;
}

/** Overhead and resulting MTU for one dataplane. */
export interface EncapsulationOverhead {
  readonly mode: CniMode;
  /** Encapsulation name (`VXLAN`, `IP-in-IP`, `flannel UDP`, `none`). */
  readonly encapsulation: string;
  readonly mtuReduction: number;
  readonly mtuReductionParts: readonly OverheadPart[];
  readonly wireBytesAdded: number;
  readonly wireParts: readonly OverheadPart[];
  readonly underlayMtu: number;
  /** MTU of the tunnel device and pod interfaces (underlay − mtuReduction). */
  readonly podMtu: number;
  /** Where the figure comes from. */
  readonly source: string;
  /** Caveats (e.g. only between subnets). */
  readonly note?: string;
}

const VXLAN_MTU: readonly OverheadPart[] = [
  { header: "outer IPv4", bytes: 20 },
  { header: "outer UDP", bytes: 8 },
  { header: "VXLAN", bytes: 8 },
  { header: "inner Ethernet (no VLAN tag)", bytes: 14 },
];
const VXLAN_WIRE: readonly OverheadPart[] = [
  { header: "outer Ethernet", bytes: 14 },
  { header: "outer IPv4", bytes: 20 },
  { header: "outer UDP", bytes: 8 },
  { header: "VXLAN", bytes: 8 },
];
const IPIP: readonly OverheadPart[] = [{ header: "outer IPv4", bytes: 20 }];
const FLANNEL_UDP: readonly OverheadPart[] = [
  { header: "outer IPv4", bytes: 20 },
  { header: "outer UDP", bytes: 8 },
];

function sum(parts: readonly OverheadPart[]): number {
  return parts.reduce((a, p) => a + p.bytes, 0);
}

function row(mode: CniMode, encapsulation: string, mtuParts: readonly OverheadPart[], wireParts: readonly OverheadPart[], underlayMtu: number, source: string, note?: string): EncapsulationOverhead {
  const mtuReduction = sum(mtuParts);
  return {
    mode,
    encapsulation,
    mtuReduction,
    mtuReductionParts: mtuParts,
    wireBytesAdded: sum(wireParts),
    wireParts,
    underlayMtu,
    podMtu: underlayMtu - mtuReduction,
    source,
    ...(note ? { note } : {}),
  };
}

/** Overhead and pod MTU of one mode on an underlay of `underlayMtu` bytes (default 1500). */
export function encapsulationOverhead(mode: CniMode, underlayMtu = 1500): EncapsulationOverhead {
  switch (mode) {
    case "flannel-vxlan":
      return row(mode, "VXLAN (UDP 8472)", VXLAN_MTU, VXLAN_WIRE, underlayMtu, "RFC 7348 §5; flannel pkg/backend/vxlan encapOverhead = 50");
    case "canal":
      return row(mode, "VXLAN (flannel, UDP 8472)", VXLAN_MTU, VXLAN_WIRE, underlayMtu, "RFC 7348 §5; flannel encapOverhead = 50");
    case "calico-vxlan":
      return row(mode, "VXLAN (UDP 4789, VNI 4096)", VXLAN_MTU, VXLAN_WIRE, underlayMtu, "RFC 7348 §5; Calico docs 'Configure MTU' (VXLAN: 50)");
    case "calico-ipip":
      return row(mode, "IP-in-IP (protocol 4)", IPIP, IPIP, underlayMtu, "RFC 2003; Calico docs 'Configure MTU' (IP-in-IP: 20)");
    case "calico-crosssubnet":
      return row(mode, "IP-in-IP between subnets, none within", IPIP, IPIP, underlayMtu, "Calico docs 'Configure MTU'", "pods keep the reduced MTU even when the path to a same-subnet node is unencapsulated");
    case "flannel-udp":
      return row(mode, "flannel UDP (port 8285, userspace)", FLANNEL_UDP, FLANNEL_UDP, underlayMtu, "flannel backend/udp encapOverhead = 28 (20 IP + 8 UDP)");
    case "flannel-host-gw":
      return row(mode, "none (routed)", [], [], underlayMtu, "no encapsulation");
    case "calico-bgp":
      return row(mode, "none (BGP-routed)", [], [], underlayMtu, "no encapsulation");
  }
}

/** The comparison table a lesson shows: every mode on the same underlay. */
export function compareEncapsulationOverhead(underlayMtu = 1500): readonly EncapsulationOverhead[] {
  const modes: readonly CniMode[] = ["flannel-host-gw", "calico-bgp", "calico-ipip", "calico-crosssubnet", "flannel-udp", "flannel-vxlan", "calico-vxlan", "canal"];
  return modes.map((m) => encapsulationOverhead(m, underlayMtu));
}
