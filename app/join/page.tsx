import type { Metadata } from "next";
import { ApiForm } from "@/components/teach/api-form";
import { requireUser } from "@/lib/auth.server";

export const metadata: Metadata = { title: "Join a cohort" };

/** Join by typing the code an instructor gave out. */
export default async function JoinByCodePage() {
  await requireUser("/join");
  return (
    <div className="narrow">
      <h1>Join a cohort</h1>
      <p>Type the invite code your instructor gave you.</p>
      <ApiForm label="Join by code" action="/api/cohorts/join" submitLabel="Join" followUrl fields={[{ kind: "text", name: "code", label: "Invite code", required: true }]} />
    </div>
  );
}
