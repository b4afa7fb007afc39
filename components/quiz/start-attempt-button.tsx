"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * Starts (or resumes) an attempt on the server, then opens it: a quiz's by default, or any
 * start route given as `action` (a lab's). Signed out, it goes to sign-in and comes back to
 * `signInReturnTo`.
 */
export function StartAttemptButton({ quizId, action, label, signInReturnTo }: { quizId?: string; action?: string; label: string; signInReturnTo?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(action ?? `/api/quizzes/${quizId}/attempts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (res.status === 401 && signInReturnTo) {
        router.push(`/signin?callbackUrl=${encodeURIComponent(signInReturnTo)}`);
        return;
      }
      const data = (await res.json()) as { url?: string; error?: string };
      if (!res.ok || !data.url) throw new Error(data.error ?? "Could not start.");
      router.push(data.url);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={() => void start()} disabled={busy}>{busy ? "Starting…" : label}</button>
      {error && <p role="alert" className="form-error">{error}</p>}
    </>
  );
}
