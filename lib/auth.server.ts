import "server-only";
import type { NextAuthOptions } from "next-auth";
import { decode } from "next-auth/jwt";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";
import { notFound, redirect } from "next/navigation";
import { NextResponse } from "next/server";
import {
  endSession,
  getSessionUser,
  linkExternalIdentity,
  SESSION_MAX_AGE_SECONDS,
  startSession,
  verifyCredentials,
  type Role,
  type SessionUser,
} from "./accounts.server";
import { claimEmailInvites } from "./cohorts.server";
import { db } from "./db.server";
import { safeAuthRedirect } from "./safe-redirect";
import { env } from "./env.server";
import { signInSchema } from "./validation/auth";

/**
 * Sign-in. next-auth's credentials provider only issues JWT sessions, which cannot be
 * revoked by themselves; so each JWT carries the id of an AuthSession row (`sid`) and
 * `getCurrentUser` checks that row on every request. Deleting the row (sign-out, password
 * change, disabled account) ends the session at once. See docs/decisions/004-sessions.md.
 */
function providers(): NextAuthOptions["providers"] {
  const list: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const parsed = signInSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        return verifyCredentials(db, parsed.data.email, parsed.data.password);
      },
    }),
  ];
  if (env.GITHUB_ID && env.GITHUB_SECRET) {
    list.push(GitHubProvider({ clientId: env.GITHUB_ID, clientSecret: env.GITHUB_SECRET }));
  }
  if (env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET) {
    list.push({
      id: "oidc",
      name: env.OIDC_NAME ?? "Single sign-on",
      type: "oauth",
      wellKnown: `${env.OIDC_ISSUER.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(profile: { sub: string; email?: string; name?: string }) {
        return { id: profile.sub, email: profile.email ?? null, name: profile.name ?? null };
      },
    });
  }
  return list;
}

declare module "next-auth" {
  interface Session {
    sid?: string;
    role?: Role;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    uid?: string;
  }
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET ?? (env.NODE_ENV === "production" ? undefined : "development-only-secret-not-for-production"),
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/signin" },
  providers: providers(),
  callbacks: {
    // Every redirect next-auth makes (callbackUrl after sign-in and sign-out) goes through the one check.
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    async signIn({ user, account }) {
      if (!account || account.provider === "credentials") return true;
      if (!user.email) return "/signin?error=NoEmail";
      const local = await linkExternalIdentity(db, {
        provider: account.provider,
        providerAccountId: account.providerAccountId,
        type: account.type,
        email: user.email,
        name: user.name ?? null,
      });
      if (!local.ok) return local.reason === "disabled" ? "/signin?error=AccountDisabled" : "/signin?error=UnverifiedEmail";
      user.id = local.user.id;
      return true;
    },
    async jwt({ token, user }) {
      // `user` is present only at sign-in: record the new session.
      if (user) {
        const local = user.email ? await db.user.findUnique({ where: { email: user.email.toLowerCase() } }) : null;
        if (local) {
          token.uid = local.id;
          token.sid = await startSession(db, local.id);
          // Bulk invites (lib/cohorts.server.ts) wait for the first sign-in with the invited email.
          await claimEmailInvites(db, local.id);
        }
      }
      return token;
    },
    async session({ session, token }) {
      // The role shown to the browser is read from the database on each session fetch (so a
      // promotion shows at once) and is only a hint for navigation: every server check
      // reads it again through getCurrentUser.
      const current = token.sid ? await getSessionUser(db, token.sid) : null;
      // Name and email too: the token keeps the ones from sign-in, and either may change since (Account settings).
      const user = current ? { ...session.user, name: current.name, email: current.email } : session.user;
      return { expires: session.expires, user, sid: token.sid, role: current?.role };
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await endSession(db, token.sid);
    },
  },
};

/** The signed-in user, or null (no cookie, ended session, disabled account). */
export async function getCurrentUser(): Promise<(SessionUser & { sessionId: string }) | null> {
  // The JWT only names the AuthSession row; the row (read once here) says whether the
  // session is still live. getServerSession would also run the `session` callback, which
  // reads the same row for the browser's copy: twice per request for nothing.
  const raw = sessionCookieOf(await cookies());
  if (!raw) return null;
  const sid = await sessionIdOf(raw);
  if (!sid) return null;
  const user = await getSessionUser(db, sid);
  return user ? { ...user, sessionId: sid } : null;
}

/**
 * The session id a cookie's JWT names, or null (unreadable, tampered, expired). Decoding
 * derives the key with HKDF and decrypts with AES-GCM on every call, the same work for the
 * same cookie on every request, so the answer is kept per cookie value for this process
 * (bounded, and re-checked against the token's own expiry). Only the token's contents are
 * cached: whether the session is still live is read from the database on every request.
 */
const decodedTokens = new Map<string, { sid: string | null; expiresAtMs: number }>();
const DECODED_TOKENS_MAX = 5_000;
/** jose's default tolerance in next-auth's decode: a token is still accepted 15 s after `exp`. */
const CLOCK_TOLERANCE_MS = 15_000;

async function sessionIdOf(raw: string, now = Date.now()): Promise<string | null> {
  const cached = decodedTokens.get(raw);
  if (cached) {
    if (now < cached.expiresAtMs + CLOCK_TOLERANCE_MS) return cached.sid;
    decodedTokens.delete(raw);
    return null;
  }
  const token = await decode({ token: raw, secret: authOptions.secret! }).catch(() => null);
  if (!token) return null;
  const sid = typeof token.sid === "string" ? token.sid : null;
  if (typeof token.exp !== "number") return sid; // next-auth always sets one; without it, nothing to re-check, so no caching
  const expiresAtMs = token.exp * 1000;
  if (decodedTokens.size >= DECODED_TOKENS_MAX) decodedTokens.delete(decodedTokens.keys().next().value!);
  decodedTokens.set(raw, { sid, expiresAtMs });
  return sid;
}

/** next-auth's session cookie as it sets it: `__Secure-` on https, split into `.0`, `.1`… when long. */
function sessionCookieOf(jar: { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] }): string | null {
  const name = `${env.NEXTAUTH_URL?.startsWith("https://") ? "__Secure-" : ""}next-auth.session-token`;
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`) && /^\d+$/.test(c.name.slice(name.length + 1)))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length > 0 ? chunks.map((c) => c.value).join("") : null;
}

/** For pages: the signed-in user, or a redirect to sign-in that comes back to `returnTo`. */
export async function requireUser(returnTo: string): Promise<SessionUser & { sessionId: string }> {
  const user = await getCurrentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

/** For pages restricted to a role: 404 to everyone else, so the page's existence is not revealed. */
export async function requireRole(returnTo: string, allowed: readonly Role[]): Promise<SessionUser & { sessionId: string }> {
  const user = await requireUser(returnTo);
  if (!allowed.includes(user.role)) notFound();
  return user;
}

/** For route handlers: the user, or a 401 JSON response to return as is. */
export async function requireApiUser(): Promise<
  { user: SessionUser & { sessionId: string }; response?: never } | { user?: never; response: NextResponse }
> {
  const user = await getCurrentUser();
  if (!user) return { response: NextResponse.json({ error: "Sign in first." }, { status: 401 }) };
  return { user };
}
