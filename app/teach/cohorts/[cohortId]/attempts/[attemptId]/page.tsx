import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptReviewList, formatPoints } from "@/components/quiz/attempt-review-list";
import { buildReview } from "@/lib/attempts.server";
import { assignmentTitle } from "@/lib/assignments.server";
import { requireRole } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { seriesUpTo } from "@/lib/attempt-series";
import { db } from "@/lib/db.server";
import { getAttemptForInstructor } from "@/lib/gradebook.server";
import { gradeChangesOf } from "@/lib/grading.server";
import { ApiForm } from "@/components/teach/api-form";
import { plural } from "@/lib/text/plural";
import { formatScore } from "@/lib/text/score";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Attempt review" };
type Props = { params: Promise<{ cohortId: string; attemptId: string }> };

/** One learner's attempt, for the cohort's instructors (404 for anyone else). */
export default async function InstructorAttemptPage({ params }: Props) {
  const { cohortId, attemptId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/attempts/${attemptId}`, ["instructor", "admin"]);
  const found = await getAttemptForInstructor(db, user, cohortId, attemptId);
  const bank = found ? getBank(found.attempt.quizId) : null;
  if (!found || !bank) notFound();
  const { attempt, cohort, late } = found;
  const who = attempt.user.name ?? attempt.user.email;
  // The attempt's number within this assignment, as the gradebook links it.
  const attemptNo = await db.quizAttempt.count({ where: seriesUpTo(attempt) });
  const items = attempt.status === "submitted" ? buildReview(attempt, bank) : [];
  const changes = await gradeChangesOf(db, [attempt.id]);
  return (
    <div style={{ maxWidth: "48rem" }}>
      <p><Link href={`/teach/cohorts/${cohort.id}/gradebook`}>← Gradebook of {cohort.name}</Link></p>
      <h1>{who}: {assignmentTitle(attempt.assignment!)}</h1>
      <p className="muted">
        {attempt.user.email} · attempt {attemptNo} · started <LocalTime iso={attempt.startedAt.toISOString()} />
        {attempt.submittedAt && <> · submitted <LocalTime iso={attempt.submittedAt.toISOString()} /></>}
        {late && <> · <span className="badge bad">Late</span></>}
      </p>
      {attempt.status !== "submitted" ? (
        <p>This attempt is in progress ({plural(attempt.responses.length, "answer")} saved). It can be reviewed once submitted.</p>
      ) : (
        <>
          <p className="score" data-testid="score">Score: {formatScore(attempt.score ?? 0, attempt.maxScore ?? 0)}</p>
          <AttemptReviewList items={items} lesson={bank.lesson} answerLabel="Answer" bank={bank} seed={attempt.seed} />
          <details>
            <summary>Change a grade by hand</summary>
            <ApiForm
              label="Change a grade"
              method="PUT"
              action={`/api/assignments/${attempt.assignmentId}/attempts/${attempt.id}/grade`}
              submitLabel="Save the grade"
              fields={[
                { kind: "select", name: "questionId", label: "Question", options: items.map((item, i) => ({ value: item.question.id, label: `${i + 1}. ${item.question.prompt.slice(0, 80)} (${formatPoints(item.points ?? 0)} / ${formatPoints(item.maxPoints)})` })) },
                { kind: "number", name: "points", label: "Points", min: 0, max: 10 },
                { kind: "textarea", name: "comment", label: "Comment (the learner sees it with the grade)", rows: 3 },
              ]}
            />
          </details>
        </>
      )}
      {changes.length > 0 && (
        <section aria-label="Grade changes">
          <h2>Grade changes</h2>
          <table tabIndex={0} aria-label="Grade changes" data-testid="grade-changes">
            <thead><tr><th scope="col">When</th><th scope="col">By</th><th scope="col">What</th><th scope="col">Question</th><th scope="col">Points</th><th scope="col">Attempt score</th><th scope="col">Comment</th></tr></thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.id}>
                  <td><LocalTime iso={c.createdAt.toISOString()} /></td>
                  <td>{c.by}</td>
                  <td>{c.kind === "override" ? "Set by hand" : "Regrade"}</td>
                  <td>{c.questionId ?? "–"}</td>
                  <td>{c.oldPoints ?? "–"} → {c.newPoints ?? "–"}</td>
                  <td>{c.oldScore ?? "–"} → {c.newScore ?? "–"}</td>
                  <td>{c.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}
