import type { Metadata } from "next";
import Link from "next/link";
import { ApiForm } from "@/components/teach/api-form";
import styles from "@/components/teach/teach.module.css";
import { requireRole } from "@/lib/auth.server";
import { listManagedCohorts } from "@/lib/cohorts.server";
import { db } from "@/lib/db.server";
import { plural } from "@/lib/text/plural";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Teaching" };

export default async function TeachHome() {
  const user = await requireRole("/teach", ["instructor", "admin"]);
  const all = await listManagedCohorts(db, user);
  const cohorts = all.filter((c) => !c.archivedAt);
  const archived = all.filter((c) => c.archivedAt);
  return (
    <>
      <h1>Teaching</h1>
      <p className="muted">
        {user.role === "admin" ? "As an admin you see every cohort." : "Cohorts you own or co-teach."}
        {user.role === "admin" && <> · <Link href="/admin/users">Users and roles</Link></>}
      </p>
      {cohorts.length === 0 ? (
        <p>No cohorts yet. Create the first one below.</p>
      ) : (
        <ul className={styles.cards}>
          {cohorts.map((c) => (
            <li key={c.id} className={styles.card}>
              <Link href={`/teach/cohorts/${c.id}`}><strong>{c.name}</strong></Link>
              <div className="muted">
                {plural(c._count.memberships, "learner")} · {plural(c._count.assignments, "assignment")}
                {c.startDate && <> · starts {c.startDate.toISOString().slice(0, 10)}</>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {archived.length > 0 && (
        <details>
          <summary>Archived cohorts ({archived.length})</summary>
          <ul>
            {archived.map((c) => (
              <li key={c.id}><Link href={`/teach/cohorts/${c.id}`}>{c.name}</Link> <span className="muted">archived <LocalTime iso={c.archivedAt!.toISOString()} /></span></li>
            ))}
          </ul>
        </details>
      )}
      <h2>New cohort</h2>
      <ApiForm
        label="New cohort"
        action="/api/cohorts"
        submitLabel="Create cohort"
        followUrl
        fields={[
          { kind: "text", name: "name", label: "Name", required: true },
          { kind: "textarea", name: "description", label: "Description", rows: 3 },
          { kind: "date", name: "startDate", label: "Start date" },
        ]}
      />
    </>
  );
}
