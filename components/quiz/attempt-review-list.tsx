import Link from "next/link";
import type { ReactNode } from "react";
import type { ReviewItem } from "@/lib/attempts.server";
import { bankOfQuestion } from "@/lib/content/quiz-banks.server";

/** Points as the review shows them: whole numbers plain, partial credit to two places. */
export function formatPoints(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

interface Props {
  /** From buildReview: only ever built for a submitted attempt, so no key leaks early. */
  items: ReviewItem[];
  /** The bank's own lesson; mixed banks fall back to each question's home bank. */
  lesson?: string;
  /** "Your answer" for the learner, "Answer" for an instructor reading someone else's. */
  answerLabel?: string;
  /** Extra per-question content after the answers, e.g. a drawing of a path answer. */
  renderExtra?: (item: ReviewItem) => ReactNode;
}

/** The per-question review of a submitted attempt, shared by the learner's and the instructor's pages. */
export function AttemptReviewList({ items, lesson, answerLabel = "Your answer", renderExtra }: Props) {
  return items.map((item, i) => {
    const lessonSlug = lesson ?? bankOfQuestion(item.question.id)?.lesson;
    return (
      <section key={item.question.id} className={`question review ${item.correct ? "correct" : "incorrect"}`} aria-label={`Question ${i + 1}`} data-question-id={item.question.id}>
        <p><strong>{i + 1}. {item.question.prompt}</strong></p>
        {item.question.type === "path" && <p className="muted">{item.question.context}</p>}
        <p>
          <span className={`badge ${item.correct ? "ok" : "bad"}`}>{item.correct ? "Correct" : item.points > 0 ? "Partly correct" : "Incorrect"}</span>{" "}
          {formatPoints(item.points)} / {formatPoints(item.maxPoints)}
        </p>
        <p>{answerLabel}: {item.yourAnswer}</p>
        {!item.correct && <p>Correct answer: <strong>{item.correctAnswer}</strong></p>}
        {renderExtra?.(item)}
        {item.misconceptions.map((m) => (
          <p key={m} className="callout warning">{m}</p>
        ))}
        <p>{item.explanation}</p>
        <p className="muted">
          Source: <a href={item.source.url} rel="noopener noreferrer">{item.source.title}</a>
          {lessonSlug && (
            <> · <Link href={`/lessons/${lessonSlug}${item.lessonAnchor ? `#${item.lessonAnchor}` : ""}`}>Review the lesson</Link></>
          )}
        </p>
      </section>
    );
  });
}
