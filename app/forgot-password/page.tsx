import type { Metadata } from "next";
import Link from "next/link";
import { ApiForm } from "@/components/teach/api-form";

export const metadata: Metadata = { title: "Forgot password" };

/** Asks for a reset link. The answer is the same whether or not the address has an account. */
export default function ForgotPasswordPage() {
  return (
    <div className="narrow">
      <h1>Forgot your password?</h1>
      <p>Enter the email address of your account. We mail you a link to choose a new password; it works once, for 30 minutes.</p>
      <ApiForm
        action="/api/password/forgot"
        label="Forgot password"
        submitLabel="Send me a reset link"
        fields={[{ kind: "email", name: "email", label: "Email", required: true, autoComplete: "email" }]}
      />
      <p><Link href="/signin">Back to sign in</Link></p>
    </div>
  );
}
