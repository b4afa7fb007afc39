import type { Metadata } from "next";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { safeCallbackUrl } from "@/lib/safe-redirect";

export const metadata: Metadata = { title: "Sign up" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl);
  return (
    <div className="narrow">
      <h1>Create your account</h1>
      <p className="muted">Free. Your lesson progress and quiz results are saved to it.</p>
      <SignUpForm callbackUrl={callbackUrl} />
    </div>
  );
}
