"use client";
import { useState, type FormEvent } from "react";
import { fieldErrors, MESSAGES, newPasswordProblem, type FieldErrors } from "@/lib/validation/auth-rules";
import { PASSWORD_MIN } from "@/lib/validation/auth";
import { loadCommonPasswords } from "@/lib/validation/common-passwords";
import { Field } from "./field";

export function ChangePasswordForm() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    const input = { currentPassword: String(form.get("currentPassword") ?? ""), newPassword: String(form.get("newPassword") ?? "") };
    const hints = fieldErrors({
      currentPassword: input.currentPassword === "" ? MESSAGES.changePasswordCurrentMissing : null,
      newPassword: newPasswordProblem(input.newPassword, await loadCommonPasswords()),
    });
    setDone(false);
    if (Object.keys(hints).length > 0) {
      setErrors(hints);
      return;
    }
    setBusy(true);
    try {
      const res = await fetch("/api/me/password", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      const data = (await res.json()) as { error?: string; fieldErrors?: FieldErrors };
      if (!res.ok) setErrors(data.fieldErrors ?? { form: data.error ?? "Could not change the password." });
      else {
        setErrors({});
        setDone(true);
        formEl.reset();
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Change password">
      {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      {done && <p role="status" className="badge ok">Password changed. Every other browser signed in as you has been signed out.</p>}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={errors.currentPassword} />
      <Field label={`New password (at least ${PASSWORD_MIN} characters)`} name="newPassword" type="password" autoComplete="new-password" onFocus={preloadCommonPasswords} error={errors.newPassword} />
      <button type="submit" disabled={busy}>Change password</button>
    </form>
  );
}

/** The common-password list is fetched when the reader starts on the password, not with the page. */
function preloadCommonPasswords() {
  void loadCommonPasswords();
}
