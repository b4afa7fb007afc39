/**
 * The checks every request to the app's own API passes before a route handler runs
 * (called from proxy.ts, so a new route cannot forget them). Pure: headers in, verdict out.
 *
 * - A path segment with a malformed percent-escape ("%ff") is a 400: route handlers and
 *   pages decode params and would otherwise throw a URIError, a 500.
 * - A mutation (POST, PUT, PATCH, DELETE) must come from our own origin: `Origin` equal to
 *   the app's origin, or, where a browser sent no Origin, `Sec-Fetch-Site: same-origin`.
 *   A request with neither is refused too; scripts and tests send an Origin header.
 * - A mutation must declare `Content-Type: application/json`. HTML forms can only send
 *   form and text bodies, and a cross-site fetch with JSON needs a CORS preflight we never
 *   grant, so together with the Origin check a cross-site page cannot post with the
 *   learner's cookie (SameSite=Lax alone is not a boundary: any same-site page could).
 * next-auth's own routes (/api/auth/*) are exempt: they take HTML form posts and carry
 * next-auth's double-submit CSRF token instead.
 */
export type GuardVerdict = { ok: true } | { ok: false; status: 400 | 403 | 413 | 415; error: string };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * True when every percent-escape in the path decodes (per segment, as Next decodes params)
 * to text that can be stored: an escaped NUL (%00) would reach a query as a param and
 * fail on PostgreSQL. (Decoding never yields a lone surrogate: invalid UTF-8 throws.)
 */
export function pathDecodes(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    try {
      if (decodeURIComponent(segment).includes("\u0000")) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const media = value.split(";")[0]!.trim().toLowerCase();
  return media === "application/json";
}

/** The origin the browser shows for this app: NEXTAUTH_URL's if configured, plus the one the Host header names. */
export function allowedOrigins(requestUrl: string, host: string | null, configured: string | undefined): Set<string> {
  const out = new Set<string>();
  const url = new URL(requestUrl);
  out.add(url.origin);
  if (host) out.add(`${url.protocol}//${host}`);
  if (configured) out.add(new URL(configured).origin);
  return out;
}

export function checkApiRequest(input: {
  method: string;
  pathname: string;
  headers: { get(name: string): string | null };
  allowedOrigins: Set<string>;
}): GuardVerdict {
  if (!pathDecodes(input.pathname)) return { ok: false, status: 400, error: "The URL has a malformed or forbidden percent-escape (such as %ff or %00)." };
  if (!input.pathname.startsWith("/api/") || input.pathname.startsWith("/api/auth/")) return { ok: true };
  if (!MUTATING.has(input.method.toUpperCase())) return { ok: true };
  const origin = input.headers.get("origin");
  const fetchSite = input.headers.get("sec-fetch-site");
  if (origin !== null) {
    if (!input.allowedOrigins.has(origin)) return { ok: false, status: 403, error: "Cross-site requests are refused: this request came from another origin." };
  } else if (fetchSite !== "same-origin") {
    return { ok: false, status: 403, error: "Cross-site requests are refused: send the Origin header of this site." };
  }
  if (!isJsonContentType(input.headers.get("content-type"))) {
    return { ok: false, status: 415, error: "Send the request body as application/json (Content-Type: application/json)." };
  }
  return { ok: true };
}
