import { NextResponse } from "next/server";
import { db, dbReady } from "@/lib/db.server";
import { migrationStatus } from "@/lib/db/migration-status.server";
import { providerOf } from "@/lib/database-url";
import { env } from "@/lib/env.server";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers and the e2e harness: the database answers and has every
 * migration this build expects. 503 otherwise, saying which. Public, reveals no data.
 */
export async function GET() {
  const database = providerOf(env.DATABASE_URL);
  try {
    await dbReady;
    await db.user.count({ take: 1 });
  } catch {
    return NextResponse.json({ ok: false, database, error: "database unreachable" }, { status: 503 });
  }
  try {
    const migrations = await migrationStatus(db, database);
    if (!migrations.current) {
      return NextResponse.json(
        { ok: false, database, error: `database schema is behind this build: ${migrations.pending.length} migration(s) pending; run npm run db:migrate`, migrations },
        { status: 503 },
      );
    }
    return NextResponse.json({ ok: true, database, migrations: { current: true, applied: migrations.applied } });
  } catch {
    return NextResponse.json({ ok: false, database, error: "migration ledger unreadable; run npm run db:migrate" }, { status: 503 });
  }
}
