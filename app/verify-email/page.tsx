import type { Metadata } from "next";
import { VerifyEmailButton } from "@/components/auth/verify-email-button";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <div className="narrow">
      <h1>Confirm your email</h1>
      {typeof token === "string" && token.length > 0 ? (
        <>
          <p>Confirming proves the address is yours, so single sign-on and cohort invitations can use it.</p>
          <VerifyEmailButton token={token} />
        </>
      ) : (
        <p role="alert">This link has no token. Open the link from the mail again, or send a new one from Account settings.</p>
      )}
    </div>
  );
}
