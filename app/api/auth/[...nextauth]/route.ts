import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth.server";
import { env } from "@/lib/env.server";
import { clientKeyOf } from "@/lib/rate-limit.server";
import { signInRefusalCode } from "@/lib/sign-in-messages";
import { beginSignIn } from "@/lib/sign-in-throttle.server";

const handler = NextAuth(authOptions);
type Context = { params: Promise<{ nextauth: string[] }> };

/**
 * next-auth's routes, with password sign-in throttled (lib/sign-in-throttle.server.ts).
 * The throttle runs here rather than in `authorize`, because only here can a refusal be a
 * 429 with Retry-After, and only here is the outcome known: a session cookie in the answer.
 */
async function POST(request: Request, context: Context) {
  if (!new URL(request.url).pathname.endsWith("/callback/credentials")) return handler(request, context);
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const email = form?.get("email");
  // Without an email next-auth refuses the form before any password is checked.
  if (typeof email !== "string" || email.trim() === "") return handler(request, context);

  const gate = await beginSignIn(email, clientKeyOf(request));
  if (!gate.ok) {
    const base = env.NEXTAUTH_URL ?? new URL(request.url).origin;
    const url = new URL("/signin", base);
    url.searchParams.set("error", signInRefusalCode(gate.reason, gate.retryAfterSeconds));
    // next-auth's client reads `url` (and its `error`); other callers get the message.
    return Response.json({ url: url.toString(), error: gate.message, retryAfterSeconds: gate.retryAfterSeconds }, { status: 429, headers: { "retry-after": String(gate.retryAfterSeconds) } });
  }
  const response = await handler(request, context);
  if (startsSession(response)) await gate.succeeded();
  return response;
}

function startsSession(response: Response): boolean {
  return response.headers.getSetCookie().some((cookie) => /^(__Secure-)?next-auth\.session-token(\.\d+)?=[^;]+/.test(cookie));
}

export { handler as GET, POST };
