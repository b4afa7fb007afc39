"use client";
import { useState } from "react";

/** Confirms an email change with one click; the token came in the link mailed to the new address. */
export function ConfirmEmailChangeButton({ token }: { token: string }) {
  const [state, setState] = useState<{ kind: "idle" | "busy" } | { kind: "done"; message: string } | { kind: "error"; message: string }>({ kind: "idle" });
  async function confirm() {
    setState({ kind: "busy" });
    try {
      const res = await fetch("/api/me/email/confirm", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
      const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
      setState(res.ok ? { kind: "done", message: data.message ?? "Your email is changed." } : { kind: "error", message: data.error ?? `The request failed (${res.status}).` });
    } catch {
      setState({ kind: "error", message: "The network failed. Try again." });
    }
  }
  if (state.kind === "done") return <p role="status" data-testid="email-changed">{state.message}</p>;
  return (
    <>
      {state.kind === "error" && <p role="alert" className="form-error">{state.message}</p>}
      <button type="button" onClick={() => void confirm()} disabled={state.kind === "busy"}>{state.kind === "busy" ? "Confirming…" : "Confirm my new email"}</button>
    </>
  );
}
