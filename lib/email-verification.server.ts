import "server-only";
import { claimEmailInvites } from "./cohorts.server";
import type { Db } from "./db/client";
import { consumeEmailToken, issueEmailToken } from "./email-tokens.server";
import { appUrl, sendMail, type Mail } from "./mail.server";

/**
 * Email verification (docs/decisions/015-email-verification.md). A password account's
 * address is unverified until its owner follows the link mailed to it. Only a verified
 * address may be linked to an OIDC/GitHub identity or claim a cohort's email invitation, so
 * someone who signs up with another person's address gains nothing from it.
 */
export async function sendVerificationMail(db: Db, user: { id: string; email: string }): Promise<boolean> {
  return sendMail(await verificationMail(db, user));
}

/** A fresh verification link for the user's address, as a mail ready to send. */
export async function verificationMail(db: Db, user: { id: string; email: string }): Promise<Mail> {
  const token = await issueEmailToken(db, user, "verify-email");
  return {
    to: user.email,
    subject: "Confirm your email for CNI Academy",
    text: [
      "Someone (we hope you) created a CNI Academy account with this address.",
      "",
      `Confirm it here: ${appUrl(`/verify-email?token=${token}`)}`,
      "",
      "The link works once, for 48 hours. If this was not you, ignore this mail: the account cannot use your address for single sign-on or cohort invitations until it is confirmed.",
    ].join("\n"),
  };
}

/** Follows a verification link: the account's address is verified (true), or the link is no good (false). */
export async function verifyEmail(db: Db, token: string, now = new Date()): Promise<boolean> {
  const spent = await consumeEmailToken(db, token, "verify-email", now);
  if (!spent) return false;
  await db.user.updateMany({ where: { id: spent.userId, email: spent.email }, data: { emailVerified: now } });
  // Cohorts that invited the address before the account existed can now be joined.
  await claimEmailInvites(db, spent.userId, now);
  return true;
}
