import "server-only";
import { hashPassword } from "./accounts.server";
import type { Db } from "./db/client";
import { consumeEmailToken, issueEmailToken, TOKEN_TTL_MS } from "./email-tokens.server";
import { appUrl, enqueueMail, type Mail } from "./mail.server";

/**
 * Password reset by mailed link (docs/decisions/016-accounts-and-reset.md). The request's
 * answer is the same whether or not an account has the address, and so is the work: one
 * mail is enqueued either way (a link to the owner; to an address without an account, a
 * note saying so), never awaited, so the SMTP server's speed does not show in the timing.
 * The route adds a fixed minimum answer time on top (lib/http.server.ts `answerNoSoonerThan`).
 */
export const RESET_MINUTES = TOKEN_TTL_MS["reset-password"] / 60_000;

/** What every forgot-password request is told. */
export const RESET_REQUESTED_MESSAGE =
  "If an account uses that address, a link to choose a new password is on its way. Check your inbox (and spam folder); the link works once, for 30 minutes.";

/** A reset link for the account, as a mail ready to send. */
export async function passwordResetMail(db: Db, user: { id: string; email: string }, intro: string): Promise<Mail> {
  const token = await issueEmailToken(db, user, "reset-password");
  return {
    to: user.email,
    subject: "Reset your CNI Academy password",
    text: [
      intro,
      "",
      `Choose a new password here: ${appUrl(`/reset-password?token=${token}`)}`,
      "",
      `The link works once, for ${RESET_MINUTES} minutes. Setting a new password signs you out everywhere. If you did not ask for this, ignore this mail: your password stays as it is.`,
    ].join("\n"),
  };
}

/** Starts a reset for whatever account has `rawEmail`; the result never says whether one does. */
export async function requestPasswordReset(db: Db, rawEmail: string): Promise<{ message: string }> {
  const email = rawEmail.trim().toLowerCase();
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (user && !user.disabledAt) {
    enqueueMail(await passwordResetMail(db, user, "Someone (we hope you) asked to reset the password of the CNI Academy account with this address."));
  } else {
    enqueueMail({
      to: email,
      subject: "Reset your CNI Academy password",
      text: user
        ? "Someone asked to reset the password of the CNI Academy account with this address, but the account is disabled. Ask an admin of your CNI Academy to enable it."
        : `Someone asked to reset a CNI Academy password for this address, but no account uses it. If you have an account, it may be under another address. You can also create one: ${appUrl("/signup")}\n\nIf this was not you, ignore this mail.`,
    });
  }
  return { message: RESET_REQUESTED_MESSAGE };
}

export type ResetResult = { ok: true } | { ok: false; error: string };

/**
 * Sets a new password from a mailed link. The token is spent, the password set and every
 * session of the user ended in one transaction: a second use of the link, also at the same
 * moment, finds the token spent and changes nothing. The click also proves the mailbox, so
 * the address counts as verified from then on.
 */
export async function resetPassword(db: Db, token: string, newPassword: string, now = new Date()): Promise<ResetResult> {
  // Hashed before the transaction: bcrypt's ~0.3 s must not hold a database lock.
  const passwordHash = await hashPassword(newPassword);
  const done = await db.$transaction(async (tx) => {
    const spent = await consumeEmailToken(tx, token, "reset-password", now);
    if (!spent) return false;
    const user = await tx.user.findUnique({ where: { id: spent.userId }, select: { emailVerified: true, disabledAt: true } });
    if (!user || user.disabledAt) return false;
    await tx.user.update({ where: { id: spent.userId }, data: { passwordHash, emailVerified: user.emailVerified ?? now } });
    await tx.authSession.deleteMany({ where: { userId: spent.userId } });
    // Other reset links still in the mailbox stop working too.
    await tx.emailToken.updateMany({ where: { userId: spent.userId, purpose: "reset-password", usedAt: null }, data: { usedAt: now } });
    return true;
  });
  return done
    ? { ok: true }
    : { ok: false, error: "This reset link is already used, expired or replaced by a newer one. Ask for a new one on the Forgot password page." };
}
