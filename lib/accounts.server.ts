import "server-only";
import { bcryptCompare, bcryptHash } from "./password-hashing.server";
import type { Db } from "./db/client";
import type { SignUpInput } from "./validation/auth";

/** Roles, lowest privilege first. Stored as strings (prisma/models.prisma). */
export const roles = ["learner", "instructor", "admin"] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

const BCRYPT_COST = 12;
/** How long a signed-in browser stays signed in without signing in again. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** The user fields the app passes around once someone is signed in. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

function toSessionUser(u: { id: string; email: string; name: string | null; role: string }): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: isRole(u.role) ? u.role : "learner" };
}

/** bcrypt runs in worker threads, off the event loop (lib/password-hashing.server.ts). */
export function hashPassword(password: string): Promise<string> {
  return bcryptHash(password, BCRYPT_COST);
}

export function checkPassword(password: string, hash: string): Promise<boolean> {
  return bcryptCompare(password, hash);
}

export type CreateUserResult =
  | { ok: true; user: SessionUser }
  | { ok: false; fieldErrors: { email: string } };

/** Creates a learner account (or the given role, for seeds and the admin CLI). */
export async function createUser(db: Db, input: SignUpInput, role: Role = "learner"): Promise<CreateUserResult> {
  const taken = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) return { ok: false, fieldErrors: { email: "An account with this email already exists. Sign in instead." } };
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.user.create({
      data: { email: input.email, name: input.name || null, passwordHash, role },
    });
    return { ok: true, user: toSessionUser(user) };
  } catch (error) {
    // Two sign-ups with one email at the same moment: the unique index decides.
    if ((error as { code?: string }).code === "P2002") {
      return { ok: false, fieldErrors: { email: "An account with this email already exists. Sign in instead." } };
    }
    throw error;
  }
}

/** The user if the email and password match an enabled account, else null. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<SessionUser | null> {
  const user = await db.user.findUnique({ where: { email } });
  // Compare against a dummy hash when the user is missing so timing does not reveal which emails exist.
  const hash = user?.passwordHash ?? "$2b$12$ZmRBSMTk3LgN3i7e3OSUiu4GTTlfy74Z/NYmyVBwLVNJexnB2LGAW";
  const ok = await checkPassword(password, hash);
  if (!user || !user.passwordHash || !ok || user.disabledAt) return null;
  return toSessionUser(user);
}

/** Records a new signed-in browser; its id goes into the JWT. */
export async function startSession(db: Db, userId: string, now = new Date()): Promise<string> {
  const session = await db.authSession.create({
    data: { userId, expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000) },
  });
  return session.id;
}

/** The user behind a session id, or null if the session ended, expired or the user is disabled. */
export async function getSessionUser(db: Db, sessionId: string, now = new Date()): Promise<SessionUser | null> {
  // Every signed-in request runs this, so it is one indexed join in plain SQL: the same
  // lookup through Prisma's `include` costs about three times the CPU (two queries and a
  // compiled query plan; docs/performance.md). Live means: the row exists, has not
  // expired, and its user is not disabled. The SQL is the same on SQLite and PostgreSQL.
  const rows = await db.$queryRaw<{ id: string; email: string; name: string | null; role: string }[]>`
    SELECT u."id", u."email", u."name", u."role"
    FROM "AuthSession" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."id" = ${sessionId} AND s."expiresAt" > ${now} AND u."disabledAt" IS NULL`;
  const user = rows[0];
  return user ? toSessionUser(user) : null;
}

/** Ends one session (sign-out). */
export async function endSession(db: Db, sessionId: string): Promise<void> {
  await db.authSession.deleteMany({ where: { id: sessionId } });
}

export type ChangePasswordResult = { ok: true } | { ok: false; fieldErrors: { currentPassword: string } };

/**
 * Changes a password and ends every other session of the user at once, so a stolen
 * session cookie stops working the moment the owner changes their password.
 */
export async function changePassword(
  db: Db,
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<ChangePasswordResult> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user?.passwordHash || !(await checkPassword(currentPassword, user.passwordHash))) {
    return { ok: false, fieldErrors: { currentPassword: "That is not your current password." } };
  }
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.authSession.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
  ]);
  return { ok: true };
}

/** Disables an account and ends all of its sessions at once. */
export async function disableUser(db: Db, userId: string): Promise<void> {
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { disabledAt: new Date() } }),
    db.authSession.deleteMany({ where: { userId } }),
  ]);
}

/** Profile from an OAuth/OIDC provider, as next-auth hands it over. */
export interface ExternalIdentity {
  provider: string;
  providerAccountId: string;
  type: string;
  email: string;
  name: string | null;
}

/**
 * Finds or creates the local user for an external identity: an existing link wins, then
 * an account with the same (provider-verified) email is linked, else a learner is created.
 */
export type LinkResult = { ok: true; user: SessionUser } | { ok: false; reason: "disabled" | "unverified" };

/**
 * Signs in an OIDC/GitHub identity: its own linked account, else a fresh account, else an
 * existing account with the same email only if that email is verified. An unverified
 * account with the address may have been created by someone else to catch the real owner's
 * first SSO sign-in (pre-account hijacking), so it is never linked.
 */
export async function linkExternalIdentity(db: Db, identity: ExternalIdentity): Promise<LinkResult> {
  const email = identity.email.trim().toLowerCase();
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: identity.provider, providerAccountId: identity.providerAccountId } },
    include: { user: true },
  });
  if (linked) return linked.user.disabledAt ? { ok: false, reason: "disabled" } : { ok: true, user: toSessionUser(linked.user) };
  const existing = await db.user.findUnique({ where: { email } });
  if (existing && !existing.emailVerified) return { ok: false, reason: "unverified" };
  const user = existing ?? (await db.user.create({ data: { email, name: identity.name, emailVerified: new Date() } }));
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  await db.account.create({
    data: {
      userId: user.id,
      provider: identity.provider,
      providerAccountId: identity.providerAccountId,
      type: identity.type,
    },
  });
  return { ok: true, user: toSessionUser(user) };
}
