"use client";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { describeUnanswered, isAnswered, justSubmittedKey, timeAnnouncement } from "@/lib/quiz/attempt-progress";
import type { CheckedFeedback } from "@/lib/quiz/feedback";
import type { PathAnswer } from "@/lib/quiz/path-questions";
import type { PublicQuestion } from "@/lib/quiz/present";
import { MatchingInput } from "./matching-input";
import { OrderingInput } from "./ordering-input";
import styles from "./quiz.module.css";
import { InlineText } from "@/components/inline-text";
import { verdictOf } from "@/lib/quiz/verdict";

/**
 * A path question draws the cluster diagram and runs the packet-walk engine (~38 kB
 * gzipped): in its own chunk, so quizzes and check-yourself blocks without one never
 * download it. It still renders on the server, so the first paint shows it in place.
 */
const PathInput = dynamic(() => import("./path-input").then((m) => m.PathInput));

type Answers = Record<string, unknown>;

/** Tells the results heading (components/quiz/results-heading.tsx) to take focus once the results show. */
function markJustSubmitted(attemptId: string) {
  try {
    sessionStorage.setItem(justSubmittedKey(attemptId), "1");
  } catch {
    // Storage blocked: the results show without moving focus.
  }
}

const AUTOSAVE_DELAY_MS = 600;

/**
 * Calls `onTick(msLeft)` every second until stopped. The browser's clock may be off, so it
 * counts down the server's remaining time (deadline minus the server's render time) from now.
 */
function startCountdown(deadlineAt: string, serverNow: string | null, onTick: (msLeft: number) => void): () => void {
  const clientNow = () => Date.now();
  const remainingAtLoad = new Date(deadlineAt).getTime() - (serverNow ? new Date(serverNow).getTime() : clientNow());
  const endsAt = clientNow() + remainingAtLoad;
  const tick = () => onTick(endsAt - clientNow());
  tick();
  const id = setInterval(tick, 1000);
  return () => clearInterval(id);
}

/** Answers for the submit request: checked ones are final; a cleared answer goes as null, so it also clears the autosaved one. */
function submittableAnswers(all: Answers, checked: Record<string, unknown>): Answers {
  return Object.fromEntries(Object.entries(all).filter(([id]) => !checked[id]).map(([id, v]) => [id, v ?? null]));
}

function formatRemaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** The input for one question, by type. Exported so a lesson's "check yourself" block can reuse it. */
export function QuestionInput({
  question: q,
  index: i,
  answer,
  onChange,
  disabled = false,
}: {
  question: PublicQuestion;
  index: number;
  answer: unknown;
  onChange: (value: unknown) => void;
  disabled?: boolean;
}) {
  switch (q.type) {
    case "single":
    case "multiple":
      return (
        <>
          {q.options.map((o) => {
            const chosen = q.type === "single" ? (answer as { choice?: string } | undefined)?.choice === o.id : ((answer as { choices?: string[] } | undefined)?.choices ?? []).includes(o.id);
            return (
              <label className="option" key={o.id}>
                <input
                  type={q.type === "single" ? "radio" : "checkbox"}
                  name={`q-${q.id}`}
                  value={o.id}
                  checked={chosen}
                  disabled={disabled}
                  onChange={(e) => {
                    if (q.type === "single") onChange({ choice: o.id });
                    else {
                      const prev = (answer as { choices?: string[] } | undefined)?.choices ?? [];
                      onChange({ choices: e.target.checked ? [...prev, o.id] : prev.filter((c) => c !== o.id) });
                    }
                  }}
                />
                <span><InlineText text={o.text} /></span>
              </label>
            );
          })}
          {q.type === "multiple" && <p className="muted">Select all that apply.</p>}
        </>
      );
    case "truefalse":
      return (
        <>
          {[true, false].map((v) => (
            <label className="option" key={String(v)}>
              <input type="radio" name={`q-${q.id}`} checked={(answer as { value?: boolean } | undefined)?.value === v} disabled={disabled} onChange={() => onChange({ value: v })} />
              <span>{v ? "True" : "False"}</span>
            </label>
          ))}
        </>
      );
    case "numeric":
      return (
        <label className="option">
          <input
            type="number"
            inputMode="decimal"
            step="any"
            aria-label={`Answer to question ${i + 1}`}
            defaultValue={(answer as { value?: number } | undefined)?.value ?? ""}
            disabled={disabled}
            onChange={(e) => {
              const n = e.target.valueAsNumber;
              onChange(Number.isFinite(n) ? { value: n } : undefined);
            }}
          />
          {q.unit && <span>{q.unit}</span>}
        </label>
      );
    case "text":
      return (
        <input
          type="text"
          maxLength={500}
          aria-label={`Answer to question ${i + 1}`}
          defaultValue={(answer as { text?: string } | undefined)?.text ?? ""}
          disabled={disabled}
          onChange={(e) => onChange(e.target.value.trim() ? { text: e.target.value } : undefined)}
        />
      );
    case "ordering":
      return <OrderingInput items={q.items} order={(answer as { order?: string[] } | undefined)?.order} disabled={disabled} onChange={(order) => onChange({ order })} />;
    case "matching":
      return (
        <MatchingInput
          prompts={q.prompts}
          choices={q.choices}
          pairs={(answer as { pairs?: Record<string, string> } | undefined)?.pairs ?? {}}
          disabled={disabled}
          onChange={(pairs) => onChange(Object.keys(pairs).length ? { pairs } : undefined)}
        />
      );
    case "path":
      return <PathInput question={q} index={i} answer={answer as PathAnswer | undefined} disabled={disabled} onChange={onChange} />;
  }
}

function FeedbackBox({ feedback }: { feedback: CheckedFeedback }) {
  return (
    <div className={styles.feedback} role="status">
      <p>
        <span className={`badge ${verdictOf(feedback).tone}`}>{verdictOf(feedback).label}</span>{" "}
        {!feedback.correct && feedback.correctAnswer !== null && <>Correct answer: <strong>{feedback.correctAnswer}</strong></>}
      </p>
      {feedback.misconceptions.map((m) => (
        <p key={m} className="callout warning"><InlineText text={m} /></p>
      ))}
      {feedback.explanation !== null && <p><InlineText text={feedback.explanation} /></p>}
    </div>
  );
}

/** "7 of 17 answered" and a link to each question, marked answered or not (in words, not colour alone). */
function QuestionNavigator({ questions, answers }: { questions: PublicQuestion[]; answers: Answers }) {
  const answered = questions.filter((q) => isAnswered(answers[q.id])).length;
  return (
    <nav aria-label="Questions" className={styles.navigator}>
      <p data-testid="answered-count">
        {answered} of {questions.length} answered
      </p>
      <ol>
        {questions.map((q, i) => {
          const done = isAnswered(answers[q.id]);
          return (
            <li key={q.id}>
              <a href={`#question-${i + 1}`} className={done ? styles.navAnswered : styles.navOpen} data-answered={done} aria-label={`Question ${i + 1}, ${done ? "answered" : "not answered"}`}>
                {i + 1}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

/**
 * The attempt form. It holds only the public view of each question (no keys); grading
 * happens on the server. Answers autosave as the learner goes and when the page is hidden;
 * with a time limit, a countdown (from the server's deadline) submits when it reaches zero,
 * and the server submits the saved answers on its own if this page never comes back.
 */
export function QuizForm({
  attemptId,
  questions,
  initialAnswers = {},
  checked: initialChecked = {},
  deadlineAt = null,
  serverNow = null,
  immediateFeedback = false,
}: {
  attemptId: string;
  questions: PublicQuestion[];
  initialAnswers?: Answers;
  checked?: Record<string, CheckedFeedback>;
  /** ISO instant when time runs out (server time). */
  deadlineAt?: string | null;
  /** ISO instant the server rendered the page, to correct for the browser's clock. */
  serverNow?: string | null;
  immediateFeedback?: boolean;
}) {
  const router = useRouter();
  const [answers, setAnswers] = useState<Answers>(initialAnswers);
  const [checked, setChecked] = useState<Record<string, CheckedFeedback>>(initialChecked);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [details, setDetails] = useState<Record<string, string>>({});
  const [saveState, setSaveState] = useState<"idle" | "unsaved" | "saving" | "saved" | "failed">("idle");
  const [remainingMs, setRemainingMs] = useState<number | null>(null);
  const [timeSaid, setTimeSaid] = useState("");
  const previousRemaining = useRef<number | null>(null);
  const pending = useRef<Answers>({});
  const answersRef = useRef<Answers>(initialAnswers);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const submitted = useRef(false);

  const flush = useCallback(
    async (keepalive = false) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      const batch = pending.current;
      if (Object.keys(batch).length === 0 || submitted.current) return;
      pending.current = {};
      setSaveState("saving");
      try {
        const res = await fetch(`/api/attempts/${attemptId}/answers`, {
          method: "PUT",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ answers: batch }),
          keepalive,
        });
        if (res.status === 409) {
          // Submitted elsewhere (another tab) or time ran out: show the result.
          submitted.current = true;
          markJustSubmitted(attemptId);
          router.refresh();
          return;
        }
        if (!res.ok) {
          const data = (await res.json().catch(() => ({}))) as { error?: string; details?: Record<string, string> };
          setDetails((d) => ({ ...d, ...(data.details ?? {}) }));
          setSaveState("failed");
          return;
        }
        // An answer changed while this batch was in flight is not saved yet.
        setSaveState(Object.keys(pending.current).length > 0 ? "unsaved" : "saved");
      } catch {
        // Keep the batch for the next try (or the submit, which sends every answer).
        pending.current = { ...batch, ...pending.current };
        setSaveState("failed");
      }
    },
    [attemptId, router],
  );

  const set = (id: string, value: unknown) => {
    setAnswers((a) => {
      const next = { ...a, [id]: value };
      answersRef.current = next;
      return next;
    });
    pending.current = { ...pending.current, [id]: value ?? null };
    // Until the debounced save lands, "All answers saved." would be a stale claim.
    setSaveState("unsaved");
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
  };

  useEffect(() => {
    const onHide = () => void flush(true);
    const onVisibility = () => {
      if (document.visibilityState === "hidden") onHide();
    };
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [flush]);

  const send = useCallback(
    async (body: Answers) => {
      if (timer.current) clearTimeout(timer.current);
      pending.current = {};
      setBusy(true);
      setError(null);
      try {
        const res = await fetch(`/api/attempts/${attemptId}/submit`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ answers: body }),
        });
        const data = (await res.json()) as { error?: string; details?: Record<string, string> };
        if (!res.ok) {
          setError(data.error ?? "Could not submit.");
          setDetails(data.details ?? {});
          setBusy(false);
          return;
        }
        submitted.current = true;
        markJustSubmitted(attemptId);
        router.refresh();
      } catch {
        setError("The network failed; your answers are still here. Try again.");
        setBusy(false);
      }
    },
    [attemptId, router],
  );

  const checkedRef = useRef(checked);
  useEffect(() => {
    checkedRef.current = checked;
  }, [checked]);

  useEffect(() => {
    if (!deadlineAt) return;
    return startCountdown(deadlineAt, serverNow, (left) => {
      setRemainingMs(left);
      const announcement = timeAnnouncement(previousRemaining.current, left);
      previousRemaining.current = left;
      if (announcement) setTimeSaid(announcement);
      if (left <= 0 && !submitted.current) {
        submitted.current = true;
        void send(submittableAnswers(answersRef.current, checkedRef.current));
      }
    });
  }, [deadlineAt, serverNow, send]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const unanswered = describeUnanswered(questions.flatMap((q, i) => (isAnswered(answers[q.id]) ? [] : [i + 1])));
    if (unanswered && !window.confirm(`${unanswered} Submit anyway?`)) return;
    await send(submittableAnswers(answers, checked));
  }

  async function check(questionId: string) {
    setDetails((d) => ({ ...d, [questionId]: "" }));
    const res = await fetch(`/api/attempts/${attemptId}/check`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ questionId, answer: answers[questionId] }),
    });
    const data = (await res.json()) as CheckedFeedback & { error?: string };
    if (!res.ok) {
      setDetails((d) => ({ ...d, [questionId]: data.error ?? "Could not check this answer." }));
      if (res.status === 409 && !data.error?.startsWith("Already")) router.refresh();
      return;
    }
    const pendingWithout = { ...pending.current };
    delete pendingWithout[questionId];
    pending.current = pendingWithout;
    setChecked((c) => ({ ...c, [questionId]: data }));
  }

  const low = remainingMs !== null && remainingMs < 60_000;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      {deadlineAt && (
        <div className={`${styles.timer} ${low ? styles.timerLow : ""}`}>
          {/* The clock itself is silent (a live region ticking every second drowns everything else); the line below speaks at 5 min, 1 min and 10 s. */}
          <span role="timer" aria-live="off">
            Time left: <strong data-testid="time-left">{remainingMs === null ? "…" : formatRemaining(remainingMs)}</strong>
          </span>
          <span className="muted">Submits itself when the time is up.</span>
          <span className="visually-hidden" aria-live="assertive" data-testid="time-announcement">{timeSaid}</span>
        </div>
      )}
      <QuestionNavigator questions={questions} answers={answers} />
      {questions.map((q, i) => (
        <div className="question" key={q.id} id={`question-${i + 1}`} data-question-id={q.id} data-question-type={q.type}>
          <fieldset>
            <legend>
              {i + 1}. <InlineText text={q.prompt} />
            </legend>
            <QuestionInput question={q} index={i} answer={answers[q.id]} disabled={Boolean(checked[q.id]) || busy} onChange={(v) => set(q.id, v)} />
          </fieldset>
          {immediateFeedback && !checked[q.id] && (
            <button type="button" className="secondary" disabled={answers[q.id] === undefined} onClick={() => void check(q.id)}>
              Check answer
            </button>
          )}
          {checked[q.id] && <FeedbackBox feedback={checked[q.id] as CheckedFeedback} />}
          {details[q.id] && <p className="field-error">{details[q.id]}</p>}
        </div>
      ))}
      {error && <p role="alert" className="form-error">{error}</p>}
      <p className={styles.saveState} aria-live="polite" data-testid="save-state">
        {saveState === "unsaved" ? "Unsaved changes…" : saveState === "saving" ? "Saving…" : saveState === "saved" ? "All answers saved." : saveState === "failed" ? "Could not save; will retry on submit." : ""}
      </p>
      <button type="submit" disabled={busy}>{busy ? "Submitting…" : "Submit answers"}</button>
    </form>
  );
}
