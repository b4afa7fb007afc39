"use client";
import { useState, type FormEvent } from "react";
import { QuestionInput } from "@/components/quiz/quiz-form";
import { sendJson } from "@/lib/browser/fetch-and-storage";
import type { PublicQuestion } from "@/lib/quiz/present";
import styles from "./check-yourself.module.css";
import { InlineText } from "@/components/inline-text";

/** Bank text marks code with backticks; show it as code (text only, never HTML). */
/** Whatever QuestionInput produces for the question's type; /api/check validates it with the bank's schema. */
type Answer = unknown;
type Result = { correct: boolean; explanation: string; misconceptions: string[] };

/**
 * One check-yourself question. It holds only the public view of the question; the verdict,
 * explanation and misconception come from /api/check after the reader answers.
 */
export function CheckYourselfQuestion({ quiz, question, number }: { quiz: string; question: PublicQuestion; number: number }) {
  const [answer, setAnswer] = useState<Answer>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  function choose(next: Answer) {
    setAnswer(next);
    setResult(null);
    setError(null);
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    if (answer === null) {
      setError("Choose or type an answer first.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const res = await sendJson<Result>("/api/check", "POST", { quiz, question: question.id, answer });
      if (!res.ok) setError(res.error);
      else setResult(res.data);
    } catch {
      setError("The network failed; try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className={styles.question} onSubmit={(e) => void check(e)} noValidate data-check-question={question.id}>
      <fieldset>
        <legend>
          {number}. <InlineText text={question.prompt} />
        </legend>
        <QuestionInput question={question} index={number - 1} answer={answer ?? undefined} onChange={(next) => choose(next ?? null)} />
      </fieldset>
      <div className={styles.actions}>
        <button type="submit" className="secondary" disabled={busy}>
          {busy ? "Checking…" : "Check"}
        </button>
        {error && (
          <span role="alert" className="field-error">
            {error}
          </span>
        )}
      </div>
      <div aria-live="polite">
        {result && (
          <div className={`${styles.result} ${result.correct ? styles.correct : styles.incorrect}`} data-result={result.correct ? "correct" : "incorrect"}>
            <p className={styles.verdict}>{result.correct ? "✓ Correct" : "✗ Not quite"}</p>
            {result.misconceptions.map((m) => (
              <p key={m}><InlineText text={m} /></p>
            ))}
            <p><InlineText text={result.explanation} /></p>
          </div>
        )}
      </div>
    </form>
  );
}
