import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptReviewList, formatPoints } from "@/components/quiz/attempt-review-list";
import { QuizForm } from "@/components/quiz/quiz-form";
import { buildReview, checkedFeedbackOf, feedbackVisible, loadOwnAttempt, publicQuestionsFor, savedAnswersOf } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";

export const metadata: Metadata = { title: "Quiz attempt" };

type Props = { params: Promise<{ quizId: string; attemptId: string }> };

function formatInstant(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

export default async function AttemptPage({ params }: Props) {
  const { quizId, attemptId } = await params;
  const user = await requireUser(`/quizzes/${quizId}/attempts/${attemptId}`);
  const bank = getBank(quizId);
  // Another learner's attempt is indistinguishable from a missing one: 404 either way.
  // Reading an attempt whose time ran out submits it first (server time rules).
  const attempt = await loadOwnAttempt(db, attemptId, user.id, bank);
  if (!attempt || !bank || attempt.quizId !== quizId) notFound();
  const now = new Date();

  if (attempt.status !== "submitted") {
    const saved = savedAnswersOf(attempt);
    return (
      <div style={{ maxWidth: "56rem" }}>
        <h1>{bank.title}</h1>
        <p className="muted">
          Attempt {attempt.attemptNumber}. Your answers are saved as you go and graded when you submit.
          {attempt.deadlineAt && <> Time runs out at {formatInstant(attempt.deadlineAt)}.</>}
        </p>
        <QuizForm
          attemptId={attempt.id}
          questions={publicQuestionsFor(attempt, bank)}
          initialAnswers={saved.answers}
          checked={checkedFeedbackOf(attempt, bank)}
          deadlineAt={attempt.deadlineAt?.toISOString() ?? null}
          serverNow={now.toISOString()}
          immediateFeedback={bank.feedback === "immediately"}
        />
      </div>
    );
  }

  const score = attempt.score ?? 0;
  const max = attempt.maxScore ?? 0;
  const passed = max > 0 && score / max >= bank.passMark;
  const header = (
    <>
      <h1>{bank.title}: results</h1>
      <p className="score" data-testid="score">
        Score: {formatPoints(score)} / {formatPoints(max)}{" "}
        <span className={`badge ${passed ? "ok" : "bad"}`}>{passed ? "Passed" : "Not passed yet"}</span>
      </p>
      <p className="muted">
        Attempt {attempt.attemptNumber}, submitted {attempt.submittedAt ? formatInstant(attempt.submittedAt) : ""}
        {attempt.autoSubmitted && <> <span className="badge" data-testid="auto-submitted">Submitted automatically when the time ran out</span></>}
      </p>
    </>
  );
  if (!feedbackVisible(attempt, bank, now)) {
    return (
      <div style={{ maxWidth: "56rem" }}>
        {header}
        <p>Right answers and explanations appear when the quiz closes{attempt.closesAt ? `, at ${formatInstant(attempt.closesAt)}` : ""}.</p>
        <p><Link href={`/quizzes/${quizId}`}>Back to the quiz</Link> · <Link href="/me">My progress</Link></p>
      </div>
    );
  }

  const review = buildReview(attempt, bank);
  return (
    <div style={{ maxWidth: "56rem" }}>
      {header}
      <AttemptReviewList items={review} lesson={bank.lesson} bank={bank} seed={attempt.seed} />
      <p><Link href={`/quizzes/${quizId}`}>Back to the quiz</Link> · <Link href="/me">My progress</Link></p>
    </div>
  );
}
