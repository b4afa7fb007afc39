import { z } from "zod";
import { EMAIL_MAX, MESSAGES, NAME_MAX, newPasswordProblem, PASSWORD_MIN, type FieldErrors } from "./auth-rules";
import commonPasswordList from "./common-passwords.json";
import { unsafeTextProblem } from "./safe-input";

export { PASSWORD_MIN };

/**
 * Sign-up and sign-in input as the server checks it (the authority). The forms give
 * instant hints from the same rules without zod (./auth-rules.ts).
 */
export const emailSchema = z
  .string({ error: MESSAGES.emailMissing })
  .trim()
  .min(1, MESSAGES.emailMissing)
  .max(EMAIL_MAX, MESSAGES.emailTooLong)
  .pipe(z.email({ error: MESSAGES.emailInvalid }))
  .transform((v) => v.toLowerCase());

/** The common-password list, complete, on the server (the browser loads it on focus: ./common-passwords.ts). */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(commonPasswordList);

export const passwordSchema = z.string({ error: MESSAGES.passwordMissing }).superRefine((v, ctx) => {
  // The same function as the forms' hint, so the two cannot disagree (auth-rules.test.ts).
  const problem = newPasswordProblem(v, COMMON_PASSWORDS);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const signUpSchema = z.object({
  name: z.string().trim().max(NAME_MAX, MESSAGES.nameLong).optional().default(""),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

// next-auth's credentials route does not pass through parseJsonBody, so sign-in checks the text itself.
const storableText = (s: string) => unsafeTextProblem(s) === null;
export const signInSchema = z.object({
  email: z.string().refine(storableText, "Enter a valid email address.").pipe(emailSchema),
  password: z.string().min(1, MESSAGES.currentPasswordMissing).max(200).refine(storableText, "That password cannot be valid."),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, MESSAGES.changePasswordCurrentMissing),
  newPassword: passwordSchema,
});

export type { FieldErrors };

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
