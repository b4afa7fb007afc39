import { NextResponse } from "next/server";
import { db } from "@/lib/db.server";
import { providerOf } from "@/lib/database-url";
import { env } from "@/lib/env.server";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and the e2e harness. Public, reveals no data. */
export async function GET() {
  try {
    await db.user.count({ take: 1 });
    return NextResponse.json({ ok: true, database: providerOf(env.DATABASE_URL) });
  } catch {
    return NextResponse.json({ ok: false, error: "database unreachable" }, { status: 503 });
  }
}
