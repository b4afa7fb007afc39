import { z } from "zod";
import { unsafeTextProblem } from "./safe-input";

/**
 * Sign-up and sign-in input. Shared by the forms (instant hints) and the server (the
 * authority). Kept free of server imports so the browser can load it.
 */
export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, "Enter your email address.")
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address, like ada@example.com." }))
  .transform((v) => v.toLowerCase());

export const PASSWORD_MIN = 10;

export const passwordSchema = z
  .string({ error: "Enter a password." })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters.`)
  // bcrypt only reads the first 72 bytes; refuse longer passwords rather than silently truncating.
  .refine((v) => new TextEncoder().encode(v).length <= 72, "Use at most 72 bytes (bcrypt ignores the rest).");

export const signUpSchema = z.object({
  name: z.string().trim().max(80, "Use at most 80 characters.").optional().default(""),
  email: emailSchema,
  password: passwordSchema,
});
export type SignUpInput = z.infer<typeof signUpSchema>;

// next-auth's credentials route does not pass through parseJsonBody, so sign-in checks the text itself.
const storableText = (s: string) => unsafeTextProblem(s) === null;
export const signInSchema = z.object({
  email: z.string().refine(storableText, "Enter a valid email address.").pipe(emailSchema),
  password: z.string().min(1, "Enter your password.").max(200).refine(storableText, "That password cannot be valid."),
});

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password."),
  newPassword: passwordSchema,
});

/** Field → first message, the shape every form shows next to its fields. */
export type FieldErrors = Partial<Record<string, string>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}
