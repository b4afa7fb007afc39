"use client";
import Link from "next/link";
import { useSession } from "next-auth/react";
import { useEffect, useState } from "react";

type State = { kind: "loading" } | { kind: "ready"; completed: boolean } | { kind: "error"; message: string };

/**
 * "Mark as complete" for a lesson. A client leaf: the lesson page around it is static,
 * so the learner's own state is fetched from /api/progress after load.
 */
export function LessonCompletion({ slug }: { slug: string }) {
  const { status } = useSession();
  const [state, setState] = useState<State>({ kind: "loading" });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (status !== "authenticated") return;
    let cancelled = false;
    fetch(`/api/progress/lessons/${slug}`)
      .then(async (res) => {
        if (!res.ok) throw new Error(((await res.json()) as { error?: string }).error ?? res.statusText);
        return (await res.json()) as { completed: boolean };
      })
      .then((data) => !cancelled && setState({ kind: "ready", completed: data.completed }))
      .catch((error: Error) => !cancelled && setState({ kind: "error", message: error.message }));
    return () => {
      cancelled = true;
    };
  }, [slug, status]);

  async function toggle(completed: boolean) {
    setBusy(true);
    try {
      const res = await fetch(`/api/progress/lessons/${slug}`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ completed }),
      });
      const data = (await res.json()) as { completed?: boolean; error?: string };
      if (!res.ok) setState({ kind: "error", message: data.error ?? "Could not save." });
      else setState({ kind: "ready", completed: Boolean(data.completed) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Lesson completion" style={{ minHeight: "2.5rem" }}>
      {status === "unauthenticated" && (
        <p className="muted">
          <Link href={`/signin?callbackUrl=/lessons/${slug}`}>Sign in</Link> to keep track of the lessons you finish.
        </p>
      )}
      {status === "authenticated" && state.kind === "ready" &&
        (state.completed ? (
          <p>
            <span className="badge ok">Completed</span>{" "}
            <button type="button" className="secondary" disabled={busy} onClick={() => void toggle(false)}>
              Mark as not done
            </button>
          </p>
        ) : (
          <button type="button" disabled={busy} onClick={() => void toggle(true)}>
            Mark lesson as complete
          </button>
        ))}
      {state.kind === "error" && <p role="alert" className="form-error">{state.message}</p>}
    </section>
  );
}
