/**
 * Branded address types and the IPv4/MAC arithmetic the engine needs.
 *
 * Brands stop a learner-facing bug class at compile time: a MAC passed where an
 * IP is expected, or an interface name that `ip link` would refuse.
 */

declare const brandTag: unique symbol;

/** A nominal type: `T` at runtime, incompatible with other brands at compile time. */
export type Brand<T, B extends string> = T & { readonly [brandTag]: B };

/** A dotted-quad IPv4 address in canonical form, e.g. `10.244.1.2`. */
export type Ipv4 = Brand<string, "Ipv4">;
/** A canonical IPv4 network prefix (host bits zero), e.g. `10.244.1.0/24`. */
export type Cidr = Brand<string, "Cidr">;
/** A lower-case colon-separated Ethernet MAC address, e.g. `2a:95:ed:10:e4:56`. */
export type Mac = Brand<string, "Mac">;
/** A Linux interface name as `ip link` prints it (1–15 bytes, no `/`, `:` or whitespace). */
export type IfName = Brand<string, "IfName">;

/** Thrown when a caller hands the engine a malformed address, name or spec. */
export class PacketWalkInputError extends Error {
  /** Dotted path of the offending field, when known (e.g. `nodes[1].ip`). */
  readonly path: string | undefined;
  constructor(message: string, path?: string) {
    super(path ? `${path}: ${message}` : message);
    this.name = "PacketWalkInputError";
    this.path = path;
  }
}

/** Parses a dotted quad into an unsigned 32-bit number, or `undefined` if malformed. */
export function ipv4ToNumber(text: string): number | undefined {
  // Hand-rolled (no regex): route tables of 1000-node clusters parse a million of these.
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  let leadingZero = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (c < 48 || c > 57) return undefined;
    // Leading zeros are rejected because inet_aton would read them as octal.
    if (digits === 1 && leadingZero) return undefined;
    if (digits === 0) leadingZero = c === 48;
    octet = octet * 10 + (c - 48);
    digits++;
    if (digits > 3 || octet > 255) return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/** Formats an unsigned 32-bit number as a dotted quad. */
export function numberToIpv4(value: number): Ipv4 {
  const v = value >>> 0;
  return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}` as Ipv4;
}

/** True if `text` is a canonical dotted-quad IPv4 address. */
export function isIpv4(text: string): text is Ipv4 {
  return ipv4ToNumber(text) !== undefined;
}

/** Validates and brands an IPv4 address; throws {@link PacketWalkInputError} otherwise. */
export function ipv4(text: string, path?: string): Ipv4 {
  if (!isIpv4(text)) throw new PacketWalkInputError(`"${text}" is not an IPv4 address like 10.244.1.2`, path);
  return text;
}

/** The netmask for a prefix length as an unsigned 32-bit number. */
export function prefixMask(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/** Splits `a.b.c.d/len` into its parts without requiring host bits to be zero. */
export function parseAddressWithPrefix(text: string): { ip: Ipv4; prefixLen: number } | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = text.slice(0, slash);
  const lenText = text.slice(slash + 1);
  if (!/^\d{1,2}$/.test(lenText)) return undefined;
  const prefixLen = Number(lenText);
  if (prefixLen > 32 || !isIpv4(ip)) return undefined;
  return { ip, prefixLen };
}

/** Validates a network prefix; host bits must be zero, as `ip route` requires. */
export function cidr(text: string, path?: string): Cidr {
  const parsed = parseAddressWithPrefix(text);
  if (!parsed) throw new PacketWalkInputError(`"${text}" is not a CIDR like 10.244.0.0/16`, path);
  const n = ipv4ToNumber(parsed.ip) as number;
  if ((n & prefixMask(parsed.prefixLen)) >>> 0 !== n) {
    throw new PacketWalkInputError(`"${text}" has host bits set; the network is ${networkOf(parsed.ip, parsed.prefixLen)}`, path);
  }
  return text as Cidr;
}

/** The network prefix containing `ip`, e.g. `networkOf("10.244.1.2", 24)` → `10.244.1.0/24`. */
export function networkOf(ip: Ipv4, prefixLen: number): Cidr {
  const n = ipv4ToNumber(ip) as number;
  return `${numberToIpv4((n & prefixMask(prefixLen)) >>> 0)}/${prefixLen}` as Cidr;
}

/** Splits a branded CIDR into base number and prefix length. */
export function cidrParts(c: Cidr): { base: number; prefixLen: number } {
  const slash = c.indexOf("/");
  return { base: ipv4ToNumber(c.slice(0, slash)) as number, prefixLen: Number(c.slice(slash + 1)) };
}

/** True if `ip` lies inside `c`. */
export function cidrContains(c: Cidr, ip: Ipv4): boolean {
  const { base, prefixLen } = cidrParts(c);
  return ((ipv4ToNumber(ip) as number) & prefixMask(prefixLen)) >>> 0 === base;
}

/** The `offset`-th address of a prefix (0 = network address). */
export function addressInCidr(c: Cidr, offset: number): Ipv4 {
  const { base } = cidrParts(c);
  return numberToIpv4(base + offset);
}

/** Number of addresses covered by a prefix length. */
export function cidrSize(prefixLen: number): number {
  return 2 ** (32 - prefixLen);
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** True if `text` is a lower-case colon-separated MAC. */
export function isMac(text: string): text is Mac {
  return MAC_RE.test(text);
}

/** Validates (and lower-cases) a MAC address. */
export function mac(text: string, path?: string): Mac {
  const lower = text.toLowerCase();
  if (!isMac(lower)) throw new PacketWalkInputError(`"${text}" is not a MAC address like 2a:95:ed:10:e4:56`, path);
  return lower;
}

/** The six bytes of a MAC. */
export function macBytes(m: Mac): Uint8Array {
  return Uint8Array.from(m.split(":").map((h) => parseInt(h, 16)));
}

/** Formats six bytes as a MAC. */
export function bytesToMac(bytes: ArrayLike<number>): Mac {
  return Array.from({ length: 6 }, (_, i) => ((bytes[i] ?? 0) & 255).toString(16).padStart(2, "0")).join(":") as Mac;
}

/** The Ethernet broadcast address. */
export const BROADCAST_MAC = "ff:ff:ff:ff:ff:ff" as Mac;

/**
 * The IPv6 link-local address the kernel derives from a MAC (modified EUI-64,
 * RFC 4291 appendix A): flip the universal/local bit and insert ff:fe.
 * Printed by `ip addr` as `inet6 fe80::…/64`; handy to cross-check transcribed MACs.
 */
export function eui64LinkLocal(m: Mac): string {
  const b = macBytes(m);
  const words = [
    (((b[0] as number) ^ 0x02) << 8) | (b[1] as number),
    ((b[2] as number) << 8) | 0xff,
    (0xfe << 8) | (b[3] as number),
    ((b[4] as number) << 8) | (b[5] as number),
  ];
  return `fe80::${words.map((w) => w.toString(16)).join(":")}`;
}

/**
 * Validates an interface name the way the kernel's dev_valid_name() does:
 * at most IFNAMSIZ-1 = 15 bytes, not "." or "..", no '/', ':' or whitespace.
 */
export function ifName(text: string, path?: string): IfName {
  if (text.length === 0 || text.length > 15 || text === "." || text === ".." || /[/:\s]/.test(text)) {
    throw new PacketWalkInputError(`"${text}" is not a valid Linux interface name (1-15 characters, no '/', ':' or spaces)`, path);
  }
  return text as IfName;
}

/** Orders CIDRs by their base address (numerically, octet by octet), e.g. to number nodes by subnet. */
export function compareCidrBase(a: Cidr, b: Cidr): number {
  const na = a.split("/")[0]?.split(".").map(Number) ?? [];
  const nb = b.split("/")[0]?.split(".").map(Number) ?? [];
  for (let k = 0; k < 4; k++) {
    const d = (na[k] ?? 0) - (nb[k] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
