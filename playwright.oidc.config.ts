import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

/**
 * The OIDC sign-in e2e (e2e/oidc*.spec.ts) against a real OpenID Provider started here
 * (e2e/oidc/provider.mjs, the `oidc-provider` package on 127.0.0.1), with `next start`
 * configured by OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_CLIENT_SECRET to use it. A separate
 * config so the main suite's server keeps running without SSO configured.
 */
const port = Number(process.env.E2E_PORT ?? 3100);
const oidcPort = Number(process.env.E2E_OIDC_PORT ?? port + 1000);
const baseURL = `http://127.0.0.1:${port}`;
const issuer = `http://127.0.0.1:${oidcPort}`;
const client = { id: "cni-academy-e2e", secret: "cni-academy-e2e-secret" };
const mainServer = Array.isArray(base.webServer) ? base.webServer[0]! : base.webServer!;

export default defineConfig({
  ...base,
  testDir: "e2e",
  testMatch: /oidc.*\.spec\.ts$/,
  testIgnore: [],
  webServer: [
    {
      command: "node e2e/oidc/provider.mjs",
      url: `${issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
      env: { OIDC_PORT: String(oidcPort), APP_URL: baseURL, OIDC_CLIENT_ID: client.id, OIDC_CLIENT_SECRET: client.secret },
    },
    {
      ...mainServer,
      env: {
        ...mainServer.env,
        OIDC_ISSUER: issuer,
        OIDC_CLIENT_ID: client.id,
        OIDC_CLIENT_SECRET: client.secret,
        OIDC_NAME: "Test SSO",
      },
    },
    // The suite's SMTP server, which the app server above sends to.
    ...(Array.isArray(base.webServer) ? base.webServer.slice(1) : []),
  ],
});
