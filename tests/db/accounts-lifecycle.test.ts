import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Mail is captured, not sent: the tests read the links out of it as a person would.
const outbox = vi.hoisted(() => [] as { to: string; subject: string; text: string }[]);
vi.mock("../../lib/mail.server", () => ({
  sendMail: vi.fn(async (mail: { to: string; subject: string; text: string }) => {
    outbox.push(mail);
    return true;
  }),
  enqueueMail: vi.fn((mail: { to: string; subject: string; text: string }) => {
    outbox.push(mail);
  }),
  appUrl: (pathname: string) => `http://academy.test${pathname}`,
}));

import { getSessionUser, startSession, verifyCredentials } from "../../lib/accounts.server";
import { adminDeleteUser, adminSendPasswordReset, adminSetDisabled } from "../../lib/admin-users.server";
import { confirmEmailChange, deleteOwnAccount, exportUserData, requestEmailChange, updateProfile } from "../../lib/account-settings.server";
import { startAttempt, submitAttempt } from "../../lib/attempts.server";
import { parseBank } from "../../lib/content/quiz-banks.server";
import { issueEmailToken, TOKEN_TTL_MS } from "../../lib/email-tokens.server";
import { passwordWorkCount } from "../../lib/password-hashing.server";
import { requestPasswordReset, resetPassword } from "../../lib/password-reset.server";
import { markLessonComplete } from "../../lib/progress.server";
import { signUp } from "../../lib/signup.server";
import { addCoInstructor, bulkInvite } from "../../lib/cohorts.server";
import { perfectAnswers, sampleBankYaml } from "../fixtures/sample-bank";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";
import { actor, assignQuiz, cohortOf, joinAll } from "../teaching";

let t: TestDatabase;
const bank = parseBank("content/quizzes/sample-bank.yaml", sampleBankYaml);
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());
beforeEach(() => {
  outbox.length = 0;
  vi.restoreAllMocks();
});

const mailsTo = (to: string) => outbox.filter((m) => m.to === to);
function tokenIn(mail: { text: string } | undefined): string {
  const m = /token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "");
  if (!m) throw new Error(`no link in ${JSON.stringify(mail)}`);
  return m[1]!;
}
const verified = async (u: { id: string }) => t.db.user.update({ where: { id: u.id }, data: { emailVerified: new Date() } });

describe(`password reset (${testProvider})`, () => {
  it("mails a 30-minute single-use link; the reset sets the password and ends every session", async () => {
    expect(TOKEN_TTL_MS["reset-password"]).toBe(30 * 60_000);
    const u = await createTestUser(t.db, { password: "old-password-1" });
    const a = await startSession(t.db, u.id);
    const b = await startSession(t.db, u.id);
    await requestPasswordReset(t.db, u.email.toUpperCase());
    const [mail] = mailsTo(u.email);
    expect(mail?.text).toContain("30 minutes");
    const token = tokenIn(mail);
    const stored = await t.db.emailToken.findMany({ where: { userId: u.id, purpose: "reset-password" } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(token);

    expect(await resetPassword(t.db, token, "new-password-1")).toEqual({ ok: true });
    expect(await getSessionUser(t.db, a)).toBeNull();
    expect(await getSessionUser(t.db, b)).toBeNull();
    expect(await verifyCredentials(t.db, u.email, "new-password-1")).not.toBeNull();
    expect(await verifyCredentials(t.db, u.email, "old-password-1")).toBeNull();
    // The click proved the mailbox.
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).emailVerified).toBeInstanceOf(Date);

    const again = await resetPassword(t.db, token, "third-password-1");
    expect(again).toMatchObject({ ok: false, error: expect.stringContaining("already used") });
    expect(await verifyCredentials(t.db, u.email, "new-password-1")).not.toBeNull();
  });

  it("the same link used in parallel resets once", async () => {
    const u = await createTestUser(t.db);
    await requestPasswordReset(t.db, u.email);
    const token = tokenIn(mailsTo(u.email)[0]);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => resetPassword(t.db, token, `parallel-password-${i}`)));
    const winners = results.map((r, i) => (r.ok ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    expect(await verifyCredentials(t.db, u.email, `parallel-password-${winners[0]}`)).not.toBeNull();
  });

  it("an expired link, a replaced link and a link for an old address are refused", async () => {
    const u = await createTestUser(t.db);
    const first = await issueEmailToken(t.db, u, "reset-password");
    const second = await issueEmailToken(t.db, u, "reset-password");
    expect(await resetPassword(t.db, first, "new-password-1")).toMatchObject({ ok: false });
    expect(await resetPassword(t.db, second, "new-password-1", new Date(Date.now() + 31 * 60_000))).toMatchObject({ ok: false });
    const third = await issueEmailToken(t.db, u, "reset-password");
    await t.db.user.update({ where: { id: u.id }, data: { email: `moved-${u.email}` } });
    expect(await resetPassword(t.db, third, "new-password-1")).toMatchObject({ ok: false });
    expect(await resetPassword(t.db, "x".repeat(43), "new-password-1")).toMatchObject({ ok: false });
  });

  it("known and unknown addresses get the same work: one mail, no hash, and the answer does not say which", async () => {
    const u = await createTestUser(t.db);
    const before = await t.db.emailToken.count();
    const known = await requestPasswordReset(t.db, u.email);
    const unknown = await requestPasswordReset(t.db, `nobody-${Date.now()}@example.test`);
    expect(known).toEqual(unknown);
    expect(outbox).toHaveLength(2);
    expect(outbox[1]!.text).not.toContain("token=");
    expect(await t.db.emailToken.count()).toBe(before + 1);
  });
});

describe(`uniform sign-up (${testProvider})`, () => {
  it("a new and an existing address get the same answer and the same work: one bcrypt hash, one token, one mail", async () => {
    const existing = await createTestUser(t.db, { password: "the-owners-password" });
    const hashesBefore = passwordWorkCount.hash;
    const hashes = () => passwordWorkCount.hash - hashesBefore;
    const tokensBefore = await t.db.emailToken.count();

    const fresh = await signUp(t.db, { name: "New", email: "fresh-signup@example.test", password: "long-enough-password" });
    const freshHashes = hashes();
    const freshMails = outbox.length;
    const freshTokens = (await t.db.emailToken.count()) - tokensBefore;

    const taken = await signUp(t.db, { name: "Attacker", email: existing.email, password: "attackers-password" });
    expect(taken).toEqual(fresh);
    expect(hashes() - freshHashes).toBe(freshHashes);
    expect(outbox.length - freshMails).toBe(freshMails);
    expect((await t.db.emailToken.count()) - tokensBefore - freshTokens).toBe(freshTokens);
    expect([freshHashes, freshMails, freshTokens]).toEqual([1, 1, 1]);

    // The owner is told, with a way back in; nothing of theirs changed.
    const [notice] = mailsTo(existing.email);
    expect(notice!.subject).toContain("already have an account");
    expect(notice!.text).toContain("/reset-password?token=");
    expect(await verifyCredentials(t.db, existing.email, "the-owners-password")).not.toBeNull();
    expect(await verifyCredentials(t.db, existing.email, "attackers-password")).toBeNull();
    expect(mailsTo("fresh-signup@example.test")[0]!.text).toContain("/verify-email?token=");
  });
});

describe(`account settings (${testProvider})`, () => {
  it("changes the display name", async () => {
    const u = await createTestUser(t.db);
    expect(await updateProfile(t.db, u.id, { name: "  Grace  " })).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).name).toBe("Grace");
  });

  it("a new email takes effect only when the link mailed to it is followed, and becomes verified", async () => {
    const u = await createTestUser(t.db, { password: "change-me-pw-1" });
    const next = `next-${Date.now()}@example.test`;
    expect(await requestEmailChange(t.db, u.id, { email: next, currentPassword: "wrong-password" })).toMatchObject({ ok: false, status: 400 });
    expect(await requestEmailChange(t.db, u.id, { email: next, currentPassword: "change-me-pw-1" })).toMatchObject({ ok: true });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).email).toBe(u.email);
    const token = tokenIn(mailsTo(next)[0]);
    expect(await confirmEmailChange(t.db, token)).toMatchObject({ ok: true, email: next });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.email).toBe(next);
    expect(row.emailVerified).toBeInstanceOf(Date);
    expect(await confirmEmailChange(t.db, token)).toMatchObject({ ok: false });
  });

  it("an address that belongs to another account is never taken: no link is sent, and a race is caught at confirmation", async () => {
    const u = await createTestUser(t.db, { password: "conflict-pw-1" });
    const other = await createTestUser(t.db);
    // Same answer as for a free address (no enumeration); the other address's owner gets a notice, no link.
    const answer = await requestEmailChange(t.db, u.id, { email: other.email, currentPassword: "conflict-pw-1" });
    expect(answer).toMatchObject({ ok: true });
    expect(mailsTo(other.email)[0]?.text ?? "").not.toContain("token=");
    expect(await t.db.emailToken.count({ where: { userId: u.id, purpose: "change-email" } })).toBe(0);

    const free = `race-${Date.now()}@example.test`;
    await requestEmailChange(t.db, u.id, { email: free, currentPassword: "conflict-pw-1" });
    const token = tokenIn(mailsTo(free)[0]);
    await t.db.user.update({ where: { id: other.id }, data: { email: free } });
    expect(await confirmEmailChange(t.db, token)).toMatchObject({ ok: false, status: 409 });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: u.id } })).email).toBe(u.email);
  });

  it("the export holds everything about the user and nothing about anyone else, and never the password hash", async () => {
    const owner = await createTestUser(t.db, { role: "instructor" });
    const u = await createTestUser(t.db, { name: "Exporter" });
    const other = await createTestUser(t.db, { name: "Someone Else" });
    const cohort = await cohortOf(t.db, actor(owner), "Export cohort");
    await joinAll(t.db, actor(owner), cohort.id, [actor(u), actor(other)]);
    await markLessonComplete(t.db, u.id, "vxlan");
    await markLessonComplete(t.db, other.id, "flannel");
    for (const who of [u, other]) {
      const started = await startAttempt(t.db, { userId: who.id, bank });
      if (!started.ok) throw new Error(started.error);
      await submitAttempt(t.db, { attemptId: started.attempt.id, userId: who.id, bank, answers: perfectAnswers });
    }
    await bulkInvite(t.db, actor(owner), (await cohortOf(t.db, actor(owner), "Invited cohort")).id, u.email);

    const data = await exportUserData(t.db, u.id);
    const json = JSON.stringify(data);
    expect(data.profile).toMatchObject({ id: u.id, email: u.email, name: "Exporter", hasPassword: true });
    expect(json).not.toContain(u.passwordHash!);
    expect(json).not.toMatch(/passwordHash|tokenHash/);
    expect(data.lessonProgress.map((p) => p.lessonSlug)).toEqual(["vxlan"]);
    expect(data.attempts).toHaveLength(1);
    expect(data.attempts[0]!.responses.length).toBeGreaterThan(0);
    expect(data.memberships.map((m) => m.cohortName)).toEqual(["Export cohort"]);
    expect(data.invitations.map((i) => i.cohortName)).toEqual(["Invited cohort"]);
    // Nothing of the other learner, not even their id or name.
    expect(json).not.toContain(other.id);
    expect(json).not.toContain(other.email);
    expect(json).not.toContain("Someone Else");
    expect(json).not.toContain("flannel");
  });
});

async function rowsOf(userId: string, email: string) {
  const d = t.db;
  return {
    user: await d.user.count({ where: { id: userId } }),
    accounts: await d.account.count({ where: { userId } }),
    sessions: await d.authSession.count({ where: { userId } }),
    progress: await d.lessonProgress.count({ where: { userId } }),
    attempts: await d.quizAttempt.count({ where: { userId } }),
    responses: await d.questionResponse.count({ where: { attempt: { userId } } }),
    memberships: await d.cohortMembership.count({ where: { userId } }),
    overrides: await d.assignmentOverride.count({ where: { userId } }),
    tokens: await d.emailToken.count({ where: { userId } }),
    invites: await d.cohortEmailInvite.count({ where: { email } }),
    ownedCohorts: await d.cohort.count({ where: { ownerId: userId } }),
  };
}
const NONE = { user: 0, accounts: 0, sessions: 0, progress: 0, attempts: 0, responses: 0, memberships: 0, overrides: 0, tokens: 0, invites: 0, ownedCohorts: 0 };

describe(`deleting an account (${testProvider})`, () => {
  it("needs the current password, then leaves no row of the user and ends their sessions", async () => {
    const owner = await createTestUser(t.db, { role: "instructor" });
    const u = await createTestUser(t.db, { password: "delete-me-pw-1" });
    const cohort = await cohortOf(t.db, actor(owner), "Deletion cohort");
    await joinAll(t.db, actor(owner), cohort.id, [actor(u)]);
    await assignQuiz(t.db, actor(owner), cohort.id, "vxlan-basics");
    await markLessonComplete(t.db, u.id, "vxlan");
    const started = await startAttempt(t.db, { userId: u.id, bank });
    if (!started.ok) throw new Error(started.error);
    await submitAttempt(t.db, { attemptId: started.attempt.id, userId: u.id, bank, answers: perfectAnswers });
    await t.db.account.create({ data: { userId: u.id, provider: "oidc", providerAccountId: `sub-${u.id}`, type: "oauth" } });
    await bulkInvite(t.db, actor(owner), (await cohortOf(t.db, actor(owner), "Pending")).id, u.email);
    await issueEmailToken(t.db, u, "verify-email");
    const sid = await startSession(t.db, u.id);

    expect(await deleteOwnAccount(t.db, u.id, { password: "wrong-password" })).toMatchObject({ ok: false, status: 400 });
    expect((await rowsOf(u.id, u.email)).user).toBe(1);
    expect(await deleteOwnAccount(t.db, u.id, { password: "delete-me-pw-1" })).toMatchObject({ ok: true });
    expect(await rowsOf(u.id, u.email)).toEqual(NONE);
    expect(await getSessionUser(t.db, sid)).toBeNull();
    // Other people's data is untouched.
    expect((await rowsOf(owner.id, owner.email)).ownedCohorts).toBe(2);
  });

  it("an SSO-only account confirms by typing its email", async () => {
    const u = await t.db.user.create({ data: { email: `sso-only-${Date.now()}@example.test`, emailVerified: new Date() } });
    expect(await deleteOwnAccount(t.db, u.id, { confirm: "yes" })).toMatchObject({ ok: false, status: 400 });
    expect(await deleteOwnAccount(t.db, u.id, { confirm: u.email.toUpperCase() })).toMatchObject({ ok: true });
    expect((await rowsOf(u.id, u.email)).user).toBe(0);
  });

  it("an instructor's cohorts pass to a co-instructor; a cohort nobody else teaches blocks the deletion", async () => {
    const owner = await createTestUser(t.db, { role: "instructor", password: "owner-pw-123" });
    const co = await createTestUser(t.db, { role: "instructor" });
    await verified(co);
    const shared = await cohortOf(t.db, actor(owner), "Shared cohort");
    const alone = await cohortOf(t.db, actor(owner), "Solo cohort");
    expect(await addCoInstructor(t.db, actor(owner), shared.id, co.email)).toMatchObject({ ok: true });

    const refused = await deleteOwnAccount(t.db, owner.id, { password: "owner-pw-123" });
    expect(refused).toMatchObject({ ok: false, status: 409, error: expect.stringContaining("Solo cohort") });
    expect((await rowsOf(owner.id, owner.email)).user).toBe(1);

    expect(await addCoInstructor(t.db, actor(owner), alone.id, co.email)).toMatchObject({ ok: true });
    expect(await deleteOwnAccount(t.db, owner.id, { password: "owner-pw-123" })).toMatchObject({ ok: true });
    expect(await rowsOf(owner.id, owner.email)).toEqual(NONE);
    const cohorts = await t.db.cohort.findMany({ where: { id: { in: [shared.id, alone.id] } } });
    expect(cohorts.map((c) => c.ownerId)).toEqual([co.id, co.id]);
  });
});

describe(`admin user management (${testProvider})`, () => {
  it("disables (ending sessions at once), re-enables, sends a reset and deletes; refuses non-admins", async () => {
    const admin = await createTestUser(t.db, { role: "admin" });
    const instructor = await createTestUser(t.db, { role: "instructor" });
    const u = await createTestUser(t.db, { password: "managed-pw-123" });
    const sid = await startSession(t.db, u.id);

    for (const caller of [actor(u), actor(instructor)]) {
      expect(await adminSetDisabled(t.db, caller, u.id, true)).toMatchObject({ ok: false, status: 403 });
      expect(await adminDeleteUser(t.db, caller, u.id)).toMatchObject({ ok: false, status: 403 });
      expect(await adminSendPasswordReset(t.db, caller, u.id)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await getSessionUser(t.db, sid)).not.toBeNull();

    expect(await adminSetDisabled(t.db, actor(admin), u.id, true)).toMatchObject({ ok: true });
    expect(await getSessionUser(t.db, sid)).toBeNull();
    expect(await t.db.authSession.count({ where: { userId: u.id } })).toBe(0);
    expect(await verifyCredentials(t.db, u.email, "managed-pw-123")).toBeNull();
    expect(await adminSetDisabled(t.db, actor(admin), u.id, false)).toMatchObject({ ok: true });
    expect(await verifyCredentials(t.db, u.email, "managed-pw-123")).not.toBeNull();

    expect(await adminSendPasswordReset(t.db, actor(admin), u.id)).toMatchObject({ ok: true });
    expect(tokenIn(mailsTo(u.email)[0])).toBeTruthy();
    expect(await adminSetDisabled(t.db, actor(admin), "no-such-user", true)).toMatchObject({ ok: false, status: 404 });

    expect(await adminDeleteUser(t.db, actor(admin), u.id)).toMatchObject({ ok: true });
    expect(await rowsOf(u.id, u.email)).toEqual(NONE);
  });

  it("an admin cannot disable or delete themselves, nor the last admin", async () => {
    // Every other admin of this database is disabled first, so `admin` is the last one.
    await t.db.user.updateMany({ where: { role: "admin" }, data: { disabledAt: new Date() } });
    const admin = await createTestUser(t.db, { role: "admin" });
    expect(await adminSetDisabled(t.db, actor(admin), admin.id, true)).toMatchObject({ ok: false, status: 409 });
    expect(await adminDeleteUser(t.db, actor(admin), admin.id)).toMatchObject({ ok: false, status: 409 });
    const second = await createTestUser(t.db, { role: "admin" });
    expect(await adminSetDisabled(t.db, actor(second), admin.id, true)).toMatchObject({ ok: true });
    // `second` is now the last enabled admin: nobody can remove them (not even a stale admin session).
    expect(await adminDeleteUser(t.db, actor(admin), second.id)).toMatchObject({ ok: false });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: second.id } })).disabledAt).toBeNull();
  });

  it("two admins removing each other at the same instant leave one enabled admin", async () => {
    for (const op of ["disable", "delete"] as const) {
      await t.db.user.updateMany({ where: { role: "admin" }, data: { disabledAt: new Date() } });
      const a = await createTestUser(t.db, { role: "admin" });
      const b = await createTestUser(t.db, { role: "admin" });
      const remove = (by: typeof a, target: typeof a) => (op === "disable" ? adminSetDisabled(t.db, actor(by), target.id, true) : adminDeleteUser(t.db, actor(by), target.id));
      const results = await Promise.all([remove(a, b), remove(b, a)]);
      expect(results.filter((r) => r.ok), op).toHaveLength(1);
      expect(results.find((r) => !r.ok), op).toMatchObject({ ok: false, status: 409 });
      expect(await t.db.user.count({ where: { role: "admin", disabledAt: null } }), op).toBe(1);
    }
  });
});

describe(`new-assignment mail (${testProvider})`, () => {
  it("mails each learner with a verified address: title, quiz, due date and link", async () => {
    const owner = await createTestUser(t.db, { role: "instructor" });
    const confirmed = await createTestUser(t.db);
    await verified(confirmed);
    const unconfirmed = await createTestUser(t.db);
    const cohort = await cohortOf(t.db, actor(owner), "Mail cohort");
    await joinAll(t.db, actor(owner), cohort.id, [actor(confirmed), actor(unconfirmed)]);
    outbox.length = 0;
    const due = new Date("2030-01-15T12:00:00Z");
    await assignQuiz(t.db, actor(owner), cohort.id, "vxlan-basics", { title: "Week 1 check", dueAt: due });
    await vi.waitFor(() => expect(outbox).toHaveLength(1));
    const [mail] = outbox;
    expect(mail!.to).toBe(confirmed.email);
    expect(mail!.subject).toContain("Week 1 check");
    expect(mail!.text).toContain("2030-01-15");
    expect(mail!.text).toMatch(/VXLAN/i);
    expect(mail!.text).toContain("http://academy.test/");
  });
});

describe(`new-assignment mail failures (${testProvider})`, () => {
  it("a mail server that fails does not fail the assignment", async () => {
    const { sendMail } = await import("../../lib/mail.server");
    vi.mocked(sendMail).mockRejectedValueOnce(new Error("SMTP is down"));
    const owner = await createTestUser(t.db, { role: "instructor" });
    const learner = await createTestUser(t.db);
    await verified(learner);
    const cohort = await cohortOf(t.db, actor(owner), "Failing mail cohort");
    await joinAll(t.db, actor(owner), cohort.id, [actor(learner)]);
    const assignment = await assignQuiz(t.db, actor(owner), cohort.id, "vxlan-basics");
    expect(await t.db.assignment.count({ where: { id: assignment.id } })).toBe(1);
    await vi.waitFor(() => expect(vi.mocked(sendMail)).toHaveBeenCalled());
  });
});
