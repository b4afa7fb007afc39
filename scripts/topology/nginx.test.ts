import { describe, expect, it } from "vitest";
import { nginxConfig } from "./nginx";

const conf = nginxConfig({ runDir: "/tmp/run/", listenPort: 3400, upstreamPorts: [3401, 3402] });

function location(prefix: string): string {
  const start = conf.indexOf(`location ${prefix} {`);
  expect(start).toBeGreaterThan(-1);
  return conf.slice(start, conf.indexOf("\n    }", start));
}

describe("nginx config of the topology", () => {
  it("listens on loopback only and balances over every instance with a passive health check", () => {
    expect(conf).toContain("listen 127.0.0.1:3400;");
    expect(conf).toContain("server 127.0.0.1:3401 max_fails=1 fail_timeout=5s;");
    expect(conf).toContain("server 127.0.0.1:3402 max_fails=1 fail_timeout=5s;");
  });

  it("closes idle connections to an instance before the instance does (no reset on a reused connection)", () => {
    const m = /keepalive_timeout (\d+)s;/.exec(conf);
    expect(m).not.toBeNull();
    // Node's http.Server keepAliveTimeout defaults to 5 s (next start keeps it).
    expect(Number(m![1])).toBeLessThan(5);
  });

  it("keeps its pid, logs and temp files in the run directory", () => {
    for (const line of ["pid /tmp/run/nginx.pid;", "error_log /tmp/run/nginx-error.log", "access_log /tmp/run/nginx-access.log", "proxy_temp_path /tmp/run/tmp/proxy;"]) {
      expect(conf).toContain(line);
    }
  });

  it("never repeats a POST that was sent, and repeats API requests only when the instance dropped them", () => {
    expect(conf).not.toMatch(/^\s*proxy_next_upstream [^#\n]*non_idempotent/m);
    expect(location("/api/")).toMatch(/proxy_next_upstream error;/);
    expect(location("/")).toMatch(/proxy_next_upstream error timeout;/);
  });

  it("tells the app who the client is, the host and the scheme, in every location", () => {
    for (const prefix of ["/api/", "/"]) {
      const l = location(prefix);
      expect(l).toContain("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;");
      expect(l).toContain("proxy_set_header Host $http_host;");
      expect(l).toContain("proxy_set_header X-Forwarded-Proto $scheme;");
    }
  });

  it("drops worker privileges when asked to (nginx started as root)", () => {
    expect(nginxConfig({ runDir: "/r", listenPort: 1, upstreamPorts: [2], workerUser: { user: "nobody", group: "nogroup" } })).toMatch(/^user nobody nogroup;$/m);
    expect(conf).not.toMatch(/^user /m);
  });
});
