import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.server";
import { isSafeAuthRedirect } from "@/lib/safe-redirect";
import { MAX_BODY_BYTES } from "@/lib/web/limits";
import { allowedOrigins, checkApiRequest, type GuardVerdict } from "@/lib/web/request-guard";

/**
 * Runs before every page and route handler: malformed percent-escapes are a 400, and API
 * mutations must be same-origin JSON (lib/web/request-guard.ts; docs/decisions/012-web-hardening.md).
 * Here rather than in each handler, so a route added later cannot forget it.
 */
export function proxy(request: NextRequest) {
  const declared = Number(request.headers.get("content-length") ?? NaN);
  const verdict: GuardVerdict =
    request.nextUrl.pathname.startsWith("/api/") && !request.nextUrl.pathname.startsWith("/api/auth/") && declared > MAX_BODY_BYTES
      ? { ok: false, status: 413, error: `The request body is too large (at most ${MAX_BODY_BYTES / 1024} KB).` }
      : checkApiRequest({
          method: request.method,
          pathname: request.nextUrl.pathname,
          headers: request.headers,
          allowedOrigins: allowedOrigins(request.url, request.headers.get("host"), env.NEXTAUTH_URL),
        });
  const auth = verdict.ok ? checkAuthCallback(request) : { ok: true as const, strippedCookie: false };
  const response = !verdict.ok
    ? NextResponse.json({ error: verdict.error }, { status: verdict.status })
    : !auth.ok
      ? NextResponse.json({ error: auth.error }, { status: auth.status, headers: auth.status === 405 ? { allow: "POST" } : {} })
      : auth.strippedCookie
        ? NextResponse.next({ request: { headers: request.headers } })
        : NextResponse.next();
  // HSTS only when the public URL is https: on http it would be ignored at best, and on a
  // localhost install it would pin the browser to https for a host that has none.
  if (HSTS) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

/**
 * next-auth answers a callbackUrl it cannot parse (`?callbackUrl=%ff`, or such a value it
 * stored in its callback-url cookie) with a 500 from its config check. Refuse the query
 * parameter with a 400, and drop such a cookie so the request proceeds without it.
 */
function checkAuthCallback(request: NextRequest): { ok: true; strippedCookie: boolean } | { ok: false; status: 400 | 405; error: string } {
  if (!request.nextUrl.pathname.startsWith("/api/auth/")) return { ok: true, strippedCookie: false };
  // The credentials callback only takes the sign-in form's POST; next-auth answers anything else with a 500.
  if (request.nextUrl.pathname.startsWith("/api/auth/callback/credentials") && request.method !== "POST") {
    return { ok: false, status: 405, error: "Sign in with a POST from the sign-in form." };
  }
  const base = env.NEXTAUTH_URL ?? request.nextUrl.origin;
  const callback = request.nextUrl.searchParams.get("callbackUrl");
  if (callback !== null && !isSafeAuthRedirect(callback, base)) return { ok: false, status: 400, error: "callbackUrl must be a path on this site." };
  let strippedCookie = false;
  for (const name of CALLBACK_COOKIES) {
    const value = request.cookies.get(name)?.value;
    if (value !== undefined && !isSafeAuthRedirect(value, base)) {
      request.cookies.delete(name);
      strippedCookie = true;
    }
  }
  return { ok: true, strippedCookie };
}

const HSTS = env.NEXTAUTH_URL?.startsWith("https://") ?? false;

export const config = {
  // Static assets need no checks; everything else, pages included (for the %ff check), does.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico).*)"],
};
