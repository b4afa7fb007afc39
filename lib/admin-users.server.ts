import "server-only";
import { deleteUserAndData } from "./account-settings.server";
import type { Db, Tx } from "./db/client";
import { sendMail } from "./mail.server";
import { passwordResetMail } from "./password-reset.server";
import { fail, isAdmin, type Actor, type Failure } from "./roles.server";

/**
 * What admins do to other people's accounts (/admin/users): disable and re-enable, delete,
 * send a password reset. Admins only (403 for everyone else). Nobody disables or deletes
 * themselves, and the last enabled admin stays: otherwise nobody could manage the site.
 */
const NOT_ADMIN = "Only admins can manage users.";

async function targetOf(db: Db, userId: string) {
  if (typeof userId !== "string" || userId.length > 64) return null;
  return db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, role: true, disabledAt: true } });
}

const LAST_ADMIN = "This is the last admin; make someone else admin first.";

/**
 * Inside the transaction that removes `target`: a 409 when that would leave no enabled
 * admin. A count alone let two admins disable each other at the same instant (each saw
 * the other still enabled). So it first writes every admin row, a no-op write that holds
 * their row locks on PostgreSQL (and the write lock on SQLite) until the transaction ends:
 * a second removal waits here and then counts what the first left.
 */
async function refuseLastAdmin(tx: Tx, target: { id: string; role: string }): Promise<Failure | null> {
  if (target.role !== "admin") return null;
  await tx.user.updateMany({ where: { role: "admin" }, data: { role: "admin" } });
  const others = await tx.user.count({ where: { role: "admin", disabledAt: null, id: { not: target.id } } });
  return others === 0 ? fail(409, LAST_ADMIN) : null;
}

/** Disables (every session ends at once, sign-in refused) or re-enables an account. */
export async function adminSetDisabled(db: Db, actor: Actor, userId: string, disabled: boolean): Promise<{ ok: true; message: string } | Failure> {
  if (!isAdmin(actor)) return fail(403, NOT_ADMIN);
  const target = await targetOf(db, userId);
  if (!target) return fail(404, "No such user.");
  if (!disabled) {
    await db.user.update({ where: { id: target.id }, data: { disabledAt: null } });
    return { ok: true, message: `${target.email} is enabled again.` };
  }
  if (target.id === actor.id) return fail(409, "You cannot disable your own account; ask another admin.");
  const refused = await db.$transaction(async (tx) => {
    const lastAdmin = await refuseLastAdmin(tx, target);
    if (lastAdmin) return lastAdmin;
    await tx.user.update({ where: { id: target.id }, data: { disabledAt: target.disabledAt ?? new Date() } });
    await tx.authSession.deleteMany({ where: { userId: target.id } });
    return null;
  });
  if (refused) return refused;
  return { ok: true, message: `${target.email} is disabled and signed out everywhere.` };
}

/** Deletes an account and all its data (the same rules as deleting one's own, lib/account-settings.server.ts). */
export async function adminDeleteUser(db: Db, actor: Actor, userId: string): Promise<{ ok: true; message: string } | Failure> {
  if (!isAdmin(actor)) return fail(403, NOT_ADMIN);
  const target = await targetOf(db, userId);
  if (!target) return fail(404, "No such user.");
  if (target.id === actor.id) return fail(409, "You cannot delete your own account here; use Account settings, or ask another admin.");
  const deleted = await deleteUserAndData(db, target.id, (tx) => refuseLastAdmin(tx, target));
  if (!deleted.ok) return deleted;
  return { ok: true, message: `${target.email} and all their data are deleted.` };
}

/** Mails the user a password-reset link (30 minutes, single use). The admin never sees the link. */
export async function adminSendPasswordReset(db: Db, actor: Actor, userId: string): Promise<{ ok: true; message: string } | Failure> {
  if (!isAdmin(actor)) return fail(403, NOT_ADMIN);
  const target = await targetOf(db, userId);
  if (!target) return fail(404, "No such user.");
  if (target.disabledAt) return fail(409, "This account is disabled; enable it first, or the new password could not be used.");
  const sent = await sendMail(await passwordResetMail(db, target, "An admin of your CNI Academy sent you this link to choose a new password."));
  if (!sent) return fail(503, "The mail could not be sent right now. Try again in a few minutes.");
  return { ok: true, message: `A reset link is on its way to ${target.email}.` };
}
