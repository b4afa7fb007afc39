import { defineConfig } from "vitest/config";
import path from "node:path";

/** Database tests: run once with TEST_DB_PROVIDER=sqlite and once with postgresql (scripts/test-all.sh). */
export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["tests/db/**/*.test.ts"],
    environment: "node",
    // The test-only banks (zz-e2e-*) that some DB tests assign.
    env: { TEST_QUIZ_BANKS_DIR: "e2e/fixtures/quizzes" },
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    alias: { "server-only": path.resolve(__dirname, "tests/setup/server-only-noop.ts") },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: one file at a time per worker is plenty and keeps PostgreSQL connections low.
    maxWorkers: 2,
  },
});
