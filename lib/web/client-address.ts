/**
 * Who is calling, for rate limits and logs. Pure: the app's HTTP server (scripts/serve.ts)
 * calls `resolveClientAddress` with the socket's address and the X-Forwarded-For header,
 * and passes the result to the app in CLIENT_ADDRESS_HEADER. See
 * docs/decisions/011-rate-limit-store.md.
 *
 * X-Forwarded-For is a list any client can write. Only the entries appended by proxies we
 * run are true, so with `trustedProxies` = N the client is the address N hops left of the
 * socket's: the socket is the last proxy, the last N-1 entries are the proxies before it,
 * and the entry before those is what the first proxy saw. Entries further left are
 * whatever the client sent and are ignored. With N = 0 (no proxy, the default) the header
 * is ignored entirely.
 */
export const CLIENT_ADDRESS_HEADER = "x-cni-client-address";
/** Proves CLIENT_ADDRESS_HEADER was set by our server, not sent by a client to a bare `next start`. */
export const CLIENT_ADDRESS_PROOF_HEADER = "x-cni-client-address-proof";

export function resolveClientAddress(input: { socketAddress: string | undefined; forwardedFor: string | string[] | undefined; trustedProxies: number }): string {
  const socket = normaliseAddress(input.socketAddress ?? "") || "unknown";
  if (input.trustedProxies <= 0) return socket;
  const header = Array.isArray(input.forwardedFor) ? input.forwardedFor.join(",") : (input.forwardedFor ?? "");
  const chain = [...header.split(",").map((entry) => normaliseAddress(entry)), socket];
  // A malformed entry inside the trusted part means a proxy we trust did not write it: stop there.
  for (let hop = 1; hop <= input.trustedProxies; hop++) {
    const index = chain.length - 1 - hop;
    if (index < 0) return chain[0] || socket; // fewer hops than proxies: the leftmost we have
    if (!chain[index]) return chain[index + 1]!;
  }
  return chain[chain.length - 1 - input.trustedProxies]!;
}

/**
 * The key a rate limit counts under: an IPv4 address as it is, an IPv6 address by its /64
 * (one subscriber usually holds a whole /64, so per-address limits on IPv6 limit nothing).
 */
export function rateLimitKeyOfAddress(address: string): string {
  if (!address.includes(":")) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
}

/** "::ffff:1.2.3.4" → "1.2.3.4", "[::1]:443" → "::1", "1.2.3.4:80" → "1.2.3.4"; "" for anything that is not an address. */
export function normaliseAddress(raw: string): string {
  let value = raw.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  if (v4WithPort) value = v4WithPort[1]!;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) value = mapped[1]!;
  if (isIpv4(value)) return value;
  if (value.includes(":") && expandIpv6(value)) return value;
  return "";
}

function isIpv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/** The eight 4-digit groups of an IPv6 address, or null if it is not one. */
function expandIpv6(value: string): string[] | null {
  if (!/^[0-9a-f:.]+$/.test(value) || value.split("::").length > 2) return null;
  let text = value;
  const tailV4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text);
  if (tailV4) {
    if (!isIpv4(tailV4[1]!)) return null;
    const [a, b, c, d] = tailV4[1]!.split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -tailV4[1]!.length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? (text.split("::") as [string, string]) : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => g.padStart(4, "0"));
}

/** The environment variable through which the server hands its per-process proof to the app. */
export const CLIENT_ADDRESS_PROOF_ENV = "CNI_CLIENT_ADDRESS_PROOF";

/**
 * The caller's address as our HTTP server resolved it, or null when the request did not
 * come through it (a bare `next start`, or a client that set the header itself: without the
 * proof it is ignored).
 */
export function trustedClientAddress(headers: { get(name: string): string | null }, proof: string | undefined): string | null {
  const offered = headers.get(CLIENT_ADDRESS_PROOF_HEADER);
  if (!proof || !offered || offered.length !== proof.length) return null;
  // Constant time over the proof's length, so it cannot be guessed byte by byte.
  let diff = 0;
  for (let i = 0; i < proof.length; i++) diff |= proof.charCodeAt(i) ^ offered.charCodeAt(i);
  if (diff !== 0) return null;
  return headers.get(CLIENT_ADDRESS_HEADER);
}
