"use client";
import Link from "next/link";
import { useViewer } from "@/lib/browser/viewer";
import { useEffect, useState, useSyncExternalStore, type ReactNode } from "react";
import { sendJson } from "@/lib/browser/fetch-and-storage";
import { getLocalProgress, getServerLocalProgress, setLocalLessonStatus, subscribeLocalProgress } from "./local-progress";
import { ReservedSlot } from "@/components/layout/reserved-slot";
import { StatusBadge } from "./status-badge";

type State = { kind: "loading" } | { kind: "ready"; completed: boolean } | { kind: "error"; message: string };

/**
 * "Mark as complete" for a lesson. A client leaf: the lesson page around it is static.
 * Signed in, opening the lesson records it as started and the state lives in the
 * database; signed out, it lives in this browser (local-progress.ts) until the reader
 * signs up and imports it.
 */
export function LessonCompletion({ slug }: { slug: string }) {
  const { status } = useViewer();
  if (status === "signed-in") return <AccountCompletion slug={slug} />;
  if (status === "signed-out") return <LocalCompletion slug={slug} />;
  return <CompletionSection ready={false} />;
}

/** The section keeps the height it had last time until its state is known (components/layout/reserved-slot.tsx). */
function CompletionSection({ ready, children }: { ready: boolean; children?: ReactNode }) {
  return (
    <section aria-label="Lesson completion">
      <ReservedSlot name="lesson-completion" ready={ready}>
        {children}
      </ReservedSlot>
    </section>
  );
}

function AccountCompletion({ slug }: { slug: string }) {
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let cancelled = false;
    // POST records the visit ("in progress") and answers with the current state.
    sendJson<{ completed: boolean }>(`/api/progress/lessons/${slug}`, "POST")
      .then((res) => {
        if (!res.ok) throw new Error(res.error);
        return res.data;
      })
      .then((data) => !cancelled && setState({ kind: "ready", completed: data.completed }))
      .catch((error: Error) => !cancelled && setState({ kind: "error", message: error.message }));
    return () => {
      cancelled = true;
    };
  }, [slug]);

  async function toggle(completed: boolean) {
    setBusy(true);
    try {
      const res = await sendJson<{ completed: boolean }>(`/api/progress/lessons/${slug}`, "PUT", { completed });
      if (!res.ok) setState({ kind: "error", message: res.error });
      else setState({ kind: "ready", completed: res.data.completed });
    } catch {
      setState({ kind: "error", message: "The network failed; try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <CompletionSection ready={state.kind !== "loading"}>
      {state.kind === "ready" && <CompletionControls completed={state.completed} busy={busy} onChange={(c) => void toggle(c)} />}
      {state.kind === "error" && <p role="alert" className="form-error">{state.message}</p>}
    </CompletionSection>
  );
}

function LocalCompletion({ slug }: { slug: string }) {
  const progress = useSyncExternalStore(subscribeLocalProgress, getLocalProgress, getServerLocalProgress);
  useEffect(() => setLocalLessonStatus(slug, "in_progress"), [slug]);
  const completed = progress[slug]?.status === "completed";
  return (
    <CompletionSection ready>
      <CompletionControls
        completed={completed}
        busy={false}
        onChange={(c) => setLocalLessonStatus(slug, c ? "completed" : "in_progress", { force: true })}
      />
      <p className="muted">
        Saved in this browser only. <Link href={`/signup?callbackUrl=/lessons/${slug}`}>Create an account</Link> or{" "}
        <Link href={`/signin?callbackUrl=/lessons/${slug}`}>sign in</Link> to keep it; you will be offered to import it.
      </p>
    </CompletionSection>
  );
}

function CompletionControls({ completed, busy, onChange }: { completed: boolean; busy: boolean; onChange: (completed: boolean) => void }) {
  return completed ? (
    <p>
      <StatusBadge status="completed" />{" "}
      <button type="button" className="secondary" disabled={busy} onClick={() => onChange(false)}>
        Mark as not done
      </button>
    </p>
  ) : (
    <button type="button" disabled={busy} onClick={() => onChange(true)}>
      Mark lesson as complete
    </button>
  );
}
