/**
 * A small HTTP client for the reliability battery: one keep-alive connection pool per
 * simulated learner, bound to its own loopback address (127.a.b.c, all local on Linux), so
 * each learner is a distinct client to the app's per-client limits, as real learners are.
 * Knows the app's rules for scripts: mutations send `Origin` and `application/json`.
 */
import http from "node:http";

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** How a response or failure counts for the battery. */
export type Outcome =
  | { kind: "ok"; result: HttpResult }
  /** A 4xx: the app refused it, nothing was written. */
  | { kind: "refused"; result: HttpResult }
  /** Connection refused/reset or timed out before an answer: the outcome is unknown. */
  | { kind: "transport"; error: string }
  /** 502/503/504 written by nginx itself (its HTML error page), not by the app. */
  | { kind: "proxy5xx"; result: HttpResult }
  /** Any other 5xx: the app's. */
  | { kind: "app5xx"; result: HttpResult };

export function classify(r: HttpResult): Outcome {
  if (r.status >= 200 && r.status < 300) return { kind: "ok", result: r };
  if (r.status >= 500) {
    const html = String(r.headers["content-type"] ?? "").startsWith("text/html");
    return html && r.body.includes("<center>nginx</center>") ? { kind: "proxy5xx", result: r } : { kind: "app5xx", result: r };
  }
  return { kind: "refused", result: r };
}

export class LearnerClient {
  private readonly agent: http.Agent;
  private readonly cookies = new Map<string, string>();
  private readonly base: URL;

  constructor(
    baseUrl: string,
    readonly localAddress: string,
    private readonly timeoutMs: number,
    /** Sent with every request (a benchmark names its client in X-Forwarded-For). */
    private readonly extraHeaders: Readonly<Record<string, string>> = {},
  ) {
    this.base = new URL(baseUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  }

  close(): void {
    this.agent.destroy();
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  /** The cookies it holds, as a Cookie header (for another client, e.g. a browser or a load generator, to act as this one). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  /** One request; throws on a transport failure. Stores the cookies it is given. */
  request(method: string, path: string, body?: { json: unknown } | { form: Record<string, string> }): Promise<HttpResult> {
    const headers: Record<string, string> = { ...this.extraHeaders, accept: "application/json", origin: this.base.origin };
    let payload: string | undefined;
    if (body && "json" in body) {
      payload = JSON.stringify(body.json);
      headers["content-type"] = "application/json";
    } else if (body) {
      payload = new URLSearchParams(body.form).toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
    }
    if (payload !== undefined) headers["content-length"] = String(Buffer.byteLength(payload));
    if (this.cookies.size) headers.cookie = this.cookieHeader();
    return new Promise<HttpResult>((resolve, reject) => {
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, localAddress: this.localAddress, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            for (const c of res.headers["set-cookie"] ?? []) {
              const [pair] = c.split(";");
              const eq = pair!.indexOf("=");
              if (eq > 0) this.cookies.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") });
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`timed out after ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end(payload);
    });
  }
}

/** The loopback address of learner `i` in this run's block (`block` 2..250 keeps runs apart). */
export function learnerAddress(block: number, i: number): string {
  return `127.${block}.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

/**
 * next-auth's credentials sign-in as the sign-in form does it: a CSRF token (and its cookie),
 * then the form post. Signed in when the answer is 200 and `client.hasCookie("next-auth.session-token")`.
 */
export async function signInWithPassword(client: LearnerClient, baseUrl: string, email: string, password: string): Promise<HttpResult> {
  const csrf = await client.request("GET", "/api/auth/csrf");
  if (csrf.status !== 200) return csrf;
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken?: string };
  return client.request("POST", "/api/auth/callback/credentials", { form: { csrfToken: csrfToken ?? "", email, password, json: "true", callbackUrl: `${baseUrl}/` } });
}
