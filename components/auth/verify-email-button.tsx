"use client";
import { useState } from "react";

/** Confirms the address with one click; the token came in the mailed link. */
export function VerifyEmailButton({ token }: { token: string }) {
  const [state, setState] = useState<{ kind: "idle" | "busy" | "done" } | { kind: "error"; message: string }>({ kind: "idle" });
  async function confirm() {
    setState({ kind: "busy" });
    try {
      const res = await fetch("/api/verify-email", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token }) });
      const data = (await res.json().catch(() => ({}))) as { error?: string };
      setState(res.ok ? { kind: "done" } : { kind: "error", message: data.error ?? `The request failed (${res.status}).` });
    } catch {
      setState({ kind: "error", message: "The network failed. Try again." });
    }
  }
  if (state.kind === "done") return <p role="status" data-testid="email-verified">Your email is confirmed. Thank you.</p>;
  return (
    <>
      {state.kind === "error" && <p role="alert" className="form-error">{state.message}</p>}
      <button type="button" onClick={() => void confirm()} disabled={state.kind === "busy"}>{state.kind === "busy" ? "Confirming…" : "Confirm my email"}</button>
    </>
  );
}
