import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Db, Tx } from "./db/client";

/**
 * Single-use, expiring tokens for links sent by email. The raw token exists only in the
 * mail; the database holds its SHA-256, so reading the table gives no usable link. A token
 * is spent by one conditional update, so two clicks (or two tabs) use it once.
 */
export type TokenPurpose = "verify-email" | "reset-password" | "change-email";

/** How long a mailed link works (docs/decisions/016-accounts-and-reset.md). The mails say so. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = {
  "verify-email": 48 * 3_600_000,
  // Short: a reset link in a mailbox is a way into the account.
  "reset-password": 30 * 60_000,
  "change-email": 24 * 3_600_000,
};

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/**
 * A new token for `user.email` (the account's current address, or for "change-email" the
 * new address the link is mailed to); earlier unused tokens of the same purpose stop working.
 */
export async function issueEmailToken(db: Db, user: { id: string; email: string }, purpose: TokenPurpose, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.$transaction([
    db.emailToken.updateMany({ where: { userId: user.id, purpose, usedAt: null }, data: { usedAt: now } }),
    db.emailToken.create({ data: { userId: user.id, purpose, email: user.email, tokenHash: hashOf(token), expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]) } }),
  ]);
  return token;
}

/**
 * Spends a token: the user it belongs to, or null when it is unknown, used, expired, or for an
 * email the account no longer has (a "change-email" token names the new address instead, so
 * that check is left to its caller). Pass a transaction client to spend it inside the
 * transaction that acts on it.
 */
export async function consumeEmailToken(db: Db | Tx, token: string, purpose: TokenPurpose, now = new Date()): Promise<{ userId: string; email: string } | null> {
  if (typeof token !== "string" || token.length < 20 || token.length > 100) return null;
  const row = await db.emailToken.findUnique({ where: { tokenHash: hashOf(token) }, include: { user: { select: { email: true } } } });
  if (!row || row.purpose !== purpose || row.usedAt || row.expiresAt <= now) return null;
  if (purpose !== "change-email" && row.user.email !== row.email) return null;
  const spent = await db.emailToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  return spent.count === 1 ? { userId: row.userId, email: row.email } : null;
}
