import { defineConfig, devices } from "@playwright/test";
import { SERVER_ENV, serverCommand } from "./e2e/app-server";

/**
 * e2e against the production build (`next build` must have run; scripts/test-all.sh does).
 * Chromium is Debian's (/usr/bin/chromium): Playwright's own browser download cannot work
 * on these machines (../shared/docs/toolchain.md).
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
export const TEST_QUIZ_BANKS_DIR = "e2e/fixtures/quizzes";
const SMTP_PORT = port + 25;
/** Where the specs read the mails the app sent (e2e/smtp/server.mjs). */
export const MAIL_URL = `http://127.0.0.1:${port + 26}`;

export default defineConfig({
  testDir: "e2e",
  // The OIDC specs need the local OpenID Provider: they run with playwright.oidc.config.ts.
  testIgnore: /oidc.*\.spec\.ts$/,
  fullyParallel: false,
  workers: 1,
  // One retry: a test that fails and then passes is reported as "flaky" in the output, not
  // hidden, and a real bug fails both runs. CI once timed out on a checkbox that never became
  // actionable (learner-journey, not reproducible in 12 local runs); without a retry such a
  // one-off blocks everything else from landing.
  retries: 1,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results/playwright",
  use: {
    baseURL,
    // API calls from tests are not a browser: they name this site as their Origin, as the
    // API requires of every mutation (lib/web/request-guard.ts). Browsers send it themselves.
    extraHTTPHeaders: { origin: baseURL },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: serverCommand(port).join(" "),
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        ...SERVER_ENV,
        NEXTAUTH_URL: baseURL,
        // The suite plays many clients: tests name theirs in X-Forwarded-For, as a proxy in
        // front would (e2e/helpers.ts). e2e/rate-limits.spec.ts checks a server without it.
        TRUSTED_PROXIES: "1",
        // Test-only banks (zz-e2e-*) exist only on a server started with this setting.
        TEST_QUIZ_BANKS_DIR: TEST_QUIZ_BANKS_DIR,
        // Mail goes to the suite's own SMTP server (e2e/smtp/server.mjs), which the specs read.
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        MAIL_FROM: "CNI Academy <no-reply@example.test>",
      },
    },
    {
      command: "node e2e/smtp/server.mjs",
      url: `${MAIL_URL}/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { SMTP_PORT: String(SMTP_PORT), MAIL_HTTP_PORT: String(port + 26) },
    },
  ],
});
