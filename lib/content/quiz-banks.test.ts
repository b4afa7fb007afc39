import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBanks } from "./quiz-banks.server";

describe("the banks a server loads", () => {
  it("are the course's only: the test banks are not content and load only with TEST_QUIZ_BANKS_DIR", () => {
    expect(process.env.TEST_QUIZ_BANKS_DIR).toBeUndefined();
    const ids = [...loadBanks().keys()];
    expect(ids).toContain("vxlan-basics");
    expect(ids.filter((id) => id.startsWith("zz-"))).toEqual([]);
    const contentFiles = readdirSync(path.resolve(__dirname, "../../content/quizzes"));
    expect(contentFiles.filter((f) => f.startsWith("zz-"))).toEqual([]);
    for (const bank of loadBanks().values()) {
      expect(JSON.stringify(bank), bank.id).not.toMatch(/ZZ-SENTINEL|E2E: /);
    }
  });
});
