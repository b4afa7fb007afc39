import { z } from "zod";
import { emailSchema, passwordSchema } from "./auth";

/**
 * Input of the account routes (forgot/reset password, settings, admin). Shared by the forms
 * and the route handlers; free of server imports so the browser can load it.
 */
const tokenField = z.string({ error: "The link has no token." }).min(1, "The link has no token.").max(200, "That is not a link we sent.");

export const forgotPasswordSchema = z.object({ email: emailSchema }).strict();

export const resetPasswordSchema = z.object({ token: tokenField, password: passwordSchema }).strict();

export const profileSchema = z.object({ name: z.string({ error: "Enter a name (or leave it empty)." }).trim().max(80, "Use at most 80 characters.") }).strict();

export const emailChangeSchema = z
  .object({
    email: emailSchema,
    // Required for accounts with a password (checked on the server); SSO-only accounts have none.
    currentPassword: z.string().max(200, "That password cannot be valid.").optional().default(""),
  })
  .strict();

export const tokenSchema = z.object({ token: tokenField }).strict();

export const deleteAccountSchema = z
  .object({
    password: z.string().max(200, "That password cannot be valid.").optional(),
    /** SSO-only accounts (no password) type their email address instead. */
    confirm: z.string().max(254, "Type your email address.").optional(),
  })
  .strict();
export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;

export const emptySchema = z.object({}).strict();
