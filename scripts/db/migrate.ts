/** `npm run db:migrate`: apply committed migrations to DATABASE_URL (default: the embedded SQLite file). */
import { loadEnvConfig } from "@next/env";
import { migrateDatabase } from "./migrator";

loadEnvConfig(process.cwd());

const url = process.env.DATABASE_URL ?? "file:./data/academy.db";
migrateDatabase(url)
  .then((r) => {
    const what = r.applied.length ? `applied ${r.applied.join(", ")}` : "already up to date";
    console.log(`db:migrate (${r.provider}): ${what} (${r.alreadyApplied.length} previously applied)`);
  })
  .catch((error: unknown) => {
    console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
