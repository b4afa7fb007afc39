import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "./db/client";
import { appUrl, sendMail } from "./mail.server";
import { boundedDate } from "./validation/safe-input";
import { fail, getManagedCohort, isStaff, managedCohortsWhere, NO_SUCH_COHORT, NOT_STAFF, ownsCohort, type Actor, type Failure } from "./roles.server";
import { emailSchema } from "./validation/auth";

/**
 * Cohorts: create, invite by link or code (expiring, revocable, optionally capped), join,
 * leave, remove a member, co-instructors, bulk email invites. Every function takes the
 * caller and checks it (lib/roles.server.ts); none trusts the page that called it.
 */

export const cohortInputSchema = z.object({
  name: z.string().trim().min(1, "Give the cohort a name.").max(120, "Use at most 120 characters."),
  description: z.string().trim().max(2000, "Use at most 2000 characters.").optional().default(""),
  startDate: boundedDate("Enter a valid date.").nullable().optional().default(null),
});
export type CohortInput = z.infer<typeof cohortInputSchema>;

export const inviteInputSchema = z.object({
  /** Days until the link stops working; null: never expires. */
  expiresInDays: z.number().int().min(1).max(365).nullable().optional().default(14),
  maxUses: z.number().int().min(1, "A cap must be at least 1.").max(10_000).nullable().optional().default(null),
});
export type InviteInput = z.infer<typeof inviteInputSchema>;

/** Creates a cohort owned by the caller, who also becomes its first instructor member. */
export async function createCohort(db: Db, actor: Actor, input: CohortInput) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const cohort = await db.cohort.create({
    data: {
      name: input.name,
      description: input.description,
      startDate: input.startDate,
      ownerId: actor.id,
      memberships: { create: { userId: actor.id, role: "instructor" } },
    },
  });
  return { ok: true as const, cohort };
}

export const cohortEditSchema = z.object({
  name: cohortInputSchema.shape.name.optional(),
  description: z.string().trim().max(2000, "Use at most 2000 characters.").optional(),
  /** true archives (kept for the record, hidden from lists, no new joins); false restores. */
  archived: z.boolean({ error: "archived is true or false." }).optional(),
});
export type CohortEdit = z.infer<typeof cohortEditSchema>;

/** Renames, re-describes, archives or restores a cohort (its instructors and admins). */
export async function updateCohort(db: Db, actor: Actor, cohortId: string, edit: CohortEdit, now = new Date()) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  const updated = await db.cohort.update({
    where: { id: cohort.id },
    data: {
      name: edit.name ?? cohort.name,
      description: edit.description ?? cohort.description,
      archivedAt: edit.archived === undefined ? cohort.archivedAt : edit.archived ? (cohort.archivedAt ?? now) : null,
    },
  });
  return { ok: true as const, cohort: updated };
}

export function listManagedCohorts(db: Db, actor: Actor) {
  if (!isStaff(actor)) return Promise.resolve([]);
  return db.cohort.findMany({
    where: managedCohortsWhere(actor),
    orderBy: { createdAt: "desc" },
    include: { _count: { select: { memberships: { where: { role: "learner" } }, assignments: true } } },
  });
}

/** A cohort with its members, invites and pending email invites, for its manager. */
export async function getCohortDetail(db: Db, actor: Actor, cohortId: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return null;
  const [memberships, invites, emailInvites, owner] = await Promise.all([
    db.cohortMembership.findMany({
      where: { cohortId },
      include: { user: { select: { id: true, email: true, name: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.cohortInvite.findMany({ where: { cohortId }, orderBy: { createdAt: "desc" } }),
    db.cohortEmailInvite.findMany({ where: { cohortId, acceptedAt: null }, orderBy: { email: "asc" } }),
    db.user.findUniqueOrThrow({ where: { id: cohort.ownerId }, select: { id: true, email: true, name: true } }),
  ]);
  return { cohort, owner, memberships, invites, emailInvites, canManageInstructors: ownsCohort(actor, cohort) };
}

/** Invite codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L), about 50 bits. */
const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export function generateInviteCode(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
}

/** Normalises what a learner typed ("abcd-efgh 23", lower case) to a stored code. */
export function normaliseInviteCode(raw: string): string {
  return raw.toUpperCase().replace(/[^0-9A-Z]/g, "").slice(0, 32);
}

export async function createInvite(db: Db, actor: Actor, cohortId: string, input: InviteInput, now = new Date()) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  const invite = await db.cohortInvite.create({
    data: {
      cohortId,
      code: generateInviteCode(),
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      maxUses: input.maxUses,
    },
  });
  return { ok: true as const, invite };
}

export async function revokeInvite(db: Db, actor: Actor, inviteId: string, now = new Date()) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const invite = await db.cohortInvite.findUnique({ where: { id: inviteId } });
  if (!invite || !(await getManagedCohort(db, actor, invite.cohortId))) return fail(404, "No such invite.");
  const updated = await db.cohortInvite.update({ where: { id: inviteId }, data: { revokedAt: invite.revokedAt ?? now } });
  return { ok: true as const, invite: updated };
}

export type InviteState = "valid" | "revoked" | "expired" | "full";

export function inviteState(invite: { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number }, now: Date): InviteState {
  if (invite.revokedAt) return "revoked";
  if (invite.expiresAt && invite.expiresAt <= now) return "expired";
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return "full";
  return "valid";
}

const INVITE_UNUSABLE: Record<Exclude<InviteState, "valid">, string> = {
  revoked: "This invite was withdrawn by the instructor. Ask them for a new one.",
  expired: "This invite has expired. Ask the instructor for a new one.",
  full: "This invite has been used by as many people as it allows. Ask the instructor for a new one.",
};

/** What the join page shows for a code: the cohort's name and whether the code works. */
export async function describeInvite(db: Db, rawCode: string, now = new Date()) {
  const code = normaliseInviteCode(rawCode);
  if (!code) return null;
  const invite = await db.cohortInvite.findUnique({ where: { code }, include: { cohort: { select: { id: true, name: true, description: true } } } });
  if (!invite) return null;
  const state = inviteState(invite, now);
  return { code, cohort: invite.cohort, state, message: state === "valid" ? null : INVITE_UNUSABLE[state] };
}

/**
 * Joins the cohort behind an invite code. Already a member: succeeds without using up
 * the invite. The cap holds under concurrent joins: the use is taken by a conditional
 * update (`uses < maxUses`), which only one of two racing requests can win for the last seat.
 */
export async function joinCohort(db: Db, actor: Actor, rawCode: string, now = new Date()): Promise<{ ok: true; cohortId: string; alreadyMember: boolean } | Failure> {
  const code = normaliseInviteCode(rawCode);
  const invite = code ? await db.cohortInvite.findUnique({ where: { code } }) : null;
  if (!invite) return fail(404, "There is no invite with that code. Check it and try again.");
  const existing = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: invite.cohortId, userId: actor.id } } });
  if (existing) return { ok: true, cohortId: invite.cohortId, alreadyMember: true };
  const target = await db.cohort.findUnique({ where: { id: invite.cohortId }, select: { archivedAt: true } });
  if (target?.archivedAt) return fail(410, "This cohort is archived and takes no new members.");
  const state = inviteState(invite, now);
  if (state !== "valid") return fail(410, INVITE_UNUSABLE[state]);

  return db.$transaction(async (tx) => {
    const claim = await tx.cohortInvite.updateMany({
      where: {
        id: invite.id,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        ...(invite.maxUses !== null ? { uses: { lt: invite.maxUses } } : {}),
      },
      data: { uses: { increment: 1 } },
    });
    if (claim.count === 0) return fail(410, INVITE_UNUSABLE.full);
    await tx.cohortMembership.create({ data: { cohortId: invite.cohortId, userId: actor.id, role: "learner" } });
    return { ok: true as const, cohortId: invite.cohortId, alreadyMember: false };
  }).catch((error: unknown) => {
    // The same learner joining from two tabs: the unique (cohort, user) index refused the second.
    if ((error as { code?: string }).code === "P2002") return { ok: true as const, cohortId: invite.cohortId, alreadyMember: true };
    throw error;
  });
}

/** A learner leaves a cohort. Their attempts stay (they are the learner's); the owner cannot leave. */
export async function leaveCohort(db: Db, actor: Actor, cohortId: string) {
  const membership = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId, userId: actor.id } }, include: { cohort: true } });
  if (!membership) return fail(404, "You are not a member of this cohort.");
  if (membership.cohort.ownerId === actor.id) return fail(409, "The owner cannot leave their own cohort.");
  await db.cohortMembership.delete({ where: { id: membership.id } });
  return { ok: true as const };
}

/**
 * Removes a member. Managers may remove learners; only the owner (or an admin) may remove
 * a co-instructor; nobody removes the owner.
 */
export async function removeMember(db: Db, actor: Actor, cohortId: string, userId: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  if (userId === cohort.ownerId) return fail(409, "The owner cannot be removed from their cohort.");
  const membership = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId, userId } } });
  if (!membership) return fail(404, "That person is not a member of this cohort.");
  if (membership.role === "instructor" && !ownsCohort(actor, cohort)) return fail(403, "Only the cohort's owner can remove a co-instructor.");
  await db.cohortMembership.delete({ where: { id: membership.id } });
  return { ok: true as const };
}

/** Adds a co-instructor by email. Owner or admin only; the person must already have the instructor or admin role. */
export async function addCoInstructor(db: Db, actor: Actor, cohortId: string, rawEmail: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  if (!ownsCohort(actor, cohort)) return fail(403, "Only the cohort's owner can add co-instructors.");
  const email = emailSchema.safeParse(rawEmail);
  if (!email.success) return fail(400, "Some fields need attention.", { email: email.error.issues[0]?.message ?? "Enter an email." });
  const user = await db.user.findUnique({ where: { email: email.data } });
  if (!user || (user.role !== "instructor" && user.role !== "admin")) {
    return fail(400, "Some fields need attention.", { email: "No instructor has that email. An admin can promote the account first." });
  }
  await db.cohortMembership.upsert({
    where: { cohortId_userId: { cohortId, userId: user.id } },
    create: { cohortId, userId: user.id, role: "instructor" },
    update: { role: "instructor" },
  });
  return { ok: true as const, userId: user.id };
}

export const MAX_BULK_EMAILS = 500;

/** Splits a pasted list (commas, semicolons, spaces, new lines, "Name <a@b>" forms) into valid and invalid emails. */
export function parseEmailList(text: string): { valid: string[]; invalid: string[] } {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.replace(/^<|>$/g, "").replace(/^mailto:/i, "").trim())
    .filter((t) => t.includes("@"));
  const valid = new Set<string>();
  const invalid: string[] = [];
  for (const t of tokens) {
    const parsed = emailSchema.safeParse(t);
    if (parsed.success) valid.add(parsed.data);
    else invalid.push(t.slice(0, 254));
  }
  return { valid: [...valid], invalid };
}

/**
 * Bulk invite: existing accounts become members at once; other emails get a pending
 * invite, claimed when someone first signs in with that email (`claimEmailInvites`, called
 * from the sign-in callback in lib/auth.server.ts).
 */
export async function bulkInvite(db: Db, actor: Actor, cohortId: string, text: string) {
  const cohort = await getManagedCohort(db, actor, cohortId);
  if (!cohort) return isStaff(actor) ? fail(404, NO_SUCH_COHORT) : fail(403, NOT_STAFF);
  const { valid, invalid } = parseEmailList(text);
  if (valid.length === 0) return fail(400, "Some fields need attention.", { emails: "Paste at least one valid email address." });
  if (valid.length > MAX_BULK_EMAILS) return fail(400, "Some fields need attention.", { emails: `Paste at most ${MAX_BULK_EMAILS} addresses at a time.` });
  const users = await db.user.findMany({ where: { email: { in: valid } }, select: { id: true, email: true } });
  const byEmail = new Map(users.map((u) => [u.email, u.id]));
  const members = new Set(
    (await db.cohortMembership.findMany({ where: { cohortId, userId: { in: users.map((u) => u.id) } }, select: { userId: true } })).map((m) => m.userId),
  );
  // Nobody is added without consent: an existing account gets an invitation to accept (on
  // its Join page), an address without an account one that its first verified sign-in claims.
  let pending = 0;
  let alreadyMembers = 0;
  const mailed: string[] = [];
  for (const email of valid) {
    const userId = byEmail.get(email);
    if (userId && members.has(userId)) {
      alreadyMembers++;
      continue;
    }
    const existing = await db.cohortEmailInvite.findUnique({ where: { cohortId_email: { cohortId, email } } });
    if (!existing) {
      await db.cohortEmailInvite.create({ data: { cohortId, email } });
      mailed.push(email);
    }
    pending++;
  }
  // Sent after the response's work is done; a failed mail is logged, and the invitation still waits on the Join page.
  void Promise.allSettled(
    mailed.map((to) =>
      sendMail({
        to,
        subject: `You are invited to "${cohort.name}" on CNI Academy`,
        text: `An instructor invited this address to the cohort "${cohort.name}".\n\nSign in (or create an account) with this email, confirm the address, and accept the invitation here:\n${appUrl("/join")}\n`,
      }),
    ),
  );
  return { ok: true as const, added: 0, pending, alreadyMembers, invalid };
}

/** Withdraws a pending email invite. */
export async function cancelEmailInvite(db: Db, actor: Actor, emailInviteId: string) {
  if (!isStaff(actor)) return fail(403, NOT_STAFF);
  const invite = await db.cohortEmailInvite.findUnique({ where: { id: emailInviteId } });
  if (!invite || invite.acceptedAt || !(await getManagedCohort(db, actor, invite.cohortId))) return fail(404, "No such invite.");
  await db.cohortEmailInvite.delete({ where: { id: invite.id } });
  return { ok: true as const };
}

/** Turns pending email invites into memberships for a user signing in with that email. Idempotent. */
/**
 * On a verified sign-in (or right after verifying): joins the cohorts that invited this
 * address before the account existed. Invitations sent to an account that already existed
 * wait for its owner to accept them (`acceptEmailInvite`). Unverified accounts claim nothing.
 */
export async function claimEmailInvites(db: Db, userId: string, now = new Date()): Promise<number> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true, createdAt: true } });
  if (!user?.emailVerified) return 0;
  const pending = await db.cohortEmailInvite.findMany({ where: { email: user.email.trim().toLowerCase(), acceptedAt: null, createdAt: { lt: user.createdAt } } });
  let joined = 0;
  for (const invite of pending) if (await acceptInvite(db, invite, userId, now)) joined++;
  return joined;
}

async function acceptInvite(db: Db, invite: { id: string; cohortId: string }, userId: string, now: Date): Promise<boolean> {
  const cohort = await db.cohort.findUnique({ where: { id: invite.cohortId }, select: { archivedAt: true } });
  if (!cohort || cohort.archivedAt) return false;
  const claimed = await db.cohortEmailInvite.updateMany({ where: { id: invite.id, acceptedAt: null }, data: { acceptedAt: now } });
  if (claimed.count === 0) return false;
  const exists = await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: invite.cohortId, userId } } });
  if (exists) return false;
  await db.cohortMembership.create({ data: { cohortId: invite.cohortId, userId, role: "learner" } });
  return true;
}

/** The invitations waiting for this account's (verified) address, for its Join page. */
export async function pendingInvitationsFor(db: Db, userId: string) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, emailVerified: true } });
  if (!user) return { verified: false, invitations: [] };
  const invitations = await db.cohortEmailInvite.findMany({
    where: { email: user.email.toLowerCase(), acceptedAt: null, cohort: { archivedAt: null } },
    include: { cohort: { select: { name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return { verified: Boolean(user.emailVerified), invitations: invitations.map((i) => ({ id: i.id, cohortId: i.cohortId, cohortName: i.cohort.name, invitedAt: i.createdAt })) };
}

/** Accepts one invitation sent to the caller's address; the address must be verified. */
export async function acceptEmailInvite(db: Db, actor: Actor, inviteId: string, now = new Date()) {
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { email: true, emailVerified: true } });
  const invite = typeof inviteId === "string" && inviteId.length <= 64 ? await db.cohortEmailInvite.findUnique({ where: { id: inviteId } }) : null;
  if (!user || !invite || invite.email !== user.email.toLowerCase()) return fail(404, "There is no such invitation for your address.");
  if (!user.emailVerified) return fail(403, "Confirm your email first (Account settings sends the link): invitations go to confirmed addresses only.");
  if (invite.acceptedAt) return { ok: true as const, cohortId: invite.cohortId, alreadyMember: true };
  const joined = await acceptInvite(db, invite, actor.id, now);
  if (!joined && !(await db.cohortMembership.findUnique({ where: { cohortId_userId: { cohortId: invite.cohortId, userId: actor.id } } }))) {
    return fail(410, "This cohort is archived and takes no new members.");
  }
  return { ok: true as const, cohortId: invite.cohortId, alreadyMember: !joined };
}

/** Cohorts the user belongs to as a learner, newest membership first, with or without assignments (My progress lists them all). */
export function listMyCohorts(db: Db, userId: string) {
  return db.cohortMembership.findMany({
    where: { userId, role: "learner" },
    orderBy: { createdAt: "desc" },
    include: { cohort: { select: { id: true, name: true, description: true, archivedAt: true, _count: { select: { assignments: true } } } } },
  });
}
