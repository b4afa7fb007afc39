import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StartAttemptButton } from "@/components/quiz/start-attempt-button";
import { finaliseExpiredAttempts, listAttempts, policyFromBank } from "@/lib/attempts.server";
import { getCurrentUser } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { getBank, REVIEW_QUIZ_ID } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import { numbersInSeries } from "@/lib/attempt-series";
import { quizGrade } from "@/lib/quiz";
import { answerKeyLocks, describeLock, practiceLockOn } from "@/lib/review.server";
import { plural } from "@/lib/text/plural";
import { formatScore } from "@/lib/text/score";
import { LocalTime } from "@/components/ui/local-time";

type Props = { params: Promise<{ quizId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const bank = getBank((await params).quizId);
  return bank ? { title: bank.title } : {};
}

const FEEDBACK_TEXT = {
  immediately: "feedback after each question you check",
  "after-submit": "feedback after you submit",
  "after-close": "feedback after the quiz closes",
} as const;

function percent(score: number | null, max: number | null): string {
  return max ? `${Math.round(((score ?? 0) / max) * 100)}%` : "–";
}

export default async function QuizPage({ params }: Props) {
  const { quizId } = await params;
  const bank = getBank(quizId);
  if (!bank) notFound();
  const user = await getCurrentUser();
  if (user) await finaliseExpiredAttempts(db, user.id, getBank);
  // This page is the quiz's practice series; assignment attempts live under the assignment.
  const attempts = user ? (await listAttempts(db, user.id)).filter((a) => a.quizId === quizId && a.assignmentId === null) : [];
  const numbers = numbersInSeries(attempts);
  const lock = user ? practiceLockOn(await answerKeyLocks(db, user.id), quizId) : null;
  const open = attempts.find((a) => a.status === "in_progress");
  const lesson = bank.lesson ? getLesson(bank.lesson) : null;
  const policy = policyFromBank(bank);
  const left = policy.attemptsAllowed === null ? null : policy.attemptsAllowed - attempts.length;
  const closed = policy.closesAt !== null && policy.closesAt.getTime() <= new Date().getTime();
  const isReview = quizId === REVIEW_QUIZ_ID;
  const counted = quizGrade(attempts, bank.grading);
  const questionCount = isReview ? "up to 10" : bank.draw ? `${bank.draw.count} drawn from ${bank.questions.length}` : String(bank.questions.length);

  return (
    <div className="narrow" style={{ maxWidth: "44rem" }}>
      <h1>{bank.title}</h1>
      <p>{bank.description}</p>
      <p className="muted" data-testid="quiz-settings">
        {questionCount} questions · pass mark {Math.round(bank.passMark * 100)}%
        {bank.timeLimitSeconds ? ` · time limit ${bank.timeLimitSeconds >= 60 ? `${Math.round(bank.timeLimitSeconds / 60)} min` : `${bank.timeLimitSeconds} s`}` : ""}
        {left !== null ? ` · ${plural(Math.max(0, left), "attempt")} left` : ""}
        {` · ${FEEDBACK_TEXT[bank.feedback]}`}
        {!isReview && ` · ${bank.grading === "highest" ? "your best attempt counts" : "your last attempt counts"}`}
        {policy.closesAt && <> · closes <LocalTime iso={policy.closesAt.toISOString()} /></>}
        {lesson && <> · lesson: <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link></>}
      </p>
      {counted && (
        <p data-testid="quiz-grade">
          Your grade: <strong>{percent(counted.score, counted.maxScore)}</strong> (attempt {numbers.get(counted.id)})
        </p>
      )}
      {!user ? (
        <p>
          <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(`/quizzes/${quizId}`)}`}>
            Sign in to take this quiz
          </Link>{" "}
          <span className="muted">Quizzes are graded and saved to your progress.</span>
        </p>
      ) : open ? (
        <p><Link className="button" href={`/quizzes/${quizId}/attempts/${open.id}`}>Continue attempt {numbers.get(open.id)}</Link></p>
      ) : lock ? (
        <p className="callout" data-testid="practice-locked">{describeLock(lock)}</p>
      ) : closed ? (
        <p>This quiz is closed.</p>
      ) : left === null || left > 0 ? (
        <StartAttemptButton quizId={quizId} label={isReview ? "Start a practice round" : attempts.length ? "Start a new attempt" : "Start the quiz"} />
      ) : (
        <p>You have used all your attempts.</p>
      )}
      {attempts.length > 0 && (
        <>
          <h2>Your attempts</h2>
          <ul>
            {attempts.map((a) => (
              <li key={a.id}>
                <Link href={`/quizzes/${quizId}/attempts/${a.id}`}>Attempt {numbers.get(a.id)}</Link>:{" "}
                {a.status === "submitted" ? `${formatScore(a.score ?? 0, a.maxScore ?? 0)}${a.autoSubmitted ? " (time ran out)" : ""}` : "in progress"}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
