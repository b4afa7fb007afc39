"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { fieldErrors, newPasswordProblem, type FieldErrors } from "@/lib/validation/auth-rules";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { loadCommonPasswords } from "@/lib/validation/common-passwords";
import { Field } from "./field";

/**
 * The new-password form of a mailed reset link. It gives the same hints as sign-up before
 * anything is sent (too short, all spaces, one of the most common passwords); the server's
 * zod schema and its own list check again and have the last word.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    const hints = fieldErrors({ password: newPasswordProblem(password, await loadCommonPasswords()) });
    if (Object.keys(hints).length > 0) {
      setErrors(hints);
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/api/password/reset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
      const data = (await res.json().catch(() => ({}))) as { error?: string; fieldErrors?: FieldErrors; message?: string };
      if (!res.ok) {
        // A bad or used token is reported on the form: the password field is not what is wrong.
        const { token: tokenError, ...fields } = data.fieldErrors ?? {};
        setErrors({ ...fields, form: tokenError ?? data.error ?? `The request failed (${res.status}).` });
        return;
      }
      setErrors({});
      setDone(data.message ?? "Your password is changed.");
    } catch {
      setErrors({ form: "The network failed. Try again." });
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <p role="status" className="badge ok">
        {done} <Link href="/signin">Sign in</Link>
      </p>
    );
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Choose a new password">
      {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      <Field
        label={`New password (at least ${PASSWORD_MIN} characters)`}
        name="password"
        type="password"
        autoComplete="new-password"
        required
        onFocus={() => void loadCommonPasswords()}
        error={errors.password}
      />
      <button type="submit" disabled={busy}>Set the new password</button>
    </form>
  );
}
