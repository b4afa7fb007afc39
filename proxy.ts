import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env.server";
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
  const response = verdict.ok ? NextResponse.next() : NextResponse.json({ error: verdict.error }, { status: verdict.status });
  // HSTS only when the public URL is https: on http it would be ignored at best, and on a
  // localhost install it would pin the browser to https for a host that has none.
  if (HSTS) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

const HSTS = env.NEXTAUTH_URL?.startsWith("https://") ?? false;

export const config = {
  // Static assets need no checks; everything else, pages included (for the %ff check), does.
  matcher: ["/((?!_next/static|_next/image|favicon\\.ico).*)"],
};
