import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/components/teach/teach.module.css";
import { requireRole } from "@/lib/auth.server";
import { db } from "@/lib/db.server";
import { getGradebook, percent, STATUS_LABEL } from "@/lib/gradebook.server";
import { plural } from "@/lib/text/plural";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Gradebook" };
type Props = { params: Promise<{ cohortId: string }> };

export default async function GradebookPage({ params }: Props) {
  const { cohortId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/gradebook`, ["instructor", "admin"]);
  const book = await getGradebook(db, user, cohortId);
  if (!book) notFound();
  return (
    <>
      <p><Link href={`/teach/cohorts/${cohortId}`}>← {book.cohort.name}</Link></p>
      <h1>Gradebook</h1>
      <p>
        <a className="button secondary" href={`/api/cohorts/${cohortId}/gradebook.csv`} download>Download gradebook (CSV)</a>{" "}
        <a className="button secondary" href={`/api/cohorts/${cohortId}/responses.csv`} download>Download raw responses (CSV)</a>
      </p>
      <p className="muted">Score: the best submitted attempt. Late: submitted only after the learner&apos;s due date. CSV files are UTF-8 with a byte-order mark.</p>
      {book.rows.length === 0 || book.assignments.length === 0 ? (
        <p>{book.rows.length === 0 ? "No learners yet." : "No assignments yet."}</p>
      ) : (
        <table tabIndex={0} className={styles.grid} aria-label="Gradebook">
          <thead>
            <tr>
              <th scope="col">Learner</th>
              {book.assignments.map((a) => (
                <th scope="col" key={a.id}>
                  <Link href={`/teach/cohorts/${cohortId}/assignments/${a.id}`}>{a.displayTitle}</Link>
                  <div className="muted">due <LocalTime iso={a.dueAt.toISOString()} /></div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {book.rows.map(({ learner, cells }) => (
              <tr key={learner.id} data-learner={learner.email}>
                <th scope="row">{learner.name ?? learner.email}<div className="muted">{learner.email}</div></th>
                {cells.map((c) => {
                  return (
                    <td key={c.assignmentId} data-assignment={c.assignmentId}>
                      <span className={`${styles.status} ${styles[c.status]}`}>{STATUS_LABEL[c.status]}</span>{" "}
                      {c.bestFraction !== null && <strong data-testid="cell-score">{percent(c.bestFraction)}%</strong>}
                      {c.kind !== "lessons" && (
                        <div className="muted">
                          {plural(c.attemptCount, "attempt")}
                          {c.attemptIds.map((id, i) => (
                            <span key={id}> · <Link href={`/teach/cohorts/${cohortId}/${c.kind === "lab" ? "lab-attempts" : "attempts"}/${id}`}>#{i + 1}</Link></span>
                          ))}
                        </div>
                      )}
                      {c.gradeChanges > 0 && <div className="muted" data-testid="cell-changes">{plural(c.gradeChanges, "grade change")}: see the attempt</div>}
                      {c.kind === "lessons" && c.bestScore !== null && <div className="muted">{c.bestScore} / {c.maxScore} lessons</div>}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
