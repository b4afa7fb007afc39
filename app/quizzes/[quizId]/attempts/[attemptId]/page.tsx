import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttemptReviewList } from "@/components/quiz/attempt-review-list";
import { QuizForm } from "@/components/quiz/quiz-form";
import { ResultsHeading } from "@/components/quiz/results-heading";
import { buildReview, checkedFeedbackOf, loadOwnAttempt, publicQuestionsFor, savedAnswersOf } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { seriesUpTo } from "@/lib/attempt-series";
import { allowsChecking } from "@/lib/quiz";
import { describeLock, reviewContextOf } from "@/lib/review.server";
import { formatScore } from "@/lib/text/score";
import { LocalTime } from "@/components/ui/local-time";

export const metadata: Metadata = { title: "Quiz attempt" };

type Props = { params: Promise<{ quizId: string; attemptId: string }> };

export default async function AttemptPage({ params }: Props) {
  const { quizId, attemptId } = await params;
  const user = await requireUser(`/quizzes/${quizId}/attempts/${attemptId}`);
  const bank = getBank(quizId);
  // Another learner's attempt is indistinguishable from a missing one: 404 either way.
  // Reading an attempt whose time ran out submits it first (server time rules).
  const attempt = await loadOwnAttempt(db, attemptId, user.id, bank);
  if (!attempt || !bank || attempt.quizId !== quizId) notFound();
  const now = new Date();
  // What this learner may see of this attempt now: its review options and any open assignment's lock.
  const review = await reviewContextOf(db, attempt, bank, now);
  const attemptNo = await db.quizAttempt.count({ where: seriesUpTo(attempt) });

  if (attempt.status !== "submitted") {
    const saved = savedAnswersOf(attempt);
    return (
      <div style={{ maxWidth: "56rem" }}>
        <h1>{bank.title}</h1>
        <p className="muted">
          Attempt {attemptNo}. Your answers are saved as you go and graded when you submit.
          {attempt.deadlineAt && <> Time runs out at <LocalTime iso={attempt.deadlineAt.toISOString()} />.</>}
        </p>
        <QuizForm
          attemptId={attempt.id}
          questions={publicQuestionsFor(attempt, bank)}
          initialAnswers={saved.answers}
          checked={checkedFeedbackOf(attempt, bank, review)}
          deadlineAt={attempt.deadlineAt?.toISOString() ?? null}
          serverNow={now.toISOString()}
          immediateFeedback={allowsChecking(review.options)}
        />
      </div>
    );
  }

  const score = attempt.score ?? 0;
  const max = attempt.maxScore ?? 0;
  const passed = max > 0 && score / max >= review.passMark;
  // A total would reveal a locked question's grade, so it waits with the locked keys.
  const showScore = review.visibility.score && review.hiddenKeys.size === 0;
  const items = buildReview(attempt, bank, review);
  const anythingPerQuestion = items.some((i) => i.yourAnswer !== null || i.correctAnswer !== null || i.explanation !== null || i.points !== null);
  return (
    <div style={{ maxWidth: "56rem" }}>
      <ResultsHeading attemptId={attempt.id}>{bank.title}: results</ResultsHeading>
      {showScore && (
        <p className="score" data-testid="score">
          Score: {formatScore(score, max)}{" "}
          <span className={`badge ${passed ? "ok" : "bad"}`}>{passed ? "Passed" : "Not passed yet"}</span>
        </p>
      )}
      <p className="muted">
        Attempt {attemptNo}, submitted {attempt.submittedAt ? <LocalTime iso={attempt.submittedAt.toISOString()} /> : ""}
        {attempt.autoSubmitted && <> <span className="badge" data-testid="auto-submitted">Submitted automatically when the time ran out</span></>}
      </p>
      {(review.timing.length > 0 || review.locks.length > 0) && (
        <div className="callout" data-testid="review-timing">
          {review.timing.map((t) => <p key={t}>{t}</p>)}
          {review.locks.map((l) => <p key={l.assignmentId}>{describeLock(l).replace("Practice on this quiz is closed", "Some answers here stay hidden")}</p>)}
        </div>
      )}
      {anythingPerQuestion && <AttemptReviewList items={items} lesson={bank.lesson} bank={bank} seed={attempt.seed} labBase={`/api/attempts/${attempt.id}/lab`} />}
      <p><Link href={`/quizzes/${quizId}`}>Back to the quiz</Link> · <Link href="/me">My progress</Link></p>
    </div>
  );
}
