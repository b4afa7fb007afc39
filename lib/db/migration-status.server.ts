import "server-only";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Provider } from "../database-url";
import type { Db } from "./client";

/** The committed migrations of this build, read from prisma/<provider>/migrations (oldest first). */
function committedMigrations(provider: Provider): string[] {
  const dir = path.join(process.cwd(), "prisma", provider, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export interface MigrationStatus {
  current: boolean;
  applied: number;
  committed: number;
  /** Committed but not applied: run `npm run db:migrate`. */
  pending: string[];
}

/** Whether the database has every migration this build expects (the ledger is scripts/db/migrator.ts's). */
export async function migrationStatus(db: Db, provider: Provider): Promise<MigrationStatus> {
  const committed = committedMigrations(provider);
  const rows = await db.$queryRawUnsafe<{ name: string }[]>(`SELECT name FROM "_academy_migrations"`);
  const applied = new Set(rows.map((r) => String(r.name)));
  const pending = committed.filter((m) => !applied.has(m));
  return { current: pending.length === 0, applied: applied.size, committed: committed.length, pending };
}
