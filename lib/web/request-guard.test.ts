import { describe, expect, it } from "vitest";
import { allowedOrigins, checkApiRequest, pathDecodes } from "./request-guard";

const origins = allowedOrigins("http://127.0.0.1:3200/api/signup", "127.0.0.1:3200", "http://localhost:3200");
const check = (method: string, pathname: string, headers: Record<string, string>) =>
  checkApiRequest({ method, pathname, headers: new Headers(headers), allowedOrigins: origins });
const json = { "content-type": "application/json" };

describe("checkApiRequest", () => {
  it("lets a same-origin JSON mutation through, by Origin or by Sec-Fetch-Site", () => {
    expect(check("POST", "/api/signup", { ...json, origin: "http://127.0.0.1:3200" })).toEqual({ ok: true });
    expect(check("PUT", "/api/attempts/x/answers", { "content-type": "application/json; charset=utf-8", origin: "http://localhost:3200" })).toEqual({ ok: true });
    expect(check("DELETE", "/api/cohorts/x", { ...json, "sec-fetch-site": "same-origin" })).toEqual({ ok: true });
  });

  it("refuses another origin, a null origin and a request that names none with a 403", () => {
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:3201", "http://127.0.0.1:3200.evil.example"]) {
      expect(check("POST", "/api/me/password", { ...json, origin })).toMatchObject({ ok: false, status: 403 });
    }
    expect(check("POST", "/api/me/password", { ...json, "sec-fetch-site": "cross-site" })).toMatchObject({ ok: false, status: 403 });
    expect(check("POST", "/api/me/password", { ...json, "sec-fetch-site": "same-site" })).toMatchObject({ ok: false, status: 403 });
    expect(check("POST", "/api/me/password", json)).toMatchObject({ ok: false, status: 403 });
    // A foreign Origin wins over a forged Sec-Fetch-Site.
    expect(check("POST", "/api/me/password", { ...json, origin: "https://evil.example", "sec-fetch-site": "same-origin" })).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses form, text and missing content types with a 415", () => {
    const origin = "http://127.0.0.1:3200";
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/jsonp", "text/json"]) {
      expect(check("POST", "/api/attempts/x/submit", { origin, "content-type": type })).toMatchObject({ ok: false, status: 415 });
    }
    expect(check("POST", "/api/quizzes/q/attempts", { origin })).toMatchObject({ ok: false, status: 415 });
  });

  it("leaves reads and next-auth's own routes alone", () => {
    expect(check("GET", "/api/progress/lessons", {})).toEqual({ ok: true });
    expect(check("HEAD", "/api/health", { origin: "https://evil.example" })).toEqual({ ok: true });
    expect(check("POST", "/api/auth/callback/credentials", { "content-type": "application/x-www-form-urlencoded", origin: "http://127.0.0.1:3200" })).toEqual({ ok: true });
  });

  it("answers a malformed percent-escape anywhere with a 400", () => {
    expect(check("GET", "/quizzes/%ff", {})).toMatchObject({ ok: false, status: 400 });
    expect(check("POST", "/api/attempts/%E0%A4%A/submit", json)).toMatchObject({ ok: false, status: 400 });
    expect(pathDecodes("/lessons/vxlan%20intro")).toBe(true);
    expect(pathDecodes("/a/%")).toBe(false);
    expect(pathDecodes("/api/attempts/%00/submit")).toBe(false);
  });
});
