/**
 * What a refused sign-in tells the person, on the server (the 429's body) and in the sign-in
 * form (which only receives next-auth's error code: the reason and the wait travel in it).
 */
export type SignInRefusal = "pair" | "account" | "client";

export function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

const REASONS: Record<SignInRefusal, string> = {
  pair: "Too many failed sign-ins for this account.",
  account: "This account has had too many failed sign-ins; you can also reset your password.",
  client: "Too many failed sign-ins from your network.",
};

export function signInRefusalMessage(reason: SignInRefusal, retryAfterSeconds: number): string {
  return `${REASONS[reason]} Try again in ${describeWait(retryAfterSeconds)}.`;
}

/** next-auth's `error` for a refused sign-in, e.g. "TooManySignIns-pair-30". */
export function signInRefusalCode(reason: SignInRefusal, retryAfterSeconds: number): string {
  return `TooManySignIns-${reason}-${retryAfterSeconds}`;
}

export function parseSignInRefusalCode(code: string | null | undefined): { reason: SignInRefusal; retryAfterSeconds: number } | null {
  const match = /^TooManySignIns-(pair|account|client)-(\d{1,6})$/.exec(code ?? "");
  return match ? { reason: match[1] as SignInRefusal, retryAfterSeconds: Number(match[2]) } : null;
}
