/**
 * The three things the browser asks of next-auth's routes: sign in with a password, start
 * an SSO sign-in, sign out. next-auth/react does the same but brings its session provider,
 * a regenerator runtime and Babel helpers (about 18 kB gzipped) into every page's first
 * load; these are plain fetches to the same endpoints, with the same CSRF double-submit
 * token (docs/decisions/017-first-load-javascript.md).
 */
import { notifyViewerChanged } from "./viewer";

const AUTH = "/api/auth";

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH}/csrf`);
  if (!res.ok) throw new Error(`csrf: HTTP ${res.status}`);
  const data = (await res.json()) as { csrfToken?: unknown };
  if (typeof data.csrfToken !== "string") throw new Error("csrf: no token");
  return data.csrfToken;
}

/** Posts a form the way next-auth's own client does (`json: true` makes it answer `{ url }` instead of redirecting). */
async function postAuthForm(path: string, fields: Record<string, string>): Promise<{ res: Response; url: string | null }> {
  const body = new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: "true" });
  const res = await fetch(`${AUTH}/${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  const data = (await res.json().catch(() => ({}))) as { url?: unknown };
  return { res, url: typeof data.url === "string" ? data.url : null };
}

export type PasswordSignInResult = { ok: true } | { ok: false; error: string | null };

/**
 * Password sign-in without leaving the page. `error` is next-auth's code from the answer's
 * URL (`CredentialsSignin`, or the throttle's `TooManySignIns-…`: lib/sign-in-messages.ts).
 */
export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<PasswordSignInResult> {
  const { res, url } = await postAuthForm("callback/credentials", { email, password, callbackUrl });
  const error = url ? new URL(url, window.location.origin).searchParams.get("error") : null;
  if (!res.ok || error) return { ok: false, error: error ?? `HTTP ${res.status}` };
  notifyViewerChanged();
  return { ok: true };
}

/** Starts an SSO sign-in: next-auth answers with the provider's authorization URL. */
export async function signInWithProvider(providerId: string, callbackUrl: string): Promise<void> {
  const { url } = await postAuthForm(`signin/${encodeURIComponent(providerId)}`, { callbackUrl });
  window.location.assign(url ?? `/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
}

/** Ends the session on the server (the session row is deleted: lib/auth.server.ts) and goes to `callbackUrl`. */
export async function signOut(callbackUrl = "/"): Promise<void> {
  const { url } = await postAuthForm("signout", { callbackUrl });
  notifyViewerChanged();
  window.location.assign(url ?? callbackUrl);
}
