"use client";
import { useState, useSyncExternalStore } from "react";
import { sendJson } from "@/lib/browser/fetch-and-storage";
import { clearLocalLessons, dismissImport, getLocalProgress, getServerLocalProgress, isImportDismissed, subscribeLocalProgress } from "./local-progress";

/**
 * Offers a signed-in learner to import the progress they made signed out in this browser.
 * Shown right after sign-up / sign-in (with `onDone` continuing to where they were going)
 * and on the course home while anything local remains. The browser's copy is cleared only
 * once the server has stored it, so a failed import loses nothing.
 */
export function ImportLocalProgress({ onDone }: { onDone?: () => void }) {
  const progress = useSyncExternalStore(subscribeLocalProgress, getLocalProgress, getServerLocalProgress);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dismissed, setDismissed] = useState(false);
  const lessons = Object.values(progress);
  // Read only once there is something to offer: the server snapshot is empty, so this never runs during hydration.
  if (lessons.length === 0 || dismissed || isImportDismissed()) return null;
  const done = lessons.filter((l) => l.status === "completed").length;

  async function importNow() {
    setBusy(true);
    setError(null);
    try {
      const res = await sendJson<{ changed: string[]; unchanged: string[] }>("/api/progress/import", "POST", { lessons });
      if (!res.ok) {
        setError(res.error);
        return;
      }
      clearLocalLessons([...res.data.changed, ...res.data.unchanged]);
      onDone?.();
    } catch {
      setError("The network failed; your progress is still in this browser. Try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="callout" aria-labelledby="import-progress-title" data-testid="import-progress">
      <p className="callout-title" id="import-progress-title">Progress from this browser</p>
      <p>
        You opened {lessons.length} {lessons.length === 1 ? "lesson" : "lessons"} and finished {done} while signed out. Import that
        into your account?
      </p>
      {error && <p role="alert" className="form-error">{error}</p>}
      <p style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
        <button type="button" disabled={busy} onClick={() => void importNow()}>
          {busy ? "Importing…" : "Import my progress"}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => {
            dismissImport();
            setDismissed(true);
            onDone?.();
          }}
        >
          Not now
        </button>
      </p>
    </section>
  );
}
