"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * A button that calls one route handler (DELETE to revoke/remove, POST to start or join),
 * then refreshes the page or follows the `url` the handler returns.
 */
export function ActionButton({
  action,
  method = "POST",
  label,
  confirm,
  secondary = false,
  body,
}: {
  action: string;
  method?: "POST" | "PUT" | "PATCH" | "DELETE";
  label: string;
  confirm?: string;
  secondary?: boolean;
  body?: Record<string, unknown>;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function run() {
    if (confirm && !window.confirm(confirm)) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const res = await fetch(action, {
        method,
        // Always JSON, even without a payload: the API refuses other content types (lib/web/request-guard.ts).
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body ?? {}),
      });
      const data = (await res.json().catch(() => ({}))) as { error?: string; url?: string; message?: string };
      if (!res.ok) throw new Error(data.error ?? `The request failed (${res.status}).`);
      setMessage(data.message ?? null);
      if (data.url) router.push(data.url);
      else router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className={secondary ? "secondary" : undefined} onClick={() => void run()} disabled={busy}>
        {busy ? "Working…" : label}
      </button>
      {error && <span role="alert" className="field-error"> {error}</span>}
      {message && <span role="status"> {message}</span>}
    </>
  );
}
