import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth.server";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const requested = (await searchParams).callbackUrl;
  // Already signed in: a sign-up form would only confuse; go where the link meant to lead (a same-site path), or to My progress.
  if (await getCurrentUser()) redirect(safeCallbackUrl(requested, "/me"));
  const callbackUrl = safeCallbackUrl(requested);
  return (
    <div className="narrow">
      <h1>Create your account</h1>
      <p className="muted">Free. Your lesson progress and quiz results are saved to it.</p>
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
