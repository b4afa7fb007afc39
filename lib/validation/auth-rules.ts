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
  passwordBlank: "A password cannot be only spaces.",
  passwordCommon: "That is one of the most common passwords, so it is among the first an attacker tries. Choose another.",
  // bcrypt only reads the first 72 bytes; refuse longer passwords rather than silently truncating.
  passwordLong: `Use at most ${PASSWORD_MAX_BYTES} bytes (bcrypt ignores the rest).`,
  currentPasswordMissing: "Enter your password.",
  changePasswordCurrentMissing: "Enter your current password.",
  nameLong: `Use at most ${NAME_MAX} characters.`,
} as const;

/**
 * A new password's problem, or null (NIST SP 800-63B 3.1.1.2): the length is counted
 * without the spaces at either end (a pasted password often carries one), a password of
 * only whitespace is refused, and so is one on the common-password list, compared trimmed
 * and ignoring case. The password itself is stored as typed. `commonPasswords` is the
 * list (lib/validation/common-passwords.json): the server always passes it; the browser
 * passes it once loaded, and a hint without it can only be more lenient than the server.
 */
export function newPasswordProblem(password: string, commonPasswords: ReadonlySet<string> | null = null): string | null {
  const trimmed = password.trim();
  if (password.length > 0 && trimmed.length === 0) return MESSAGES.passwordBlank;
  // Characters as a reader counts them (code points, as zod does), not UTF-16 units.
  if ([...trimmed].length < PASSWORD_MIN) return MESSAGES.passwordShort;
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return MESSAGES.passwordLong;
  if (commonPasswords?.has(trimmed.toLowerCase())) return MESSAGES.passwordCommon;
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
