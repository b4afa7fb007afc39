import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PathReview } from "@/components/quiz/path-review";
import { QuizForm } from "@/components/quiz/quiz-form";
import { buildReview, checkedFeedbackOf, feedbackVisible, loadOwnAttempt, publicQuestionsFor, savedAnswersOf } from "@/lib/attempts.server";
import { requireUser } from "@/lib/auth.server";
import { bankOfQuestion, getBank } from "@/lib/content/quiz-banks.server";
import { db } from "@/lib/db.server";
import type { LoadedBank } from "@/lib/content/quiz-banks.server";
import { instantiatePathQuestion, pathKeyAsAnswer } from "@/lib/quiz/path-questions";

export const metadata: Metadata = { title: "Quiz attempt" };

type Props = { params: Promise<{ quizId: string; attemptId: string }> };

function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function formatInstant(d: Date): string {
  return `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** Learner's and right devices of a device-picking path question, or null for other questions. */
function devicesToCompare(bank: LoadedBank, questionId: string, seed: number, rawAnswer: unknown): { picked: string[]; correct: string[] } | null {
  const question = bank.questions.find((q) => q.id === questionId);
  if (question?.type !== "path") return null;
  const instance = instantiatePathQuestion(question, seed);
  if (instance.answerKind !== "devices" && instance.answerKind !== "device" && instance.answerKind !== "device-and-reason") return null;
  const picked = rawAnswer && typeof rawAnswer === "object" && Array.isArray((rawAnswer as { devices?: unknown }).devices) ? ((rawAnswer as { devices: unknown[] }).devices.filter((d) => typeof d === "string") as string[]) : [];
  return { picked, correct: pathKeyAsAnswer(instance).devices ?? [] };
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
      {review.map((item, i) => {
        const lesson = bank.lesson ?? bankOfQuestion(item.question.id)?.lesson;
        return (
          <section key={item.question.id} className={`question review ${item.correct ? "correct" : "incorrect"}`} aria-label={`Question ${i + 1}`} data-question-id={item.question.id}>
            <p><strong>{i + 1}. {item.question.prompt}</strong></p>
            {item.question.type === "path" && <p className="muted">{item.question.context}</p>}
            <p>
              <span className={`badge ${item.correct ? "ok" : "bad"}`}>{item.correct ? "Correct" : item.points > 0 ? "Partly correct" : "Incorrect"}</span>{" "}
              {formatPoints(item.points)} / {formatPoints(item.maxPoints)}
            </p>
            <p>Your answer: {item.yourAnswer}</p>
            {item.question.type === "path" &&
              (() => {
                const compare = devicesToCompare(bank, item.question.id, attempt.seed, item.rawAnswer);
                return compare && <PathReview topology={item.question.topology} picked={compare.picked} correct={compare.correct} idPrefix={`review-${item.question.id}`} />;
              })()}
            {!item.correct && <p>Correct answer: <strong>{item.correctAnswer}</strong></p>}
            {item.misconceptions.map((m) => (
              <p key={m} className="callout warning">{m}</p>
            ))}
            <p>{item.explanation}</p>
            <p className="muted">
              Source: <a href={item.source.url} rel="noopener noreferrer">{item.source.title}</a>
              {lesson && (
                <> · <Link href={`/lessons/${lesson}${item.lessonAnchor ? `#${item.lessonAnchor}` : ""}`}>Review the lesson</Link></>
              )}
            </p>
          </section>
        );
      })}
      <p><Link href={`/quizzes/${quizId}`}>Back to the quiz</Link> · <Link href="/me">My progress</Link></p>
    </div>
  );
}
