import "server-only";
import bcrypt from "bcryptjs";
import type { Db, Tx } from "./db/client";
import { consumeEmailToken, issueEmailToken, TOKEN_TTL_MS } from "./email-tokens.server";
import { appUrl, enqueueMail } from "./mail.server";
import { fail, type Failure } from "./roles.server";
import type { DeleteAccountInput } from "./validation/account";

/**
 * What a person can do with their own account (issue 12, "accounts people expect"):
 * rename, change email (re-verified by a link to the new address), export everything stored
 * about them, delete the account with all of it. Every function takes the caller's own user
 * id (from the session), never an id from the request. docs/decisions/016-accounts-and-reset.md.
 */

export async function updateProfile(db: Db, userId: string, input: { name: string }) {
  const user = await db.user.update({ where: { id: userId }, data: { name: input.name.trim() || null }, select: { id: true, name: true } });
  return { ok: true as const, user };
}

const WRONG_PASSWORD = { currentPassword: "That is not your current password." };

async function passwordMatches(user: { passwordHash: string | null }, password: string): Promise<boolean> {
  return Boolean(user.passwordHash) && (await bcrypt.compare(password, user.passwordHash!));
}

const CHANGE_HOURS = TOKEN_TTL_MS["change-email"] / 3_600_000;

/**
 * Asks to move the account to a new address: a link goes to the new address and the
 * account keeps the old one until it is followed. The answer is the same when the new
 * address belongs to another account (no enumeration from inside an account): that
 * address's owner gets a note instead of a link, and nothing can be confirmed.
 */
export async function requestEmailChange(
  db: Db,
  userId: string,
  input: { email: string; currentPassword: string },
): Promise<{ ok: true; message: string } | Failure> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.passwordHash && !(await passwordMatches(user, input.currentPassword))) return fail(400, "Your current password did not match.", WRONG_PASSWORD);
  const email = input.email.trim().toLowerCase();
  if (email === user.email) return fail(400, "That is already your email address.", { email: "That is already your email address." });
  const message = `A link is on its way to ${email}. Your email changes when you follow it (within ${CHANGE_HOURS} hours); until then you keep using ${user.email}.`;
  const taken = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (taken) {
    enqueueMail({
      to: email,
      subject: "Someone tried to move a CNI Academy account to this address",
      text: "A CNI Academy user asked to change their account's email to this address, but an account with this address already exists (perhaps yours), so nothing changed. If you did not expect this, you can ignore this mail.",
    });
    return { ok: true, message };
  }
  const token = await issueEmailToken(db, { id: userId, email }, "change-email");
  enqueueMail({
    to: email,
    subject: "Confirm your new email for CNI Academy",
    text: [
      `Someone (we hope you) asked to change the email of the CNI Academy account ${user.email} to this address.`,
      "",
      `Confirm the change here: ${appUrl(`/confirm-email?token=${token}`)}`,
      "",
      `The link works once, for ${CHANGE_HOURS} hours. If this was not you, ignore this mail: nothing changes until the link is followed.`,
    ].join("\n"),
  });
  return { ok: true, message };
}

/** The address a change waits to be confirmed for, if any (for the settings page). */
export async function pendingEmailChange(db: Db, userId: string, now = new Date()): Promise<string | null> {
  const row = await db.emailToken.findFirst({ where: { userId, purpose: "change-email", usedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "desc" } });
  return row?.email ?? null;
}

/**
 * Follows an email-change link: the account takes the new address, verified by this click.
 * The address is checked again here (another account may have taken it since the link was
 * sent) and the unique index decides a race.
 */
export async function confirmEmailChange(db: Db, token: string, now = new Date()): Promise<{ ok: true; email: string } | Failure> {
  const spent = await consumeEmailToken(db, token, "change-email", now);
  if (!spent) return fail(400, "This link is used, expired or replaced by a newer one. Ask for the change again in Account settings.");
  const taken = await db.user.findFirst({ where: { email: spent.email, id: { not: spent.userId } }, select: { id: true } });
  if (taken) return fail(409, "Another account uses that address now, so your email stays as it was.");
  try {
    await db.user.update({ where: { id: spent.userId }, data: { email: spent.email, emailVerified: now } });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") return fail(409, "Another account uses that address now, so your email stays as it was.");
    if ((error as { code?: string }).code === "P2025") return fail(400, "This link belongs to an account that no longer exists.");
    throw error;
  }
  return { ok: true, email: spent.email };
}

/** Everything stored about the user, for the "export my data" download. Nothing about anyone else. */
export async function exportUserData(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: userId },
    include: {
      accounts: { select: { provider: true, providerAccountId: true, type: true, createdAt: true } },
      sessions: { select: { createdAt: true, expiresAt: true }, orderBy: { createdAt: "asc" } },
      lessonProgress: { select: { lessonSlug: true, status: true, completedAt: true, createdAt: true, updatedAt: true }, orderBy: { lessonSlug: "asc" } },
      attempts: {
        orderBy: [{ quizId: "asc" }, { attemptNumber: "asc" }],
        include: {
          responses: {
            orderBy: { questionId: "asc" },
            select: { questionId: true, answer: true, savedAt: true, checkedAt: true, points: true, maxPoints: true, correct: true, gradedAt: true, manualPoints: true, manualComment: true },
          },
          // Who changed a grade is the instructor's data, not this person's: kept out.
          gradeChanges: { select: { questionId: true, kind: true, oldPoints: true, newPoints: true, oldScore: true, newScore: true, comment: true, createdAt: true } },
        },
      },
      memberships: { select: { role: true, createdAt: true, cohort: { select: { id: true, name: true } } } },
      ownedCohorts: { select: { id: true, name: true, createdAt: true, archivedAt: true } },
      assignmentOverrides: { select: { assignmentId: true, extraTimeSeconds: true, extraAttempts: true, dueAt: true, createdAt: true } },
      emailTokens: { select: { purpose: true, email: true, createdAt: true, expiresAt: true, usedAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const invitations = await db.cohortEmailInvite.findMany({
    where: { email: user.email },
    select: { createdAt: true, acceptedAt: true, cohort: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  const parse = (json: string): unknown => {
    try {
      return JSON.parse(json);
    } catch {
      return json;
    }
  };
  return {
    exportedAt: new Date().toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      emailVerified: user.emailVerified,
      disabledAt: user.disabledAt,
      hasPassword: user.passwordHash !== null,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    },
    linkedSignIns: user.accounts,
    sessions: user.sessions,
    lessonProgress: user.lessonProgress,
    attempts: user.attempts.map((a) => ({
      id: a.id,
      quizId: a.quizId,
      assignmentId: a.assignmentId,
      attemptNumber: a.attemptNumber,
      status: a.status,
      startedAt: a.startedAt,
      deadlineAt: a.deadlineAt,
      submittedAt: a.submittedAt,
      autoSubmitted: a.autoSubmitted,
      score: a.score,
      maxScore: a.maxScore,
      questionIds: parse(a.questionIds),
      responses: a.responses.map((r) => ({ ...r, answer: parse(r.answer) })),
      gradeChanges: a.gradeChanges,
    })),
    memberships: user.memberships.map((m) => ({ cohortId: m.cohort.id, cohortName: m.cohort.name, role: m.role, joinedAt: m.createdAt })),
    ownedCohorts: user.ownedCohorts,
    invitations: invitations.map((i) => ({ cohortId: i.cohort.id, cohortName: i.cohort.name, invitedAt: i.createdAt, acceptedAt: i.acceptedAt })),
    assignmentOverrides: user.assignmentOverrides,
    emailLinks: user.emailTokens,
  };
}
export type UserExport = Awaited<ReturnType<typeof exportUserData>>;

/**
 * Deletes a user and everything stored about them, in one transaction. Rows that belong to
 * the user cascade (prisma/models.prisma: accounts, sessions, progress, attempts and their
 * responses and grade changes, memberships, overrides, mailed links); invitations sent to
 * the address are deleted by address. Cohorts the user owns pass to their longest-serving
 * co-instructor; if one has no co-instructor the deletion is refused (409, naming it), so
 * learners' assignments and grades are never deleted as a side effect.
 * Grade-change records other learners hold keep the instructor's id as a plain string.
 */
export async function deleteUserAndData(db: Db, userId: string, refuse?: (tx: Tx) => Promise<Failure | null>): Promise<{ ok: true } | Failure> {
  return db.$transaction(async (tx) => {
    // A caller's own rule, checked in the same transaction (admins: never the last admin).
    const refused = refuse ? await refuse(tx) : null;
    if (refused) return refused;
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!user) return fail(404, "No such user.");
    const owned = await tx.cohort.findMany({
      where: { ownerId: userId },
      select: {
        id: true,
        name: true,
        memberships: {
          where: { role: "instructor", userId: { not: userId }, user: { role: { in: ["instructor", "admin"] }, disabledAt: null } },
          orderBy: { createdAt: "asc" },
          take: 1,
          select: { userId: true },
        },
      },
    });
    const orphans = owned.filter((c) => c.memberships.length === 0);
    if (orphans.length > 0) {
      const names = orphans.map((c) => `"${c.name}"`).join(", ");
      return fail(
        409,
        `This account owns ${orphans.length === 1 ? "a cohort" : "cohorts"} nobody else teaches: ${names}. Add a co-instructor to ${orphans.length === 1 ? "it" : "each"} first (they become the owner), so its learners' grades are kept.`,
      );
    }
    for (const c of owned) await tx.cohort.update({ where: { id: c.id }, data: { ownerId: c.memberships[0]!.userId } });
    await tx.cohortEmailInvite.deleteMany({ where: { email: user.email } });
    await tx.user.delete({ where: { id: userId } });
    return { ok: true as const };
  });
}

/**
 * Deletes the caller's own account: the current password proves it is them (an SSO-only
 * account, which has none, types its email address instead).
 */
export async function deleteOwnAccount(db: Db, userId: string, input: DeleteAccountInput): Promise<{ ok: true } | Failure> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) return fail(404, "No such user.");
  if (user.passwordHash) {
    if (!(await passwordMatches(user, input.password ?? ""))) return fail(400, "Your password did not match, so the account was not deleted.", { password: "That is not your current password." });
  } else if ((input.confirm ?? "").trim().toLowerCase() !== user.email) {
    return fail(400, "Type your email address to confirm the deletion.", { confirm: `Type ${user.email} to confirm.` });
  }
  return deleteUserAndData(db, userId);
}
