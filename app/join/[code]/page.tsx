import type { Metadata } from "next";
import Link from "next/link";
import { ActionButton } from "@/components/teach/action-button";
import { getCurrentUser } from "@/lib/auth.server";
import { describeInvite } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";

export const metadata: Metadata = { title: "Join a cohort" };
type Props = { params: Promise<{ code: string }> };

/** An invite link: shows the cohort and a Join button (sign in first). */
export default async function JoinPage({ params }: Props) {
  const { code } = await params;
  const invite = await describeInvite(db, decodeURIComponent(code));
  const user = await getCurrentUser();
  if (!invite) {
    return (
      <div className="narrow">
        <h1>Join a cohort</h1>
        <p role="alert" className="form-error">There is no invite with this code. Check the link, or <Link href="/join">type the code</Link>.</p>
      </div>
    );
  }
  const member = user ? await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: invite.cohort.id, userId: user.id } } }) : null;
  const here = `/join/${invite.code}`;
  return (
    <div className="narrow">
      <h1>Join {invite.cohort.name}</h1>
      {invite.cohort.description && <p>{invite.cohort.description}</p>}
      {member ? (
        <>
          <p>You are a member of this cohort. Your assignments are on the <Link href="/">home page</Link>.</p>
          {member.role === "learner" && (
            <p><ActionButton action={`/api/cohorts/${invite.cohort.id}/members/${user!.id}`} method="DELETE" label="Leave this cohort" secondary confirm="Leave this cohort? Your attempts are kept." /></p>
          )}
        </>
      ) : invite.message ? (
        <p role="alert" className="form-error">{invite.message}</p>
      ) : !user ? (
        <p>
          <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(here)}`}>Sign in to join</Link>{" "}
          or <Link href={`/signup?callbackUrl=${encodeURIComponent(here)}`}>create an account</Link>.
        </p>
      ) : (
        <p><ActionButton action="/api/cohorts/join" label="Join the cohort" body={{ code: invite.code }} /></p>
      )}
    </div>
  );
}
