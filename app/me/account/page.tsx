import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { DeleteAccountForm } from "@/components/auth/delete-account-form";
import { ActionButton } from "@/components/teach/action-button";
import { ApiForm } from "@/components/teach/api-form";
import { pendingEmailChange } from "@/lib/account-settings.server";
import { requireUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/me/account");
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { emailVerified: true, passwordHash: true, name: true } });
  const hasPassword = row.passwordHash !== null;
  const pending = await pendingEmailChange(db, user.id);
  return (
    <div className="narrow">
      <h1>Account</h1>
      <p>{user.email} · role: {user.role}</p>
      {row.emailVerified ? (
        <p className="muted" data-testid="email-status">Email confirmed on <LocalTime iso={row.emailVerified.toISOString()} />.</p>
      ) : (
        <div className="callout" data-testid="email-status">
          <p>Your email is not confirmed yet. Until it is, single sign-on cannot use this account and cohort invitations sent to the address wait.</p>
          <ActionButton action="/api/me/verification" label="Send the confirmation link again" body={{}} />
        </div>
      )}

      <h2>Name</h2>
      <ApiForm
        action="/api/me/profile"
        method="PATCH"
        label="Change name"
        submitLabel="Save name"
        fields={[{ kind: "text", name: "name", label: "Display name", defaultValue: row.name ?? "", autoComplete: "name" }]}
      />

      <h2>Email</h2>
      {pending && (
        <p className="callout" data-testid="pending-email">
          Waiting for you to confirm {pending}: follow the link we mailed there. Until then you sign in with {user.email}.
        </p>
      )}
      <ApiForm
        action="/api/me/email"
        label="Change email"
        submitLabel="Send a confirmation link to the new address"
        fields={[
          { kind: "email", name: "email", label: "New email", required: true, autoComplete: "email" },
          ...(hasPassword ? [{ kind: "password" as const, name: "currentPassword", label: "Current password", required: true, autoComplete: "current-password" }] : []),
        ]}
      />

      {hasPassword && (
        <>
          <h2>Change password</h2>
          <ChangePasswordForm />
        </>
      )}

      <h2>Your data</h2>
      <p>
        Download everything CNI Academy stores about you (profile, lesson progress, quiz attempts with your answers, cohorts and invitations) as one JSON file.
      </p>
      <p><a className="button secondary" href="/api/me/export" download>Export my data</a></p>

      <h2>Delete account</h2>
      <p>
        Deleting removes your account and all its data (progress, attempts, answers, memberships) at once and for good; download your data first if you want to keep it.
        Cohorts you own pass to a co-instructor; a cohort nobody else teaches must get a co-instructor first.
      </p>
      <DeleteAccountForm hasPassword={hasPassword} email={user.email} />
    </div>
  );
}
