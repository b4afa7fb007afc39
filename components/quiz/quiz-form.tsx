"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { PublicQuestion } from "@/lib/quiz/present";

type Answers = Record<string, unknown>;

/**
 * The attempt form. It holds only the public view of each question (no keys); grading
 * happens when the answers reach the server.
 */
export function QuizForm({ attemptId, questions }: { attemptId: string; questions: PublicQuestion[] }) {
  const router = useRouter();
  const [answers, setAnswers] = useState<Answers>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, string>>({});

  const set = (id: string, value: unknown) => setAnswers((a) => ({ ...a, [id]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unanswered = questions.filter((q) => answers[q.id] === undefined).length;
    if (unanswered > 0 && !window.confirm(`${unanswered} question(s) have no answer. Submit anyway?`)) return;
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/attempts/${attemptId}/submit`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ answers }),
      });
      const data = (await res.json()) as { error?: string; details?: Record<string, string> };
      if (!res.ok) {
        setError(data.error ?? "Could not submit.");
        setDetails(data.details ?? {});
        setBusy(false);
        return;
      }
      router.refresh();
    } catch {
      setError("The network failed; your answers are still here. Try again.");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {questions.map((q, i) => (
        <div className="question" key={q.id} data-question-id={q.id}>
          <fieldset>
            <legend>
              {i + 1}. {q.prompt}
            </legend>
            {(q.type === "single" || q.type === "multiple") &&
              q.options.map((o) => {
                const name = `q-${q.id}`;
                const chosen =
                  q.type === "single"
                    ? (answers[q.id] as { choice?: string } | undefined)?.choice === o.id
                    : ((answers[q.id] as { choices?: string[] } | undefined)?.choices ?? []).includes(o.id);
                return (
                  <label className="option" key={o.id}>
                    <input
                      type={q.type === "single" ? "radio" : "checkbox"}
                      name={name}
                      value={o.id}
                      checked={chosen}
                      onChange={(e) => {
                        if (q.type === "single") set(q.id, { choice: o.id });
                        else {
                          const prev = (answers[q.id] as { choices?: string[] } | undefined)?.choices ?? [];
                          set(q.id, { choices: e.target.checked ? [...prev, o.id] : prev.filter((c) => c !== o.id) });
                        }
                      }}
                    />
                    <span>{o.text}</span>
                  </label>
                );
              })}
            {q.type === "multiple" && <p className="muted">Select all that apply.</p>}
            {q.type === "truefalse" &&
              [true, false].map((v) => (
                <label className="option" key={String(v)}>
                  <input
                    type="radio"
                    name={`q-${q.id}`}
                    checked={(answers[q.id] as { value?: boolean } | undefined)?.value === v}
                    onChange={() => set(q.id, { value: v })}
                  />
                  <span>{v ? "True" : "False"}</span>
                </label>
              ))}
            {q.type === "numeric" && (
              <label className="option">
                <input
                  type="number"
                  inputMode="decimal"
                  step="any"
                  aria-label={`Answer to question ${i + 1}`}
                  onChange={(e) => {
                    const n = e.target.valueAsNumber;
                    set(q.id, Number.isFinite(n) ? { value: n } : undefined);
                  }}
                />
                {q.unit && <span>{q.unit}</span>}
              </label>
            )}
            {q.type === "text" && (
              <input
                type="text"
                maxLength={500}
                aria-label={`Answer to question ${i + 1}`}
                onChange={(e) => set(q.id, e.target.value.trim() ? { text: e.target.value } : undefined)}
              />
            )}
          </fieldset>
          {details[q.id] && <p className="field-error">{details[q.id]}</p>}
        </div>
      ))}
      {error && <p role="alert" className="form-error">{error}</p>}
      <button type="submit" disabled={busy}>{busy ? "Submitting…" : "Submit answers"}</button>
    </form>
  );
}
