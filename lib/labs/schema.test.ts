import { describe, expect, it } from "vitest";
import { MAX_REPLAY_COMMANDS, parseLabCommandLog, parseLabDiagnosis } from "@/lib/labs";

describe("parseLabDiagnosis", () => {
  it("accepts a diagnosis and trims the node", () => {
    expect(parseLabDiagnosis({ node: " node1 ", table: "route", entry: "10.244.2.0/24" })).toEqual({ ok: true, value: { node: "node1", table: "route", entry: "10.244.2.0/24" } });
  });

  it("refuses an unknown table, an empty node, extra fields and a long entry", () => {
    expect(parseLabDiagnosis({ node: "node1", table: "arp", entry: "x" }).ok).toBe(false);
    expect(parseLabDiagnosis({ node: "  ", table: "route", entry: "x" }).ok).toBe(false);
    expect(parseLabDiagnosis({ node: "node1", table: "route", entry: "x", score: 100 }).ok).toBe(false);
    const long = parseLabDiagnosis({ node: "node1", table: "route", entry: "x".repeat(201) });
    expect(long).toMatchObject({ ok: false, message: expect.stringContaining("entry") });
  });
});

describe("parseLabCommandLog", () => {
  it("accepts commands at a node or in a pod", () => {
    const log = [
      { target: { node: "node1", netns: "host" }, line: "ip route" },
      { target: { node: "node1", netns: "pod:httpd-app-675b65488d-9w69v" }, line: "ping 10.244.2.2" },
    ];
    expect(parseLabCommandLog(log)).toEqual({ ok: true, value: log });
  });

  it("refuses a malformed namespace, a missing line and a log that is too long", () => {
    expect(parseLabCommandLog([{ target: { node: "node1", netns: "root" }, line: "ip route" }]).ok).toBe(false);
    expect(parseLabCommandLog([{ target: { node: "node1", netns: "host" } }]).ok).toBe(false);
    const many = Array.from({ length: MAX_REPLAY_COMMANDS + 1 }, () => ({ target: { node: "node1", netns: "host" }, line: "true" }));
    expect(parseLabCommandLog(many).ok).toBe(false);
  });
});
