import { NextResponse } from "next/server";
import { listMyAssignments } from "@/lib/assignments.server";
import { db } from "@/lib/db.server";
import { requireApiActor } from "@/lib/teach-api.server";

/** The caller's own assignments (as a learner), for the home page. */
export async function GET() {
  const auth = await requireApiActor();
  if (auth.response) return auth.response;
  const assignments = await listMyAssignments(db, auth.actor.id);
  return NextResponse.json({ assignments, staff: auth.actor.role !== "learner" }, { headers: { "cache-control": "no-store" } });
}
