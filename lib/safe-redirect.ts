/**
 * Where to send the browser after sign-in. One check for every callbackUrl (the sign-in
 * and sign-up pages, their forms, next-auth's `redirect` callback): only a path on this
 * site survives; anything else becomes `fallback`. Pure, so the forms use it too.
 *
 * Browsers forgive a lot when they parse a URL: they drop tabs and newlines anywhere,
 * trim control characters and spaces at the ends and read "\" as "/", so "/\t/evil.example"
 * is "//evil.example", another host. Rather than predict every such repair, a target is
 * refused if it contains any control, whitespace or backslash character, if it does not
 * start with exactly one "/", or if decoding its percent-escapes once more (as a second
 * layer might) would break either rule; what is left is re-read with the WHATWG parser
 * and must still be on our origin.
 */
const FORBIDDEN = /[\u0000-\u0020\u007f-\u009f\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;
/** After one more decoding an escaped space is fine ("/lessons/a%20b"); controls and "\" are not. */
const FORBIDDEN_DECODED = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\\]/;
const PROBE_ORIGIN = "http://callback.invalid";

function isPlainPath(value: string, forbidden = FORBIDDEN): boolean {
  return value.startsWith("/") && !value.startsWith("//") && !forbidden.test(value);
}

/** A same-site path (with query and fragment) to return to, or `fallback`. */
export function safeCallbackUrl(value: string | string[] | undefined | null, fallback = "/"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== "string" || v.length === 0 || v.length > 2048 || !isPlainPath(v)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(v);
  } catch {
    return fallback; // a malformed escape such as %ff
  }
  if (!isPlainPath(decoded, FORBIDDEN_DECODED)) return fallback;
  const parsed = new URL(v, PROBE_ORIGIN);
  if (parsed.origin !== PROBE_ORIGIN) return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/**
 * next-auth's `redirect` callback: `url` is relative or absolute, `baseUrl` is
 * NEXTAUTH_URL's origin. Same-origin targets keep their path (checked as above);
 * everything else goes to `baseUrl`.
 */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = new URL(baseUrl);
  let path: string = url;
  if (!url.startsWith("/")) {
    // Absolute: must be exactly our origin, and the part after it a plain path.
    if (!url.startsWith(`${base.origin}/`)) return base.origin;
    path = url.slice(base.origin.length);
  }
  const safe = safeCallbackUrl(path, "");
  return safe ? `${base.origin}${safe}` : base.origin;
}

/** True when next-auth may be given `url` as a callbackUrl (a plain same-origin target). */
export function isSafeAuthRedirect(url: string, baseUrl: string): boolean {
  const origin = new URL(baseUrl).origin;
  if (url === origin || url === "/") return true;
  return safeAuthRedirect(url, baseUrl) !== origin;
}
