/**
 * `npm run db:seed`: demo accounts and a demo cohort. Idempotent: running it again
 * changes nothing (it resets the demo passwords to the documented ones).
 */
import { loadEnvConfig } from "@next/env";
import { createDb, type Db } from "../lib/db/client";
import { seedDemoData } from "../tests/factories";

loadEnvConfig(process.cwd());

async function main() {
  const db: Db = createDb(process.env.DATABASE_URL ?? "file:./data/academy.db");
  try {
    const demo = await seedDemoData(db);
    console.log("db:seed: demo data ready");
    console.log(`  instructor  ${demo.instructor.email}  password: ${demo.instructor.password}`);
    console.log(`  learner     ${demo.learner.email}  password: ${demo.learner.password}`);
    console.log(`  cohort      ${demo.cohort.name}`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(`db:seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
