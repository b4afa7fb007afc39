import "server-only";
import { createLimiter, type Limiter } from "./rate-limit.server";
import { signInRefusalMessage, type SignInRefusal } from "./sign-in-messages";

/**
 * How hard password guessing is made (docs/decisions/011-rate-limit-store.md):
 * - per account and client: the first few attempts are free; after that one attempt is let
 *   through per back-off window, and the window doubles with each attempt (30 s, 1 min,
 *   2 min … 15 min). The right password clears it. A guesser gets a handful of tries an
 *   hour, and a second browser trying at the same moment waits like the first: the count
 *   is taken before the password is checked, so parallel requests cannot all slip through.
 * - per account from anywhere: many failures in an hour (guessing from many addresses)
 *   close password sign-in for that account until the hour ends. This is the one limit an
 *   attacker can use against the owner; it is set well above what a person mistypes, and
 *   the owner can still reset the password or use single sign-on.
 * - per client over every account: one address spraying many accounts.
 * Failures are counted before bcrypt runs, and a refused attempt never runs it, so a
 * flood of wrong passwords cannot spend the server's CPU either.
 */
export const SIGN_IN_POLICY = {
  freeAttempts: 5,
  backoffFirstSeconds: 30,
  backoffMaxSeconds: 15 * 60,
  /** How long unanswered attempts are remembered for the back-off. */
  attemptsMemorySeconds: 24 * 60 * 60,
  failuresPerAccount: { points: 50, durationSeconds: 60 * 60 },
  failuresPerClient: { points: 100, durationSeconds: 15 * 60 },
} as const;

/** Seconds of back-off before attempt number `attempt + 1`, for attempts past the free ones. */
export function backoffSeconds(attempt: number): number {
  const past = attempt - SIGN_IN_POLICY.freeAttempts; // 1 for the first attempt that is not free
  return Math.min(SIGN_IN_POLICY.backoffMaxSeconds, SIGN_IN_POLICY.backoffFirstSeconds * 2 ** Math.max(0, past - 1));
}

export type SignInGate =
  | { ok: true; succeeded(): Promise<void> }
  | { ok: false; reason: SignInRefusal; retryAfterSeconds: number; message: string };

interface Limiters {
  attempts: Limiter;
  backoff: Limiter;
  perAccount: Limiter;
  perClient: Limiter;
}

let shared: Limiters | null = null;
function limiters(): Limiters {
  shared ??= createSignInLimiters("signin");
  return shared;
}

export function createSignInLimiters(prefix: string): Limiters {
  return {
    attempts: createLimiter({ name: `${prefix}-attempts`, points: 1_000_000, durationSeconds: SIGN_IN_POLICY.attemptsMemorySeconds }),
    // One point per window: taken by the attempt it lets through.
    backoff: createLimiter({ name: `${prefix}-backoff`, points: 1, durationSeconds: SIGN_IN_POLICY.backoffFirstSeconds }),
    perAccount: createLimiter({ name: `${prefix}-account`, ...SIGN_IN_POLICY.failuresPerAccount }),
    perClient: createLimiter({ name: `${prefix}-client`, ...SIGN_IN_POLICY.failuresPerClient }),
  };
}

/**
 * Call before checking a password. Refused: answer 429 with `retryAfterSeconds`, without
 * checking it. Let through: check it, and call `succeeded()` if it was right (a wrong one
 * needs nothing: it was counted as a failure up front).
 */
export async function beginSignIn(email: string, client: string, use: Limiters = limiters()): Promise<SignInGate> {
  const account = email.trim().toLowerCase();
  const pair = `${account}|${client}`;
  const refuse = (reason: SignInRefusal, retryAfterSeconds: number): SignInGate => ({ ok: false, reason, retryAfterSeconds, message: signInRefusalMessage(reason, retryAfterSeconds) });

  const waiting = await use.backoff.peek(pair);
  if (waiting && waiting.consumed >= 1) return refuse("pair", waiting.retryAfterSeconds);

  const byAccount = await use.perAccount.consume(account);
  if (!byAccount.ok) return refuse("account", byAccount.retryAfterSeconds);
  const byClient = await use.perClient.consume(client);
  if (!byClient.ok) {
    await use.perAccount.reward(account);
    return refuse("client", byClient.retryAfterSeconds);
  }
  const attempt = await use.attempts.consume(pair);
  const number = attempt.ok ? attempt.consumed : Number.MAX_SAFE_INTEGER;
  if (number > SIGN_IN_POLICY.freeAttempts) {
    const slot = await use.backoff.consume(pair, 1, { customDurationSeconds: backoffSeconds(number) });
    if (!slot.ok) {
      // Not attempted: it does not count, here or towards the next back-off.
      await Promise.all([use.perAccount.reward(account), use.perClient.reward(client), use.attempts.reward(pair)]);
      return refuse("pair", slot.retryAfterSeconds);
    }
  }
  return {
    ok: true,
    async succeeded() {
      await Promise.all([use.attempts.forget(pair), use.backoff.forget(pair), use.perAccount.reward(account), use.perClient.reward(client)]);
    },
  };
}
