import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { startExtraServer } from "./app-server";
import { actAsNewClient, uniqueEmail } from "./helpers";

/**
 * Rate limits as an attacker meets them (issue 12, part 2; lib/sign-in-throttle.server.ts,
 * docs/decisions/011-rate-limit-store.md). Requests are sent from distinct loopback
 * addresses (127.0.0.x, bound as the socket's source), so each test is its own client
 * whatever the server trusts, and none spends the budget of the suite's other specs.
 */
const mainPort = Number(process.env.E2E_PORT ?? 3100);
const onRedis = !(process.env.E2E_DATABASE_URL ?? "file:").startsWith("file:");

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request from the loopback address `from`. */
function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; from: string }): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: init.method ?? "GET", headers: { origin: target.origin, ...init.headers }, localAddress: init.from, agent: false },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.body);
  });
}

/** next-auth's credentials sign-in, as its client posts it: a CSRF token from /csrf (with its cookie), then the form. */
async function signInOnce(base: string, email: string, password: string, from: string, forwardedFor?: string): Promise<Answer> {
  const extra: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  const csrf = await send(`${base}/api/auth/csrf`, { from, headers: extra });
  const cookie = ([] as string[]).concat(csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const form = new URLSearchParams({ email, password, csrfToken, json: "true", callbackUrl: base });
  return send(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    from,
    headers: { ...extra, cookie, "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
}

async function newLearner(base: string, from: string): Promise<{ email: string; password: string }> {
  const email = uniqueEmail("throttle");
  const password = "the-right-password-1";
  const res = await send(`${base}/api/signup`, { method: "POST", from, headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });
  expect(res.status, res.body).toBe(202);
  return { email, password };
}

const startsSession = (a: Answer) => ([] as string[]).concat(a.headers["set-cookie"] ?? []).some((c) => c.startsWith("next-auth.session-token="));

test("40 wrong passwords, then the right one: refused with 429 and Retry-After, while another client signs in", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const learner = await newLearner(baseURL!, "127.0.0.11");
  const statuses: number[] = [];
  for (let i = 0; i < 40; i++) statuses.push((await signInOnce(baseURL!, learner.email, `wrong-password-${i}`, "127.0.0.12")).status);
  // Five free attempts and one past them (which starts the back-off) are checked; the rest are refused unchecked.
  expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
  expect(new Set(statuses.slice(6))).toEqual(new Set([429]));

  const right = await signInOnce(baseURL!, learner.email, learner.password, "127.0.0.12");
  expect(right.status).toBe(429);
  expect(startsSession(right)).toBe(false);
  const retryAfter = Number(right.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(30);
  const body = JSON.parse(right.body) as { error: string; retryAfterSeconds: number; url: string };
  expect(body.error).toMatch(/^Too many failed sign-ins for this account\. Try again in \d+ seconds?\.$/);
  expect(new URL(body.url).searchParams.get("error")).toMatch(/^TooManySignIns-pair-\d+$/);

  // The owner, from their own network, is not locked out by the guesser.
  const owner = await signInOnce(baseURL!, learner.email, learner.password, "127.0.0.13");
  expect(owner.status).toBe(200);
  expect(startsSession(owner)).toBe(true);
});

test("the sign-in form says how long to wait", async ({ page }) => {
  await actAsNewClient(page);
  const email = uniqueEmail("throttle-ui");
  for (let i = 0; i < 7; i++) {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`not-the-password-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    // (Next's route announcer is an alert too: name the form's.)
    await expect(page.locator("p.form-error")).toBeVisible();
  }
  await expect(page.locator("p.form-error")).toHaveText(/Too many failed sign-ins for this account\. Try again in \d+ seconds?\./);
});

test("16 parallel wrong passwords: only the free attempts are checked", async ({ baseURL }) => {
  const learner = await newLearner(baseURL!, "127.0.0.14");
  const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => signInOnce(baseURL!, learner.email, `parallel-wrong-${i}`, "127.0.0.15")));
  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 401)).toHaveLength(6);
  expect(statuses.filter((s) => s === 429)).toHaveLength(10);
});

test("password-reset mails are limited per address, with the same answer for registered and unknown addresses", async ({ baseURL }) => {
  const learner = await newLearner(baseURL!, "127.0.0.20");
  for (const email of [learner.email, uniqueEmail("nobody")]) {
    const statuses: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 6; i++) {
      // A different client each time: only the per-address limit can refuse.
      const res = await send(`${baseURL}/api/password/forgot`, {
        method: "POST",
        from: "127.0.0.21",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.69.${i}.${email === learner.email ? 1 : 2}` },
        body: JSON.stringify({ email }),
      });
      statuses.push(res.status);
      bodies.push((JSON.parse(res.body) as { error?: string }).error?.replace(/\d+ minutes?/, "N minutes") ?? "");
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(bodies.at(-1)).toBe("Too many password reset requests for this address. Try again in N minutes.");
  }
});

test.describe("a server with no trusted proxy", () => {
  let extra: { url: string; stop(): void } | null = null;
  test.beforeAll(async () => {
    test.setTimeout(90_000);
    extra = await startExtraServer(mainPort + 3, { TRUSTED_PROXIES: undefined });
  });
  test.afterAll(() => extra?.stop());

  test("a rotating X-Forwarded-For does not make one client many", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      const res = await send(`${extra!.url}/api/check`, {
        method: "POST",
        from: "127.0.0.16",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.66.${i}.1` },
        body: JSON.stringify({ quiz: "no-such-quiz", question: "q", answer: 1 }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(30);
    const wrongSignIns = [];
    for (let i = 0; i < 8; i++) wrongSignIns.push((await signInOnce(extra!.url, "rotating@example.test", "wrong", "127.0.0.17", `10.67.${i}.1`)).status);
    expect(wrongSignIns.slice(6)).toEqual([429, 429]);
  });

  test("sign-ups are limited per client", async () => {
    test.setTimeout(120_000);
    const statuses: number[] = [];
    for (let i = 0; i < 33; i++) {
      const res = await send(`${extra!.url}/api/signup`, {
        method: "POST",
        from: "127.0.0.18",
        headers: { "content-type": "application/json", "x-forwarded-for": `10.68.${i}.1` },
        body: JSON.stringify({ email: uniqueEmail(`bulk${i}`), password: "bulk-account-password" }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
        expect((JSON.parse(res.body) as { error: string }).error).toMatch(/^Too many sign-ups from your network\. Try again in \d+ minutes?\.$/);
      }
    }
    expect(statuses.filter((s) => s === 202)).toHaveLength(30);
    expect(statuses.slice(30)).toEqual([429, 429, 429]);
  });

  test("two instances count one client together (Redis; the SQLite default is one instance)", async ({ baseURL }) => {
    // Skipped on the SQLite run only: there rate limits are counted in memory, per instance, by
    // design (decision 011); the PostgreSQL run, with Redis, runs it.
    test.skip(!onRedis, "the single-instance SQLite default counts in memory");
    // The suite's server trusts one proxy, but with no X-Forwarded-For both see the socket's address.
    const statuses: number[] = [];
    for (let i = 0; i < 70; i++) {
      const base = i % 2 ? extra!.url : baseURL!;
      const res = await send(`${base}/api/check`, { method: "POST", from: "127.0.0.19", headers: { "content-type": "application/json" }, body: JSON.stringify({ quiz: "no-such-quiz", question: "q", answer: 1 }) });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s !== 429)).toHaveLength(30);
  });
});
