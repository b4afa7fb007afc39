import { NextResponse } from "next/server";
import { buildSearchIndex } from "@/lib/content/search-index.server";

// Written once at build time as a static file; the browser searches it without a server call per query.
export const dynamic = "force-static";

export function GET() {
  return NextResponse.json(buildSearchIndex());
}
