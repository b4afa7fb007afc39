"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { signInWithPassword } from "@/lib/browser/auth-client";
import { ImportLocalProgress } from "@/components/lesson/import-local-progress";
import { shouldOfferImport } from "@/components/lesson/local-progress";
import { emailFieldProblem, fieldErrors, nameProblem, newPasswordProblem, type FieldErrors } from "@/lib/validation/auth-rules";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { loadCommonPasswords } from "@/lib/validation/common-passwords";
import { Field } from "./field";

export function SignUpForm({ callbackUrl: requestedCallbackUrl }: { callbackUrl: string }) {
  // The page already checked it; the form checks again so no caller can pass an unchecked target.
  const callbackUrl = safeCallbackUrl(requestedCallbackUrl);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  // Signed in with progress made signed out in this browser: offer the import before moving on.
  const [offerImport, setOfferImport] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    const emailInput = event.currentTarget.elements.namedItem("email") as HTMLInputElement | null;
    const hints = fieldErrors({
      name: nameProblem(input.name),
      email: emailFieldProblem(input.email, emailInput?.validity.typeMismatch ?? false),
      password: newPasswordProblem(input.password, await loadCommonPasswords()),
    });
    if (Object.keys(hints).length > 0) {
      setErrors(hints);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const res = await fetch("/api/signup", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(input) });
      if (!res.ok) {
        const data = (await res.json()) as { error?: string; fieldErrors?: FieldErrors };
        setErrors(data.fieldErrors ?? { form: data.error ?? "Could not create the account." });
        return;
      }
      // The API gives one answer whether or not the address already had an account (no
      // enumeration); signing in with the password just chosen tells this browser which it was.
      const answer = (await res.json().catch(() => ({}))) as { message?: string };
      const result = await signInWithPassword(input.email.trim(), input.password, callbackUrl);
      if (!result.ok) {
        setSent(answer.message ?? "Check your inbox: we sent a mail to finish setting up your account.");
        return;
      }
      if (shouldOfferImport()) setOfferImport(true);
      else window.location.assign(callbackUrl);
    } catch {
      setErrors({ form: "The network failed. Try again." });
    } finally {
      setBusy(false);
    }
  }

  if (offerImport) return <ImportLocalProgress onDone={() => window.location.assign(callbackUrl)} />;
  if (sent) {
    return (
      <p role="status" data-testid="signup-sent">
        {sent} <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
      </p>
    );
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign up">
      {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
      <Field label="Name (optional)" name="name" autoComplete="name" error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password (at least 10 characters)" name="password" type="password" autoComplete="new-password" onFocus={preloadCommonPasswords} required error={errors.password} />
      <button type="submit" disabled={busy}>{busy ? "Creating account…" : "Create account"}</button>
      <p>Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link></p>
    </form>
  );
}

/** The common-password list is fetched when the reader starts on the password, not with the page. */
function preloadCommonPasswords() {
  void loadCommonPasswords();
}
