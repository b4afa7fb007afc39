import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { createStaticPageCache } from "./static-page-cache";

/**
 * A stand-in for Next's handler: a prerendered page answers as Next does for one built once
 * (x-nextjs-cache: HIT, s-maxage=31536000), gzipped when accepted, written in pieces; the
 * other paths answer as dynamic pages, redirects and ISR pages do.
 */
let calls: string[] = [];
function fakeNext(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? "/";
  calls.push(url);
  const page = `<html>${url} ${"x".repeat(5000)}</html>`;
  const staticHeaders = { "x-nextjs-cache": "HIT", "cache-control": "s-maxage=31536000", "content-type": "text/html; charset=utf-8", etag: '"abc"' };
  if (url.startsWith("/lessons/") || url === "/") {
    for (const [k, v] of Object.entries(staticHeaders)) res.setHeader(k, v);
    if (url === "/lessons/cookie") res.setHeader("set-cookie", "a=b");
    const gzip = /gzip/.test(String(req.headers["accept-encoding"] ?? ""));
    const body = gzip ? gzipSync(page) : Buffer.from(page);
    if (gzip) res.setHeader("content-encoding", "gzip");
    res.writeHead(200, { "x-written-by-head": "yes" });
    res.write(body.subarray(0, 100));
    res.end(body.subarray(100));
    return;
  }
  if (url === "/isr") {
    res.setHeader("x-nextjs-cache", "HIT");
    res.setHeader("cache-control", "s-maxage=60, stale-while-revalidate=31535940");
    res.end(page);
    return;
  }
  if (url === "/me") {
    res.statusCode = 307;
    res.setHeader("location", "/signin");
    res.end();
    return;
  }
  res.setHeader("cache-control", "private, no-cache, no-store, max-age=0, must-revalidate");
  res.end(`dynamic ${url} ${Math.random()}`);
}

let server: Server | null = null;
afterEach(async () => {
  calls = [];
  await new Promise((r) => (server ? server.close(r) : r(null)));
  server = null;
});

async function start() {
  const cache = createStaticPageCache(fakeNext);
  server = createServer((req, res) => {
    res.setHeader("x-request-id", `id-${Math.random()}`);
    void cache.handle(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, cache };
}

function get(url: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ status: number; body: Buffer; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("createStaticPageCache", () => {
  it("answers the second request for a prerendered page from memory, with the same status, headers and bytes", async () => {
    const { url, cache } = await start();
    const first = await get(`${url}/lessons/vxlan`);
    const second = await get(`${url}/lessons/vxlan`);
    expect(calls).toEqual(["/lessons/vxlan"]);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    for (const h of ["x-nextjs-cache", "cache-control", "content-type", "etag", "x-written-by-head"]) expect(second.headers[h], h).toEqual(first.headers[h]);
    expect(second.headers["content-length"]).toBe(String(first.body.length));
    // Per-request headers are the server's own, never replayed.
    expect(second.headers["x-request-id"]).not.toEqual(first.headers["x-request-id"]);
    expect(cache.stats()).toMatchObject({ entries: 1, hits: 1, misses: 1 });
  });

  it("keeps gzipped and plain answers apart", async () => {
    const { url } = await start();
    const plain = await get(`${url}/lessons/vxlan`);
    const gz1 = await get(`${url}/lessons/vxlan`, { "accept-encoding": "gzip, deflate, br" });
    const gz2 = await get(`${url}/lessons/vxlan`, { "accept-encoding": "gzip, deflate, br" });
    const plain2 = await get(`${url}/lessons/vxlan`);
    expect(calls).toEqual(["/lessons/vxlan", "/lessons/vxlan"]);
    expect(gz2.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz2.body).equals(plain.body)).toBe(true);
    expect(gz2.body.equals(gz1.body)).toBe(true);
    expect(plain2.headers["content-encoding"]).toBeUndefined();
    expect(plain2.body.equals(plain.body)).toBe(true);
  });

  it("always passes to Next: queries, RSC navigations, conditional requests, HEAD, POST, API and assets", async () => {
    const { url } = await start();
    await get(`${url}/lessons/vxlan`);
    calls = [];
    await get(`${url}/lessons/vxlan?x=1`);
    await get(`${url}/lessons/vxlan`, { rsc: "1" });
    await get(`${url}/lessons/vxlan`, { "next-router-prefetch": "1" });
    await get(`${url}/lessons/vxlan`, { "if-none-match": '"abc"' });
    await get(`${url}/lessons/vxlan`, { "accept-encoding": "gzip;q=0" });
    await get(`${url}/lessons/vxlan`, {}, "HEAD");
    await get(`${url}/lessons/vxlan`, {}, "POST");
    expect(calls).toHaveLength(7);
  });

  it("never keeps an answer that could differ: dynamic, redirect, ISR, or one that sets a cookie", async () => {
    const { url, cache } = await start();
    for (const path of ["/dashboard", "/me", "/isr", "/lessons/cookie"]) {
      const a = await get(`${url}${path}`);
      const b = await get(`${url}${path}`);
      if (path === "/dashboard") expect(a.body.toString()).not.toBe(b.body.toString());
    }
    expect(calls).toEqual(["/dashboard", "/dashboard", "/me", "/me", "/isr", "/isr", "/lessons/cookie", "/lessons/cookie"]);
    expect(cache.stats().entries).toBe(0);
  });
});
