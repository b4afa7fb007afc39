import type { Metadata } from "next";
import { ConfirmEmailChangeButton } from "@/components/auth/confirm-email-change-button";

export const metadata: Metadata = { title: "Confirm your new email", referrer: "no-referrer" };

/** The page an email-change link opens; its button POSTs the token (mail scanners only GET). */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const token = (await searchParams).token;
  return (
    <div className="narrow">
      <h1>Confirm your new email</h1>
      {typeof token === "string" && token.length > 0 && token.length <= 200 ? (
        <>
          <p>Confirming moves your CNI Academy account to this address. You then sign in with it.</p>
          <ConfirmEmailChangeButton token={token} />
        </>
      ) : (
        <p role="alert">This link has no token. Open the link from the mail again, or ask for the change again in Account settings.</p>
      )}
    </div>
  );
}
