import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { logLine, requestContextStore } from "../observability/log";
import { createAppServer, type AppServer } from "./http-server";

const lines: string[] = [];
const captureLog = {
  info: (msg: string, fields?: Record<string, unknown>) => void lines.push(logLine("info", msg, fields)),
  warn: (msg: string, fields?: Record<string, unknown>) => void lines.push(logLine("warn", msg, fields)),
  error: (msg: string, fields?: Record<string, unknown>) => void lines.push(logLine("error", msg, fields)),
};

let running: AppServer | null = null;
afterEach(async () => {
  lines.length = 0;
  if (running?.server.listening) await running.drain(100);
  running = null;
});

async function start(handle: Parameters<typeof createAppServer>[0]["handle"], trustedProxies = 0): Promise<string> {
  running = createAppServer({ handle, trustedProxies, proof: "proof-proof-proof", log: captureLog });
  await new Promise<void>((resolve) => running!.server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("createAppServer", () => {
  it("hands the app the resolved client address with the proof, replacing whatever the client sent", async () => {
    const url = await start((req, res) => {
      res.end(JSON.stringify({ address: req.headers["x-cni-client-address"], proof: req.headers["x-cni-client-address-proof"], requestId: requestContextStore().getStore()?.requestId }));
    });
    const res = await get(`${url}/x?token=secret`, { "x-cni-client-address": "6.6.6.6", "x-cni-client-address-proof": "forged", "x-forwarded-for": "6.6.6.6", "x-request-id": "chosen-by-client" });
    const seen = JSON.parse(res.body) as { address: string; proof: string; requestId: string };
    expect(seen.address).toBe("127.0.0.1");
    expect(seen.proof).toBe("proof-proof-proof");
    // With no trusted proxy the client's request id is replaced too, and the app's context carries ours.
    expect(seen.requestId).not.toBe("chosen-by-client");
    expect(res.headers["x-request-id"]).toBe(seen.requestId);
    const access = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(access).toMatchObject({ level: "info", msg: "request", requestId: seen.requestId, method: "GET", path: "/x", status: 200, client: "127.0.0.1" });
    expect(lines.join("\n")).not.toContain("secret");
  });

  it("behind a trusted proxy takes the address it appended and keeps its request id", async () => {
    const url = await start((req, res) => void res.end(String(req.headers["x-cni-client-address"])), 1);
    const res = await get(url, { "x-forwarded-for": "6.6.6.6, 198.51.100.7", "x-request-id": "nginx-abc123" });
    expect(res.body).toBe("198.51.100.7");
    expect(res.headers["x-request-id"]).toBe("nginx-abc123");
  });

  it("answers a handler's throw with a JSON 500 naming the request id, and logs it", async () => {
    const url = await start(() => {
      throw new Error("handler failed");
    });
    const res = await get(url);
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "Internal error", requestId: res.headers["x-request-id"] });
    expect(lines.some((l) => l.includes('"handler failed"'))).toBe(true);
  });

  it("on drain finishes the requests in flight and refuses new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const url = await start(async (_req, res) => {
      await gate;
      res.end("finished");
    });
    const inFlight = [get(url), get(url), get(url)];
    while (running!.inFlight() < 3) await new Promise((r) => setTimeout(r, 5));
    const drained = running!.drain(5_000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(get(url)).rejects.toThrow(/ECONNREFUSED/);
    release();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => [a.status, a.body])).toEqual([[200, "finished"], [200, "finished"], [200, "finished"]]);
    expect(await drained).toEqual({ finished: 3, abandoned: 0 });
  });

  it("gives up on requests still running when the grace period ends", async () => {
    const url = await start(() => new Promise<void>(() => {}));
    const hanging = get(url).catch((e: Error) => e.message);
    while (running!.inFlight() < 1) await new Promise((r) => setTimeout(r, 5));
    expect(await running!.drain(100)).toEqual({ finished: 0, abandoned: 1 });
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
  });
});
