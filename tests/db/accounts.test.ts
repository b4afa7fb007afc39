import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  changePassword,
  createUser,
  disableUser,
  endSession,
  getSessionUser,
  linkExternalIdentity,
  startSession,
  verifyCredentials,
} from "../../lib/accounts.server";
import { issueEmailToken } from "../../lib/email-tokens.server";
import { verifyEmail } from "../../lib/email-verification.server";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`accounts and sessions (${testProvider})`, () => {
  it("signs up a learner with a hashed password and refuses a taken email", async () => {
    const created = await createUser(t.db, { name: "Ada", email: "ada@example.test", password: "correct horse battery" });
    expect(created).toMatchObject({ ok: true, user: { email: "ada@example.test", role: "learner" } });
    const row = await t.db.user.findUniqueOrThrow({ where: { email: "ada@example.test" } });
    expect(row.passwordHash).toMatch(/^\$2[aby]\$12\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    const again = await createUser(t.db, { name: "", email: "ada@example.test", password: "another password" });
    expect(again).toMatchObject({ ok: false, fieldErrors: { email: expect.stringContaining("already exists") } });
    expect(await verifyCredentials(t.db, "ada@example.test", "correct horse battery")).toMatchObject({ email: "ada@example.test" });
    expect(await verifyCredentials(t.db, "ada@example.test", "wrong password")).toBeNull();
    expect(await verifyCredentials(t.db, "nobody@example.test", "correct horse battery")).toBeNull();
  });

  it("a session works until it is ended, and expires on time", async () => {
    const u = await createTestUser(t.db);
    const sid = await startSession(t.db, u.id);
    expect(await getSessionUser(t.db, sid)).toMatchObject({ id: u.id });
    const farFuture = new Date(Date.now() + 31 * 24 * 3600 * 1000);
    expect(await getSessionUser(t.db, sid, farFuture)).toBeNull();
    await endSession(t.db, sid);
    expect(await getSessionUser(t.db, sid)).toBeNull();
  });

  it("a session of a disabled user is not live, even while its row still exists", async () => {
    const u = await createTestUser(t.db);
    const sid = await startSession(t.db, u.id);
    await t.db.user.update({ where: { id: u.id }, data: { disabledAt: new Date() } });
    expect(await t.db.authSession.count({ where: { id: sid } })).toBe(1);
    expect(await getSessionUser(t.db, sid)).toBeNull();
    await t.db.user.update({ where: { id: u.id }, data: { disabledAt: null } });
    expect(await getSessionUser(t.db, sid)).toMatchObject({ id: u.id, email: u.email, role: "learner" });
    expect(await getSessionUser(t.db, "no-such-session")).toBeNull();
  });

  it("changing the password ends every other session but keeps the current one", async () => {
    const u = await createTestUser(t.db, { password: "old-password-1" });
    const current = await startSession(t.db, u.id);
    const other = await startSession(t.db, u.id);
    expect(await changePassword(t.db, u.id, "not-the-password", "new-password-1", current)).toMatchObject({ ok: false });
    expect(await getSessionUser(t.db, other)).not.toBeNull();
    expect(await changePassword(t.db, u.id, "old-password-1", "new-password-1", current)).toEqual({ ok: true });
    expect(await getSessionUser(t.db, other)).toBeNull();
    expect(await getSessionUser(t.db, current)).not.toBeNull();
    expect(await verifyCredentials(t.db, u.email, "new-password-1")).not.toBeNull();
    expect(await verifyCredentials(t.db, u.email, "old-password-1")).toBeNull();
  });

  it("disabling a user ends all their sessions and blocks sign-in", async () => {
    const u = await createTestUser(t.db, { password: "disable-me-pw" });
    const a = await startSession(t.db, u.id);
    const b = await startSession(t.db, u.id);
    await disableUser(t.db, u.id);
    expect(await getSessionUser(t.db, a)).toBeNull();
    expect(await getSessionUser(t.db, b)).toBeNull();
    expect(await verifyCredentials(t.db, u.email, "disable-me-pw")).toBeNull();
  });

  it("links an external identity once, reusing an account with the same email only when that email is verified", async () => {
    const u = await createTestUser(t.db, { email: "sso@example.test" });
    await t.db.user.update({ where: { id: u.id }, data: { emailVerified: new Date() } });
    const identity = { provider: "oidc", providerAccountId: "sub-123", type: "oauth", email: "SSO@example.test", name: "S" };
    expect(await linkExternalIdentity(t.db, identity)).toMatchObject({ ok: true, user: { id: u.id } });
    expect(await linkExternalIdentity(t.db, identity)).toMatchObject({ ok: true, user: { id: u.id } });
    expect(await t.db.account.count({ where: { userId: u.id } })).toBe(1);
    const fresh = await linkExternalIdentity(t.db, { ...identity, providerAccountId: "sub-999", email: "new@example.test" });
    expect(fresh).toMatchObject({ ok: true, user: { email: "new@example.test", role: "learner" } });
  });

  it("pre-account hijack: an unverified account with the victim's email is never linked to the victim's SSO identity", async () => {
    // The attacker signs up first with the victim's address and a password they know.
    const squatter = await createTestUser(t.db, { email: "victim@example.test", password: "attacker-knows-this" });
    const victim = { provider: "oidc", providerAccountId: "victim-sub", type: "oauth", email: "victim@example.test", name: "Victim" };
    expect(await linkExternalIdentity(t.db, victim)).toEqual({ ok: false, reason: "unverified" });
    expect(await t.db.account.count({ where: { userId: squatter.id } })).toBe(0);
    // Once the address is proven (by its owner following the mailed link), it links.
    const token = await issueEmailToken(t.db, squatter, "verify-email");
    expect(await verifyEmail(t.db, token)).toBe(true);
    expect(await verifyEmail(t.db, token), "single use").toBe(false);
    expect(await linkExternalIdentity(t.db, victim)).toMatchObject({ ok: true, user: { id: squatter.id } });
  });

  it("verification links expire, are single-use, and die with a change of email", async () => {
    const u = await createTestUser(t.db);
    const old = await issueEmailToken(t.db, u, "verify-email");
    const token = await issueEmailToken(t.db, u, "verify-email");
    expect(await verifyEmail(t.db, old), "a newer link replaces the older one").toBe(false);
    expect(await verifyEmail(t.db, token, new Date(Date.now() + 49 * 3_600_000))).toBe(false);
    const again = await issueEmailToken(t.db, u, "verify-email");
    await t.db.user.update({ where: { id: u.id }, data: { email: `changed-${u.email}` } });
    expect(await verifyEmail(t.db, again)).toBe(false);
    expect(await verifyEmail(t.db, "not-a-token-at-all-but-long-enough")).toBe(false);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).emailVerified).toBeNull();
  });

  it("the same link clicked twice at once verifies once", async () => {
    const u = await createTestUser(t.db);
    const token = await issueEmailToken(t.db, u, "verify-email");
    const results = await Promise.all(Array.from({ length: 6 }, () => verifyEmail(t.db, token)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
