"use client";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { signInWithPassword, signInWithProvider } from "@/lib/browser/auth-client";
import { ImportLocalProgress } from "@/components/lesson/import-local-progress";
import { shouldOfferImport } from "@/components/lesson/local-progress";
import { emailFieldProblem, fieldErrors, MESSAGES, type FieldErrors } from "@/lib/validation/auth-rules";
import { safeCallbackUrl } from "@/lib/safe-redirect";
import { parseSignInRefusalCode, signInRefusalMessage } from "@/lib/sign-in-messages";
import { Field } from "./field";

export function SignInForm({ callbackUrl: requestedCallbackUrl, providers }: { callbackUrl: string; providers: { id: string; name: string }[] }) {
  // The page already checked it; the form checks again so no caller can pass an unchecked target.
  const callbackUrl = safeCallbackUrl(requestedCallbackUrl);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  // Signed in with progress made signed out in this browser: offer the import before moving on.
  const [offerImport, setOfferImport] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    const emailInput = event.currentTarget.elements.namedItem("email") as HTMLInputElement | null;
    const hints = fieldErrors({
      email: emailFieldProblem(input.email, emailInput?.validity.typeMismatch ?? false),
      password: input.password === "" ? MESSAGES.currentPasswordMissing : null,
    });
    if (Object.keys(hints).length > 0) {
      setErrors(hints);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const result = await signInWithPassword(input.email.trim(), input.password, callbackUrl);
      const refused = result.ok ? null : parseSignInRefusalCode(result.error);
      if (refused) {
        setErrors({ form: signInRefusalMessage(refused.reason, refused.retryAfterSeconds) });
        return;
      }
      if (!result.ok) {
        setErrors({ form: "That email and password do not match an account." });
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

  return (
    <>
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
        {errors.form && <p role="alert" className="form-error">{errors.form}</p>}
        <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required error={errors.password} />
        <button type="submit" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
        <p><Link href="/forgot-password">Forgot password?</Link></p>
      </form>
      {providers.map((p) => (
        <p key={p.id}>
          <button type="button" className="secondary" onClick={() => void signInWithProvider(p.id, callbackUrl)}>Sign in with {p.name}</button>
        </p>
      ))}
      <p>New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link></p>
    </>
  );
}
