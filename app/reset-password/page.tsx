import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";

// The token is in this page's URL: never send it on to another site in a Referer.
export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <div className="narrow">
      <h1>Choose a new password</h1>
      {typeof token === "string" && token.length > 0 && token.length <= 200 ? (
        <>
          <p>Setting a new password signs you out on every device, including any session someone else may have.</p>
          <ResetPasswordForm token={token} />
        </>
      ) : (
        <p role="alert">This link has no token. Open the link from the mail again, or <Link href="/forgot-password">ask for a new one</Link>.</p>
      )}
      <p><Link href="/signin">Sign in</Link> · <Link href="/forgot-password">Send a new link</Link></p>
    </div>
  );
}
