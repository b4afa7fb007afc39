"use client";
import { useId, useState, type FormEvent } from "react";
import { sendJson } from "@/lib/browser/fetch-and-storage";
import type { PublicQuestion } from "@/lib/quiz/present";
import styles from "./check-yourself.module.css";

/** Bank text marks code with backticks; show it as code (text only, never HTML). */
function InlineCode({ text }: { text: string }) {
  return <>{text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

type Answer = { choice: string } | { choices: string[] } | { value: boolean } | { value: number } | { text: string };
type Result = { correct: boolean; explanation: string; misconceptions: string[] };

/**
 * One check-yourself question. It holds only the public view of the question; the verdict,
 * explanation and misconception come from /api/check after the reader answers.
 */
export function CheckYourselfQuestion({ quiz, question, number }: { quiz: string; question: PublicQuestion; number: number }) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const name = useId();

  function choose(next: Answer | null) {
    setAnswer(next);
    setResult(null);
    setError(null);
  }

  async function check(event: FormEvent) {
    event.preventDefault();
    if (!answer) {
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

  const choices = answer && "choices" in answer ? answer.choices : [];
  return (
    <form className={styles.question} onSubmit={(e) => void check(e)} noValidate data-check-question={question.id}>
      <fieldset>
        <legend>
          {number}. <InlineCode text={question.prompt} />
        </legend>
        {question.type === "single" &&
          question.options.map((o) => (
            <label className={styles.option} key={o.id}>
              <input type="radio" name={name} checked={answer !== null && "choice" in answer && answer.choice === o.id} onChange={() => choose({ choice: o.id })} />
              <span><InlineCode text={o.text} /></span>
            </label>
          ))}
        {question.type === "multiple" && (
          <>
            {question.options.map((o) => (
              <label className={styles.option} key={o.id}>
                <input
                  type="checkbox"
                  checked={choices.includes(o.id)}
                  onChange={(e) => choose({ choices: e.target.checked ? [...choices, o.id] : choices.filter((c) => c !== o.id) })}
                />
                <span><InlineCode text={o.text} /></span>
              </label>
            ))}
            <p className="muted">Select all that apply.</p>
          </>
        )}
        {question.type === "truefalse" &&
          [true, false].map((v) => (
            <label className={styles.option} key={String(v)}>
              <input type="radio" name={name} checked={answer !== null && "value" in answer && answer.value === v} onChange={() => choose({ value: v })} />
              <span>{v ? "True" : "False"}</span>
            </label>
          ))}
        {question.type === "numeric" && (
          <label className={styles.option}>
            <input
              type="number"
              inputMode="decimal"
              step="any"
              aria-label={`Answer to question ${number}`}
              onChange={(e) => choose(Number.isFinite(e.target.valueAsNumber) ? { value: e.target.valueAsNumber } : null)}
            />
            {question.unit && <span>{question.unit}</span>}
          </label>
        )}
        {question.type === "text" && (
          <input
            type="text"
            maxLength={500}
            aria-label={`Answer to question ${number}`}
            onChange={(e) => choose(e.target.value.trim() ? { text: e.target.value } : null)}
          />
        )}
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
              <p key={m}><InlineCode text={m} /></p>
            ))}
            <p><InlineCode text={result.explanation} /></p>
          </div>
        )}
      </div>
    </form>
  );
}
