/**
 * A real OpenID Provider for the OIDC e2e test (playwright.oidc.config.ts starts it):
 * the `oidc-provider` package on 127.0.0.1 with one static client (the app) and one test
 * account. Its login and consent pages are the package's own development interactions,
 * served by the provider, so the test signs in through real authorization-code + PKCE
 * redirects, a real token endpoint and a signed ID token; nothing of next-auth is mocked.
 *
 * Env: OIDC_PORT, APP_URL (the app's base URL), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET.
 */
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 4100);
const appUrl = (process.env.APP_URL ?? "http://127.0.0.1:3100").replace(/\/$/, "");
const issuer = `http://127.0.0.1:${port}`;

/** The one person who exists at this provider. */
export const TEST_ACCOUNT = { sub: "sso-ada-0001", email: "ada.sso@example.test", name: "Ada SSO" };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? "cni-academy-e2e",
      client_secret: process.env.OIDC_CLIENT_SECRET ?? "cni-academy-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  async findAccount(_ctx, id) {
    if (id !== TEST_ACCOUNT.sub) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email: TEST_ACCOUNT.email, email_verified: true, name: TEST_ACCOUNT.name };
      },
    };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // next-auth 4 reads the profile from the ID token (idToken: true), so put the scope's
  // claims there too instead of only at the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["oidc-e2e-cookie-key-not-a-secret"] },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc e2e provider: ${issuer} (client redirect ${appUrl}/api/auth/callback/oidc)`);
});
