import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth.server";
import { publicAuthConfig } from "@/lib/env.server";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { parseSignInRefusalCode, signInRefusalMessage } from "@/lib/sign-in-messages";

export const metadata: Metadata = { title: "Sign in" };

const errorMessages: Record<string, string> = {
  AccountDisabled: "This account is disabled. Ask your instructor or an admin.",
  NoEmail: "Your identity provider did not share an email address.",
  UnverifiedEmail:
    "An account with this email exists but its address was never confirmed, so single sign-on cannot use it. If it is yours, sign in with its password and confirm the address from the mail we sent (Account settings can send it again).",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  // Already signed in: go where the sign-in was meant to lead (a same-site path only), or to My progress.
  if (await getCurrentUser()) redirect(safeCallbackUrl(params.callbackUrl, "/me"));
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  const refused = typeof params.error === "string" ? parseSignInRefusalCode(params.error) : null;
  const error = refused
    ? signInRefusalMessage(refused.reason, refused.retryAfterSeconds)
    : typeof params.error === "string"
      ? (errorMessages[params.error] ?? "Sign-in failed. Try again.")
      : null;
  const providers = [
    ...(publicAuthConfig.oidc ? [{ id: "oidc", name: publicAuthConfig.oidc.name }] : []),
    ...(publicAuthConfig.github ? [{ id: "github", name: "GitHub" }] : []),
  ];
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      {error && <p role="alert" className="form-error">{error}</p>}
      <SignInForm callbackUrl={callbackUrl} providers={providers} />
    </div>
  );
}
