"use client";
import { signOut } from "@/lib/browser/auth-client";
import { useState, type FormEvent } from "react";
import type { FieldErrors } from "@/lib/validation/auth";
import { Field } from "./field";

/**
 * Deletes the account: the current password (or, for an account that signs in only through
 * SSO, the typed email address) confirms it; then the browser signs out.
 */
export function DeleteAccountForm({ hasPassword, email }: { hasPassword: boolean; email: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body = hasPassword ? { password: String(form.get("password") ?? "") } : { confirm: String(form.get("confirm") ?? "") };
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch("/api/me/delete", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const data = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: FieldErrors; message?: string };
      if (!res.ok) {
        setErrors({ ...(data.fieldErrors ?? {}), form: data.error ?? `The request failed (${res.status}).` });
        return;
      }
      setDone(data.message ?? "Your account is deleted.");
      await signOut("/?account=deleted");
    } catch {
      setErrors({ form: "The network failed. Try again." });
    } finally {
      setBusy(false);
    }
  }

  if (done) return <p role="status">{done}</p>;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Delete my account">
      {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      {hasPassword ? (
        <Field label="Your password, to confirm" name="password" type="password" autoComplete="current-password" error={errors.password} />
      ) : (
        <Field label={`Type ${email} to confirm`} name="confirm" type="text" autoComplete="off" error={errors.confirm} />
      )}
      <button type="submit" disabled={busy}>{busy ? "Deleting…" : "Delete my account and all my data"}</button>
    </form>
  );
}
