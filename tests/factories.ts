/**
 * Test factories, also used by the seed. Each creates what it needs with unique values,
 * so tests share no hidden state.
 */
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import type { Db } from "../lib/db/client";

export const DEMO = {
  instructor: { email: "instructor@example.com", password: "demo-instructor-pass", name: "Demo Instructor" },
  learner: { email: "learner@example.com", password: "demo-learner-pass", name: "Demo Learner" },
  cohortName: "Demo cohort: Kubernetes networking onboarding",
} as const;

// Cost 4 keeps factory users fast; real sign-ups use cost 12 (lib/accounts.server.ts).
const FACTORY_BCRYPT_COST = 4;

export async function createTestUser(
  db: Db,
  overrides: { email?: string; password?: string; role?: "learner" | "instructor" | "admin"; name?: string } = {},
) {
  const password = overrides.password ?? `pw-${randomUUID()}`;
  const email = overrides.email ?? `user-${randomUUID()}@example.test`;
  const user = await db.user.create({
    data: {
      email,
      name: overrides.name ?? null,
      role: overrides.role ?? "learner",
      passwordHash: await bcrypt.hash(password, FACTORY_BCRYPT_COST),
    },
  });
  return { ...user, password };
}

/** The demo instructor, learner and cohort. Upserts, so it is safe to run repeatedly. */
export async function seedDemoData(db: Db) {
  const upsertUser = async (who: { email: string; password: string; name: string }, role: string) =>
    db.user.upsert({
      where: { email: who.email },
      create: { email: who.email, name: who.name, role, passwordHash: await bcrypt.hash(who.password, 10) },
      update: { role, disabledAt: null, passwordHash: await bcrypt.hash(who.password, 10) },
    });
  const instructor = await upsertUser(DEMO.instructor, "instructor");
  const learner = await upsertUser(DEMO.learner, "learner");
  const cohort =
    (await db.cohort.findFirst({ where: { name: DEMO.cohortName, ownerId: instructor.id } })) ??
    (await db.cohort.create({
      data: { name: DEMO.cohortName, description: "A sample cohort for trying the instructor tools.", ownerId: instructor.id },
    }));
  for (const [userId, role] of [[instructor.id, "instructor"], [learner.id, "learner"]] as const) {
    await db.cohortMembership.upsert({
      where: { cohortId_userId: { cohortId: cohort.id, userId } },
      create: { cohortId: cohort.id, userId, role },
      update: { role },
    });
  }
  return {
    instructor: { ...instructor, password: DEMO.instructor.password },
    learner: { ...learner, password: DEMO.learner.password },
    cohort,
  };
}
