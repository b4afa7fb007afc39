"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/** Starts (or resumes) the caller's attempt at a lab, then opens it; signed out, it goes to sign-in first. */
export function StartLabButton({ slug, label }: { slug: string; label: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/labs/${slug}/attempts`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      if (res.status === 401) {
        router.push(`/signin?callbackUrl=${encodeURIComponent(`/labs/${slug}`)}`);
        return;
      }
      const data = (await res.json()) as { url?: string; error?: string };
      if (!res.ok || !data.url) throw new Error(data.error ?? "Could not start the lab.");
      router.push(data.url);
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" onClick={() => void start()} disabled={busy}>
        {busy ? "Starting…" : label}
      </button>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </>
  );
}
