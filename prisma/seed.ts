/**
 * `npm run db:seed`: demo accounts and a demo cohort. Idempotent: running it again
 * changes nothing (it resets the demo passwords to the documented ones).
 */
import { loadEnvConfig } from "@next/env";
import { createDb, type Db } from "../lib/db/client";
import { seedDemoData } from "../tests/factories";

loadEnvConfig(process.cwd());

/** The demo cohort's invite code and a quiz assignment, so the teaching tools have something to show. Idempotent. */
const DEMO_INVITE_CODE = "DEMOJOIN23";
async function seedDemoTeaching(db: Db, cohortId: string) {
  await db.cohortInvite.upsert({ where: { code: DEMO_INVITE_CODE }, create: { cohortId, code: DEMO_INVITE_CODE }, update: { revokedAt: null } });
  if ((await db.assignment.count({ where: { cohortId } })) === 0) {
    const now = Date.now();
    await db.assignment.create({
      data: {
        cohortId,
        title: "Week 1: VXLAN basics",
        quizId: "vxlan-basics",
        opensAt: new Date(now - 86_400_000),
        dueAt: new Date(now + 14 * 86_400_000),
        closesAt: new Date(now + 21 * 86_400_000),
        attemptsAllowed: 3,
      },
    });
  }
  return { inviteCode: DEMO_INVITE_CODE, assignments: await db.assignment.count({ where: { cohortId } }) };
}

async function main() {
  const db: Db = createDb(process.env.DATABASE_URL ?? "file:./data/academy.db");
  try {
    const demo = await seedDemoData(db);
    const teaching = await seedDemoTeaching(db, demo.cohort.id);
    console.log("db:seed: demo data ready");
    console.log(`  instructor  ${demo.instructor.email}  password: ${demo.instructor.password}`);
    console.log(`  learner     ${demo.learner.email}  password: ${demo.learner.password}`);
    console.log(`  cohort      ${demo.cohort.name} (join code ${teaching.inviteCode}, ${teaching.assignments} assignment(s))`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
