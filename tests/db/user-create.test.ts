import { execFileSync } from "node:child_process";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrUpdateUser, parseUserCreateArgs } from "../../scripts/user-create";
import { createTestUser } from "../factories";
import { createTestDatabase, testProvider, type TestDatabase } from "../setup/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t.drop());

describe(`npm run user:create (${testProvider})`, () => {
  it("validates its arguments with a message naming the flag", () => {
    expect(parseUserCreateArgs(["--email", "x@example.test", "--role", "boss"])).toMatchObject({ ok: false, message: expect.stringContaining("--role") });
    expect(parseUserCreateArgs(["--email", "nope", "--role", "admin"])).toMatchObject({ ok: false, message: expect.stringContaining("--email") });
    expect(parseUserCreateArgs(["--role", "admin", "--bogus", "1"]).ok).toBe(false);
    expect(parseUserCreateArgs(["--email", "A@Example.test", "--role", "admin"])).toEqual({ ok: true, args: { email: "a@example.test", role: "admin" } });
  });

  it("creates an admin with a generated password that signs in, and promotes an existing user", async () => {
    const r = await createOrUpdateUser(t.db, { email: "first-admin@example.test", role: "admin" });
    expect(r.created).toBe(true);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.role).toBe("admin");
    expect(await bcrypt.compare(r.generatedPassword!, row.passwordHash!)).toBe(true);
    const learner = await createTestUser(t.db);
    const again = await createOrUpdateUser(t.db, { email: learner.email, role: "instructor" });
    expect(again).toMatchObject({ created: false, generatedPassword: null, id: learner.id });
    const promoted = await t.db.user.findUniqueOrThrow({ where: { id: learner.id } });
    expect(promoted.role).toBe("instructor");
    expect(promoted.passwordHash).toBe(learner.passwordHash);
  });

  it("runs as a CLI against the database in DATABASE_URL", () => {
    const out = execFileSync("npx", ["tsx", "scripts/user-create.ts", "--email", "cli-admin@example.test", "--role", "admin", "--password", "cli-admin-password"], {
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: t.url },
    });
    expect(out).toContain("created cli-admin@example.test with role admin");
    return t.db.user.findUniqueOrThrow({ where: { email: "cli-admin@example.test" } }).then((u) => expect(u.role).toBe("admin"));
  });
});
