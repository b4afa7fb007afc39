import "server-only";
import { deleteUserAndData } from "./account-settings.server";
import type { Db } from "./db/client";
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

/** True when removing `target` would leave no enabled admin. */
async function isLastAdmin(db: Db, target: { id: string; role: string }): Promise<boolean> {
  if (target.role !== "admin") return false;
  return (await db.user.count({ where: { role: "admin", disabledAt: null, id: { not: target.id } } })) === 0;
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
  if (await isLastAdmin(db, target)) return fail(409, "This is the last admin; make someone else admin first.");
  await db.$transaction([
    db.user.update({ where: { id: target.id }, data: { disabledAt: target.disabledAt ?? new Date() } }),
    db.authSession.deleteMany({ where: { userId: target.id } }),
  ]);
  return { ok: true, message: `${target.email} is disabled and signed out everywhere.` };
}

/** Deletes an account and all its data (the same rules as deleting one's own, lib/account-settings.server.ts). */
export async function adminDeleteUser(db: Db, actor: Actor, userId: string): Promise<{ ok: true; message: string } | Failure> {
  if (!isAdmin(actor)) return fail(403, NOT_ADMIN);
  const target = await targetOf(db, userId);
  if (!target) return fail(404, "No such user.");
  if (target.id === actor.id) return fail(409, "You cannot delete your own account here; use Account settings, or ask another admin.");
  if (await isLastAdmin(db, target)) return fail(409, "This is the last admin; make someone else admin first.");
  const deleted = await deleteUserAndData(db, target.id);
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
