import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { StartAttemptButton } from "@/components/quiz/start-attempt-button";
import { listAttempts } from "@/lib/attempts.server";
import { getCurrentUser } from "@/lib/auth.server";
import { getLesson } from "@/lib/content/lessons.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";

type Props = { params: Promise<{ quizId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const bank = getBank((await params).quizId);
  return bank ? { title: bank.title } : {};
}

export default async function QuizPage({ params }: Props) {
  const { quizId } = await params;
  const bank = getBank(quizId);
  if (!bank) notFound();
  const user = await getCurrentUser();
  const attempts = user ? (await listAttempts(db, user.id)).filter((a) => a.quizId === quizId) : [];
  const open = attempts.find((a) => a.status === "in_progress");
  const lesson = bank.lesson ? getLesson(bank.lesson) : null;
  const left = bank.attemptsAllowed === null ? null : bank.attemptsAllowed - attempts.length;

  return (
    <div className="narrow" style={{ maxWidth: "44rem" }}>
      <h1>{bank.title}</h1>
      <p>{bank.description}</p>
      <p className="muted">
        {bank.questions.length} questions · pass mark {Math.round(bank.passMark * 100)}%
        {bank.timeLimitSeconds ? ` · time limit ${Math.round(bank.timeLimitSeconds / 60)} min` : ""}
        {left !== null ? ` · ${left} attempt(s) left` : ""}
        {lesson && <> · lesson: <Link href={`/lessons/${lesson.slug}`}>{lesson.title}</Link></>}
      </p>
      {!user ? (
        <p>
          <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(`/quizzes/${quizId}`)}`}>
            Sign in to take this quiz
          </Link>{" "}
          <span className="muted">Quizzes are graded and saved to your progress.</span>
        </p>
      ) : open ? (
        <p><Link className="button" href={`/quizzes/${quizId}/attempts/${open.id}`}>Continue attempt {open.attemptNumber}</Link></p>
      ) : left === null || left > 0 ? (
        <StartAttemptButton quizId={quizId} label={attempts.length ? "Start a new attempt" : "Start the quiz"} />
      ) : (
        <p>You have used all your attempts.</p>
      )}
      {attempts.length > 0 && (
        <>
          <h2>Your attempts</h2>
          <ul>
            {attempts.map((a) => (
              <li key={a.id}>
                <Link href={`/quizzes/${quizId}/attempts/${a.id}`}>Attempt {a.attemptNumber}</Link>:{" "}
                {a.status === "submitted" ? `${a.score ?? 0} / ${a.maxScore ?? 0}` : "in progress"}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
