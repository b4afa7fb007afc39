import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { migrationStatus } from "@/lib/db/migration-status.server";
import { providerOf } from "@/lib/database-url";
import { env } from "@/lib/env.server";
import { rateLimitStoreStatus } from "@/lib/rate-limit.server";
import { plural } from "@/lib/text/plural";

export const dynamic = "force-dynamic";

/**
 * Readiness for load balancers and the e2e harness: the database answers and has every
 * migration this build expects. 503 otherwise, saying which. Public, reveals no data.
 * `rateLimits` says where rate limits are counted; "redis-unavailable" is degraded but
 * still serving (each instance counts on its own until Redis answers again).
 */
export async function GET() {
  const database = providerOf(env.DATABASE_URL);
  try {
    await db.user.count({ take: 1 });
  } catch {
    return NextResponse.json({ ok: false, database, error: "database unreachable" }, { status: 503 });
  }
  try {
    const migrations = await migrationStatus(db, database);
    if (!migrations.current) {
      return NextResponse.json(
        { ok: false, database, error: `database schema is behind this build: ${plural(migrations.pending.length, "migration")} pending; run npm run db:migrate`, migrations },
        { status: 503 },
      );
    }
    const rateLimits = await rateLimitStoreStatus(1_000);
    return NextResponse.json({ ok: true, database, migrations: { current: true, applied: migrations.applied }, rateLimits });
  } catch {
    return NextResponse.json({ ok: false, database, error: "migration ledger unreadable; run npm run db:migrate" }, { status: 503 });
  }
}
