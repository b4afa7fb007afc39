/**
 * The rules and words of the sign-up and sign-in fields, free of zod so the forms can give
 * instant hints without shipping a validation library (~30 kB gzipped) to the browser. The
 * server's zod schemas (lib/validation/auth.ts) are built from these same functions, so
 * the hint and the authority cannot disagree.
 */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX_BYTES = 72;
export const NAME_MAX = 80;
export const EMAIL_MAX = 254;

export const MESSAGES = {
  emailMissing: "Enter your email address.",
  emailTooLong: "That email address is too long.",
  emailInvalid: "Enter a valid email address, like ada@example.com.",
  passwordMissing: "Enter a password.",
  passwordShort: `Use at least ${PASSWORD_MIN} characters.`,
  // bcrypt only reads the first 72 bytes; refuse longer passwords rather than silently truncating.
  passwordLong: `Use at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest).`,
  currentPasswordMissing: "Enter your password.",
  changePasswordCurrentMissing: "Enter your current password.",
  nameLong: `Use at most ${NAME_MAX} characters.`,
} as const;

/** A new password's problem, or null. */
export function newPasswordProblem(password: string): string | null {
  // Characters as a reader counts them (code points, as zod does), not UTF-16 units.
  if ([...password].length < PASSWORD_MIN) return MESSAGES.passwordShort;
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return MESSAGES.passwordLong;
  return null;
}

/**
 * An email field's problem as the browser sees it, or null. `typeMismatch` is the input's
 * own HTML check (input type="email"); the server's zod check is the authority.
 */
export function emailFieldProblem(value: string, typeMismatch: boolean): string | null {
  const email = value.trim();
  if (email === "") return MESSAGES.emailMissing;
  if (email.length > EMAIL_MAX) return MESSAGES.emailTooLong;
  if (typeMismatch || !email.includes("@")) return MESSAGES.emailInvalid;
  return null;
}

export function nameProblem(name: string): string | null {
  return [...name.trim()].length > NAME_MAX ? MESSAGES.nameLong : null;
}

/** Field → first message, the shape every form shows next to its fields. */
export type FieldErrors = Partial<Record<string, string>>;

/** Only the fields that have a problem. */
export function fieldErrors(problems: Record<string, string | null>): FieldErrors {
  return Object.fromEntries(Object.entries(problems).filter((e): e is [string, string] => e[1] !== null));
}
