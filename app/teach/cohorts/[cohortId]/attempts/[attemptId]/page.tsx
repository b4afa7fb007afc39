import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { buildReview } from "@/lib/attempts.server";
import { formatUtc } from "@/lib/assignment-policy";
import { assignmentTitle } from "@/lib/assignments.server";
import { requireRole } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { getAttemptForInstructor } from "@/lib/gradebook.server";

export const metadata: Metadata = { title: "Attempt review" };
type Props = { params: Promise<{ cohortId: string; attemptId: string }> };

function points(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** One learner's attempt, for the cohort's instructors (404 for anyone else). */
export default async function InstructorAttemptPage({ params }: Props) {
  const { cohortId, attemptId } = await params;
  const user = await requireRole(`/teach/cohorts/${cohortId}/attempts/${attemptId}`, ["instructor", "admin"]);
  const found = await getAttemptForInstructor(db, user, cohortId, attemptId);
  const bank = found ? getBank(found.attempt.quizId) : null;
  if (!found || !bank) notFound();
  const { attempt, cohort, late } = found;
  const who = attempt.user.name ?? attempt.user.email;
  return (
    <div style={{ maxWidth: "48rem" }}>
      <p><Link href={`/teach/cohorts/${cohort.id}/gradebook`}>← Gradebook of {cohort.name}</Link></p>
      <h1>{who}: {assignmentTitle(attempt.assignment!)}</h1>
      <p className="muted">
        {attempt.user.email} · attempt {attempt.attemptNumber} · started {formatUtc(attempt.startedAt)}
        {attempt.submittedAt && <> · submitted {formatUtc(attempt.submittedAt)}</>}
        {late && <> · <span className="badge bad">Late</span></>}
      </p>
      {attempt.status !== "submitted" ? (
        <p>This attempt is in progress ({attempt.responses.length} answer(s) saved). It can be reviewed once submitted.</p>
      ) : (
        <>
          <p className="score" data-testid="score">Score: {points(attempt.score ?? 0)} / {points(attempt.maxScore ?? 0)}</p>
          {buildReview(attempt, bank).map((item, i) => (
            <section key={item.question.id} className={`question review ${item.correct ? "correct" : "incorrect"}`} aria-label={`Question ${i + 1}`}>
              <p><strong>{i + 1}. {item.question.prompt}</strong></p>
              <p>
                <span className={`badge ${item.correct ? "ok" : "bad"}`}>{item.correct ? "Correct" : item.points > 0 ? "Partly correct" : "Incorrect"}</span>{" "}
                {points(item.points)} / {points(item.maxPoints)}
              </p>
              <p>Answer: {item.yourAnswer}</p>
              {!item.correct && <p>Correct answer: <strong>{item.correctAnswer}</strong></p>}
              {item.misconceptions.map((m) => <p key={m} className="callout warning">{m}</p>)}
            </section>
          ))}
        </>
      )}
    </div>
  );
}
