import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/components/teach/action-button";
import { ApiForm } from "@/components/teach/api-form";
import { requireUser } from "@/lib/auth.server";
import { pendingInvitationsFor } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Join a cohort" };

/** Join by typing the code an instructor gave out, or accept an invitation sent to your address. */
export default async function JoinByCodePage() {
  const user = await requireUser("/join");
  const { verified, invitations } = await pendingInvitationsFor(db, user.id);
  return (
    <div className="narrow">
      <h1>Join a cohort</h1>
      {invitations.length > 0 && (
        <section aria-label="Invitations">
          <h2>Invitations to {user.email}</h2>
          {!verified && (
            <p className="callout" data-testid="invites-need-verification">
              Confirm your email to accept them: <Link href="/me/account">Account settings</Link> sends the link again.
            </p>
          )}
          <ul>
            {invitations.map((i) => (
              <li key={i.id} data-email-invite={i.id}>
                {i.cohortName} <span className="muted">(invited <LocalTime iso={i.invitedAt.toISOString()} />)</span>{" "}
                {verified && <ActionButton action={`/api/cohorts/email-invites/${i.id}/accept`} label="Accept" body={{}} />}
              </li>
            ))}
          </ul>
        </section>
      )}
      <p>Type the invite code your instructor gave you.</p>
      <ApiForm label="Join by code" action="/api/cohorts/join" submitLabel="Join" followUrl fields={[{ kind: "text", name: "code", label: "Invite code", required: true }]} />
    </div>
  );
}
