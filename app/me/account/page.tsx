import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { ActionButton } from "@/components/teach/action-button";
import { requireUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/me/account");
  const { emailVerified } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerified: true } });
  return (
    <div className="narrow">
      <h1>Account</h1>
      <p>{user.email} · role: {user.role}</p>
      {emailVerified ? (
        <p className="muted" data-testid="email-status">Email confirmed on {emailVerified.toISOString().slice(0, 10)}.</p>
      ) : (
        <div className="callout" data-testid="email-status">
          <p>Your email is not confirmed yet. Until it is, single sign-on cannot use this account and cohort invitations sent to the address wait.</p>
          <ActionButton action="/api/me/verification" label="Send the confirmation link again" body={{}} />
        </div>
      )}
      <h2>Change password</h2>
      <ChangePasswordForm />
    </div>
  );
}
