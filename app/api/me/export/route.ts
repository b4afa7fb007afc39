import { NextResponse } from "next/server";
import { exportUserData } from "@/lib/account-settings.server";
import { requireApiUser } from "@/lib/auth.server";
import { db } from "@/lib/db.server";

/** "Export my data": everything stored about the caller, as a JSON download. */
export async function GET() {
  const auth = await requireApiUser();
  if (auth.response) return auth.response;
  const data = await exportUserData(db, auth.user.id);
  return new NextResponse(JSON.stringify(data, null, 2), {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="cni-academy-my-data-${data.exportedAt.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    },
  });
}
