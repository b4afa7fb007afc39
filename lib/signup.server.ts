import "server-only";
import { createUser, hashPassword } from "./accounts.server";
import type { Db } from "./db/client";
import { verificationMail } from "./email-verification.server";
import { enqueueMail } from "./mail.server";
import { passwordResetMail } from "./password-reset.server";
import type { SignUpInput } from "./validation/auth";

/** What every sign-up is told, whether or not the address already had an account. */
export const SIGNED_UP_MESSAGE = "Check your inbox: we sent a mail to finish setting up your account.";

/**
 * Sign-up that does not say whether an address is registered (docs/decisions/016-accounts-and-reset.md).
 * Both branches do the same work: one bcrypt hash, one token, one mail enqueued. A new
 * address gets its account and a confirmation link; an address that already has an account
 * gets "you already have an account" with a reset link, and the account is not touched.
 */
export async function signUp(db: Db, input: SignUpInput): Promise<{ message: string }> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, disabledAt: true } });
  if (!existing) {
    const created = await createUser(db, input);
    if (created.ok) {
      enqueueMail(await verificationMail(db, created.user));
      return { message: SIGNED_UP_MESSAGE };
    }
    // Lost a race with another sign-up for the same address: answer as for a taken one
    // (createUser already hashed, so the work matches).
    const winner = await db.user.findUnique({ where: { email: input.email }, select: { id: true, email: true, disabledAt: true } });
    if (winner) await mailExistingAccount(db, winner);
    return { message: SIGNED_UP_MESSAGE };
  }
  // The hash nobody stores: it takes the time a new account's hash takes.
  await hashPassword(input.password);
  await mailExistingAccount(db, existing);
  return { message: SIGNED_UP_MESSAGE };
}

async function mailExistingAccount(db: Db, user: { id: string; email: string; disabledAt: Date | null }) {
  const intro =
    "Someone (we hope you) tried to create a CNI Academy account with this address, but you already have an account. Sign in with your password, or if you forgot it, choose a new one with the link below.";
  const mail = await passwordResetMail(db, user, intro);
  enqueueMail(
    user.disabledAt
      ? { to: user.email, subject: mail.subject, text: "Someone tried to create a CNI Academy account with this address, but you already have one, and it is disabled. Ask an admin of your CNI Academy to enable it." }
      : { ...mail, subject: "You already have an account at CNI Academy" },
  );
}
