import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionButton } from "@/components/teach/action-button";
import { ApiForm } from "@/components/teach/api-form";
import styles from "@/components/teach/teach.module.css";
import { assignmentKind, assignmentTitle, reviewOptionFields } from "@/lib/assignments.server";
import { requireRole } from "@/lib/auth.server";
import { getCohortDetail, inviteState } from "@/lib/cohorts.server";
import { listLessons } from "@/lib/content/lessons.server";
import { loadBanks } from "@/lib/content/quiz-banks.server";
import { LABS } from "@/lib/labs";
import { GRADED_ASSIGNMENT_REVIEW } from "@/lib/quiz/review-options";
import { db } from "@/lib/db.server";
import { env } from "@/lib/env.server";
import { plural } from "@/lib/text/plural";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Cohort" };
type Props = { params: Promise<{ cohortId: string }> };

export default async function CohortPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}`, ["instructor", "admin"]);
  const detail = await getCohortDetail(db, user, cohortId);
  if (!detail) notFound();
  const { cohort, owner, memberships, invites, emailInvites, canManageInstructors } = detail;
  const assignments = await db.assignment.findMany({ where: { cohortId }, orderBy: { dueAt: "asc" } });
  const now = new Date();
  const base = (env.NEXTAUTH_URL ?? "").replace(/\/$/, "");
  const learners = memberships.filter((m) => m.role === "learner");
  const instructors = memberships.filter((m) => m.role === "instructor");
  const quizzes = [...loadBanks().values()].map((b) => ({ value: b.id, label: b.title }));
  const labs = LABS.map((lab) => ({ value: lab.slug, label: lab.title }));
  const lessons = listLessons().map((l) => ({ value: l.slug, label: `${l.order}. ${l.title}` }));

  return (
    <>
      <p><Link href="/teach">← Teaching</Link></p>
      <h1>{cohort.name}</h1>
      {cohort.description && <p>{cohort.description}</p>}
      <p className="muted">
        Owner: {owner.name ?? owner.email}
        {cohort.startDate && <> · starts {cohort.startDate.toISOString().slice(0, 10)}</>}
        {" · "}<Link href={`/teach/cohorts/${cohort.id}/gradebook`}>Gradebook</Link>
        {" · "}<Link href={`/teach/cohorts/${cohort.id}/dashboard`}>Dashboard</Link>
      </p>
      {cohort.archivedAt && (
        <p className="callout" data-testid="cohort-archived">
          Archived on <LocalTime iso={cohort.archivedAt.toISOString()} />: hidden from lists, takes no new members, and its assignments no longer close practice for its learners.
        </p>
      )}
      <details>
        <summary>Rename or archive</summary>
        <ApiForm
          label="Edit cohort"
          method="PATCH"
          action={`/api/cohorts/${cohort.id}`}
          submitLabel="Save"
          fields={[
            { kind: "text", name: "name", label: "Name", required: true, defaultValue: cohort.name },
            { kind: "textarea", name: "description", label: "Description", rows: 3, defaultValue: cohort.description },
          ]}
        />
        <ActionButton
          action={`/api/cohorts/${cohort.id}`}
          method="PATCH"
          body={{ archived: !cohort.archivedAt }}
          label={cohort.archivedAt ? "Restore the cohort" : "Archive the cohort"}
          secondary
          confirm={cohort.archivedAt ? undefined : "Archive this cohort? It is kept for the record but takes no new members."}
        />
      </details>

      <h2>Assignments</h2>
      {assignments.length === 0 ? <p>No assignments yet.</p> : (
        <table tabIndex={0}>
          <thead><tr><th scope="col">Assignment</th><th scope="col">Opens</th><th scope="col">Due</th><th scope="col">Closes</th><th scope="col">Limits</th></tr></thead>
          <tbody>
            {assignments.map((a) => (
              <tr key={a.id}>
                <td><Link href={`/teach/cohorts/${cohort.id}/assignments/${a.id}`}>{assignmentTitle(a)}</Link> <span className="muted">({assignmentKind(a)})</span></td>
                <td><LocalTime iso={a.opensAt.toISOString()} /></td>
                <td><LocalTime iso={a.dueAt.toISOString()} /></td>
                <td>{a.closesAt ? <LocalTime iso={a.closesAt.toISOString()} /> : "never"}</td>
                <td>{a.attemptsAllowed === null ? "unlimited attempts" : plural(a.attemptsAllowed, "attempt")}{a.timeLimitSeconds ? ` · ${a.timeLimitSeconds / 60} min` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <details>
        <summary>Assign a quiz, a lab or lessons</summary>
        <ApiForm
          label="New assignment"
          action={`/api/cohorts/${cohort.id}/assignments`}
          submitLabel="Assign"
          fields={[
            { kind: "text", name: "title", label: "Title (optional)" },
            { kind: "select", name: "quizId", label: "Quiz", options: [{ value: "", label: "(none: assign a lab or lessons)" }, ...quizzes] },
            { kind: "select", name: "labSlug", label: "…or a troubleshooting lab", options: [{ value: "", label: "(none)" }, ...labs] },
            { kind: "checkboxes", name: "lessonSlugs", label: "…or lessons", options: lessons },
            { kind: "datetime", name: "opensAt", label: "Opens (empty: now)" },
            { kind: "datetime", name: "dueAt", label: "Due", required: true },
            { kind: "datetime", name: "closesAt", label: "Closes (late submissions accepted until then; empty: never)" },
            { kind: "number", name: "attemptsAllowed", label: "Attempts allowed", min: 1, max: 100, hint: "empty: unlimited" },
            { kind: "number", name: "timeLimitMinutes", label: "Time limit in minutes", min: 1, max: 600, hint: "empty: none; labs take no time limit" },
            ...reviewOptionFields(GRADED_ASSIGNMENT_REVIEW),
          ]}
        />
      </details>

      <div className={styles.sections}>
        <section>
          <h2>Invite links and codes</h2>
          {invites.length === 0 ? <p>No invites yet.</p> : (
            <ul>
              {invites.map((i) => {
                const state = inviteState(i, now);
                return (
                  <li key={i.id} data-invite={i.code}>
                    <span className={styles.code}>{i.code}</span>{" "}
                    <span className={`badge ${state === "valid" ? "ok" : "bad"}`}>{state}</span>
                    <div className="muted">
                      Link: <code>{`${base}/join/${i.code}`}</code><br />
                      {i.uses}{i.maxUses !== null ? ` / ${i.maxUses}` : ""} used · {i.expiresAt ? <>expires <LocalTime iso={i.expiresAt.toISOString()} /></> : "never expires"}
                    </div>
                    {state === "valid" && <ActionButton action={`/api/cohorts/${cohort.id}/invites/${i.id}`} method="DELETE" label="Revoke" secondary confirm="Revoke this invite? The link and code stop working at once." />}
                  </li>
                );
              })}
            </ul>
          )}
          <ApiForm
            label="New invite"
            action={`/api/cohorts/${cohort.id}/invites`}
            submitLabel="Create invite"
            fields={[
              { kind: "number", name: "expiresInDays", label: "Expires after days", min: 1, max: 365, defaultValue: 14, hint: "empty: never" },
              { kind: "number", name: "maxUses", label: "Member cap", min: 1, max: 10000, hint: "empty: no cap" },
            ]}
          />
          <h3>Invite by email</h3>
          <ApiForm
            label="Invite by email"
            action={`/api/cohorts/${cohort.id}/email-invites`}
            submitLabel="Invite"
            fields={[{ kind: "textarea", name: "emails", label: "Paste email addresses (one per line, or separated by commas)", rows: 4 }]}
          />
          {emailInvites.length > 0 && (
            <>
              <p>Waiting for first sign-in:</p>
              <ul>
                {emailInvites.map((e) => (
                  <li key={e.id}>{e.email} <ActionButton action={`/api/cohorts/${cohort.id}/email-invites/${e.id}`} method="DELETE" label="Withdraw" secondary /></li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section>
          <h2>Learners ({learners.length})</h2>
          {learners.length === 0 ? <p>Nobody has joined yet.</p> : (
            <ul>
              {learners.map((m) => (
                <li key={m.id} data-member={m.user.email}>
                  {m.user.name ? `${m.user.name} ` : ""}<span className="muted">{m.user.email}</span>{" "}
                  <ActionButton action={`/api/cohorts/${cohort.id}/members/${m.user.id}`} method="DELETE" label="Remove" secondary confirm={`Remove ${m.user.email} from the cohort? Their attempts are kept.`} />
                </li>
              ))}
            </ul>
          )}
          <h2>Instructors</h2>
          <ul>
            {instructors.map((m) => (
              <li key={m.id}>
                {m.user.name ?? m.user.email}{m.user.id === cohort.ownerId ? " (owner)" : ""}{" "}
                {canManageInstructors && m.user.id !== cohort.ownerId && (
                  <ActionButton action={`/api/cohorts/${cohort.id}/members/${m.user.id}`} method="DELETE" label="Remove" secondary />
                )}
              </li>
            ))}
          </ul>
          {canManageInstructors && (
            <ApiForm
              label="Add co-instructor"
              action={`/api/cohorts/${cohort.id}/instructors`}
              submitLabel="Add co-instructor"
              fields={[{ kind: "email", name: "email", label: "Co-instructor's email (an instructor account)" }]}
            />
          )}
        </section>
      </div>
    </>
  );
}
