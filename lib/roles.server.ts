import "server-only";
import type { Role } from "./accounts.server";
import type { Db } from "./db/client";

/**
 * The access model (docs/decisions/009-access-model.md), in one place so every route
 * handler, server component and CLI asks the same questions:
 *
 * - learner: their own attempts and the cohorts they belong to (as a learner);
 * - instructor: may create cohorts; manages only cohorts they own or co-teach;
 * - admin: everything, and sets roles.
 *
 * Functions that mutate or read on someone's behalf take the caller (`Actor`) and return
 * `{ ok: false, status, error }` instead of throwing, so route handlers answer 4xx with the
 * message. A cohort the caller may not manage is a 404, like a missing one, so its
 * existence is not revealed; an action the caller's role never allows is a 403.
 */
export interface Actor {
  id: string;
  role: Role;
}

export type Failure = { ok: false; status: 400 | 403 | 404 | 409 | 410 | 503; error: string; fieldErrors?: Record<string, string> };

export function fail(status: Failure["status"], error: string, fieldErrors?: Record<string, string>): Failure {
  return fieldErrors ? { ok: false, status, error, fieldErrors } : { ok: false, status, error };
}

/** Instructors and admins: may use the teaching tools at all. */
export function isStaff(actor: Actor): boolean {
  return actor.role === "instructor" || actor.role === "admin";
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === "admin";
}

export const NOT_STAFF = "Only instructors and admins can do this.";
export const NO_SUCH_COHORT = "No such cohort.";

/** Prisma filter for the cohorts an actor manages: owned or co-taught; every cohort for an admin. */
export function managedCohortsWhere(actor: Actor) {
  if (isAdmin(actor)) return {};
  return {
    OR: [{ ownerId: actor.id }, { memberships: { some: { userId: actor.id, role: "instructor" } } }],
  };
}

/**
 * The cohort if the actor manages it, else null (missing and not-yours look the same).
 * A learner never manages a cohort, even one where a stale membership says instructor:
 * the global role is checked first.
 */
export async function getManagedCohort(db: Db, actor: Actor, cohortId: string) {
  if (!isStaff(actor) || typeof cohortId !== "string" || cohortId.length > 64) return null;
  return db.cohort.findFirst({ where: { id: cohortId, ...managedCohortsWhere(actor) } });
}

/** Owner or admin: may change who co-teaches and delete the cohort. */
export function ownsCohort(actor: Actor, cohort: { ownerId: string }): boolean {
  return isAdmin(actor) || cohort.ownerId === actor.id;
}

/** Sets a user's role. Admin only; an admin cannot demote themself (there must always be one). */
export async function setUserRole(
  db: Db,
  actor: Actor,
  targetUserId: string,
  role: Role,
): Promise<{ ok: true; user: { id: string; email: string; role: string } } | Failure> {
  if (!isAdmin(actor)) return fail(403, "Only admins can change roles.");
  if (targetUserId === actor.id && role !== "admin") return fail(409, "You cannot remove your own admin role; ask another admin.");
  const target = await db.user.findUnique({ where: { id: targetUserId } });
  if (!target) return fail(404, "No such user.");
  const user = await db.user.update({ where: { id: targetUserId }, data: { role }, select: { id: true, email: true, role: true } });
  return { ok: true, user };
}

/** Users for the admin page, newest first. Admin only. */
export async function listUsersForAdmin(db: Db, actor: Actor, query: string) {
  if (!isAdmin(actor)) return fail(403, "Only admins can list users.");
  const q = query.trim().toLowerCase().slice(0, 100);
  const users = await db.user.findMany({
    where: q ? { email: { contains: q } } : {},
    orderBy: { createdAt: "desc" },
    take: 200,
    select: { id: true, email: true, name: true, role: true, disabledAt: true, createdAt: true },
  });
  return { ok: true as const, users };
}
