import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { QuizForm } from "@/components/quiz/quiz-form";
import { buildReview, getOwnAttempt, publicQuestionsFor } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";

export const metadata: Metadata = { title: "Quiz attempt" };

type Props = { params: Promise<{ quizId: string; attemptId: string }> };

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

export default async function AttemptPage({ params }: Props) {
  const { quizId, attemptId } = await params;
  const user = await requireUser(`/quizzes/${quizId}/attempts/${attemptId}`);
  // Another learner's attempt is indistinguishable from a missing one: 404 either way.
  const attempt = await getOwnAttempt(db, attemptId, user.id);
  const bank = getBank(quizId);
  if (!attempt || !bank || attempt.quizId !== quizId) notFound();

  if (attempt.status !== "submitted") {
    return (
      <div style={{ maxWidth: "44rem" }}>
        <h1>{bank.title}</h1>
        <p className="muted">Attempt {attempt.attemptNumber}. Your answers are graded when you submit.</p>
        <QuizForm attemptId={attempt.id} questions={publicQuestionsFor(attempt, bank)} />
      </div>
    );
  }

  const review = buildReview(attempt, bank);
  const score = attempt.score ?? 0;
  const max = attempt.maxScore ?? 0;
  const passed = max > 0 && score / max >= bank.passMark;
  return (
    <div style={{ maxWidth: "44rem" }}>
      <h1>{bank.title}: results</h1>
      <p className="score" data-testid="score">
        Score: {formatPoints(score)} / {formatPoints(max)}{" "}
        <span className={`badge ${passed ? "ok" : "bad"}`}>{passed ? "Passed" : "Not passed yet"}</span>
      </p>
      <p className="muted">
        Attempt {attempt.attemptNumber}, submitted {attempt.submittedAt?.toISOString().replace("T", " ").slice(0, 16)} UTC.
      </p>
      {review.map((item, i) => (
        <section key={item.question.id} className={`question review ${item.correct ? "correct" : "incorrect"}`} aria-label={`Question ${i + 1}`}>
          <p><strong>{i + 1}. {item.question.prompt}</strong></p>
          <p>
            <span className={`badge ${item.correct ? "ok" : "bad"}`}>{item.correct ? "Correct" : item.points > 0 ? "Partly correct" : "Incorrect"}</span>{" "}
            {formatPoints(item.points)} / {formatPoints(item.maxPoints)}
          </p>
          <p>Your answer: {item.yourAnswer}</p>
          {!item.correct && <p>Correct answer: <strong>{item.correctAnswer}</strong></p>}
          {item.misconceptions.map((m) => (
            <p key={m} className="callout warning">{m}</p>
          ))}
          <p>{item.explanation}</p>
          <p className="muted">
            Source: <a href={item.source.url} rel="noopener noreferrer">{item.source.title}</a>
            {bank.lesson && (
              <> · <Link href={`/lessons/${bank.lesson}${item.lessonAnchor ? `#${item.lessonAnchor}` : ""}`}>Review the lesson</Link></>
            )}
          </p>
        </section>
      ))}
      <p><Link href={`/quizzes/${quizId}`}>Back to the quiz</Link> · <Link href="/me">My progress</Link></p>
    </div>
  );
}
