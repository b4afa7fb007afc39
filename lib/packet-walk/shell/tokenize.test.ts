import { describe, expect, it } from "vitest";
import { applyGreps, MAX_LINE_LENGTH, parseLine } from "./tokenize";

function words(line: string): readonly string[] | string {
  const p = parseLine(line);
  return p.ok ? p.words : p.message;
}

describe("parseLine", () => {
  it("splits words with POSIX quoting", () => {
    expect(words(`kubectl patch svc a -p '{"spec": {"ports": []}}'`)).toEqual(["kubectl", "patch", "svc", "a", "-p", '{"spec": {"ports": []}}']);
    expect(words(`echo "a \\"b\\" \\$c" d\\ e 'f\\g'`)).toEqual(["echo", 'a "b" $c', "d e", "f\\g"]);
    expect(words("ip   r\ts")).toEqual(["ip", "r", "s"]);
    expect(words("ip r # the table")).toEqual(["ip", "r"]);
    expect(words("echo ''")).toEqual(["echo", ""]);
  });

  it("refuses what would run more than one command, naming the operator", () => {
    expect(words("ip r; ip a")).toMatch(/^bash: `;` is not supported: the lab shell runs one command at a time/);
    expect(words("ip r && ip a")).toMatch(/`&&`/);
    expect(words("ip r &")).toMatch(/`&`/);
    expect(words('echo "$(id)"')).toMatch(/substitutions/);
    expect(words("echo $HOME")).toMatch(/variables/);
    expect(words("ip r | wc -l")).toMatch(/piping into `wc`/);
    expect(words("ip r |")).toMatch(/syntax error/);
    expect(words("echo 'open")).toBe("bash: unexpected EOF while looking for matching `''");
  });

  it("keeps trailing greps with their options", () => {
    const p = parseLine("ip r | grep -vi 'FLANNEL' | grep -c dev");
    expect(p.ok && p.greps.map((g) => [g.pattern, g.invert, g.ignoreCase, g.count])).toEqual([
      ["FLANNEL", true, true, false],
      ["dev", false, false, true],
    ]);
    expect(words("ip r | grep -z x")).toMatch(/invalid option -- 'z'/);
    expect(words("ip r | grep")).toMatch(/^Usage: grep/);
  });

  it("limits the line and refuses control characters", () => {
    expect(words("a".repeat(MAX_LINE_LENGTH))).toEqual(["a".repeat(MAX_LINE_LENGTH)]);
    expect(words("a".repeat(MAX_LINE_LENGTH + 1))).toMatch(/line too long/);
    expect(words("ip\u0000r")).toMatch(/control characters/);
    expect(words("ip r\n")).toEqual(["ip", "r"]);
  });
});

describe("applyGreps", () => {
  it("filters lines and reports grep's status", () => {
    const text = "default via 30.0.1.1 dev ens3\n10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n";
    const g = (pattern: string, o: Partial<{ invert: boolean; ignoreCase: boolean; count: boolean }> = {}) => ({ pattern, invert: false, ignoreCase: false, count: false, word: "grep", ...o });
    expect(applyGreps(text, [g("flannel")])).toEqual({ text: "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink\n", exitCode: 0 });
    expect(applyGreps(text, [g("^default")]).text).toBe("default via 30.0.1.1 dev ens3\n");
    expect(applyGreps(text, [g("FLANNEL", { ignoreCase: true, invert: true })]).text).toBe("default via 30.0.1.1 dev ens3\n");
    expect(applyGreps(text, [g("nothing")])).toEqual({ text: "", exitCode: 1 });
    expect(applyGreps(text, [g("via", { count: true })]).text).toBe("2\n");
    // Basic regular expressions: ( ) + ? | are literal, as in grep without -E.
    expect(applyGreps("a(b\n", [g("a(b")]).text).toBe("a(b\n");
    expect(applyGreps("aaa!\nx(a+)+\n", [g("(a+)+$")]).text).toBe("x(a+)+\n");
  });

  it("matches . * ^ $ [ ] and \\x like grep", () => {
    const g = (pattern: string, ignoreCase = false) => ({ pattern, invert: false, ignoreCase, count: false, word: "grep" });
    const lines = "10.244.2.0/24 via 10.244.2.0\n10x244y1z0/24\ndefault via 30.0.1.1\n*star\n";
    expect(applyGreps(lines, [g("10.244")]).text).toBe("10.244.2.0/24 via 10.244.2.0\n10x244y1z0/24\n");
    expect(applyGreps(lines, [g("10\\.244")]).text).toBe("10.244.2.0/24 via 10.244.2.0\n");
    expect(applyGreps(lines, [g("^def.*1$")]).text).toBe("default via 30.0.1.1\n");
    expect(applyGreps(lines, [g("[xyz][0-9]z")]).text).toBe("10x244y1z0/24\n");
    expect(applyGreps(lines, [g("^[^0-9]")]).text).toBe("default via 30.0.1.1\n*star\n");
    expect(applyGreps(lines, [g("*star")]).text).toBe("*star\n");
    expect(applyGreps(lines, [g("DEFAULT", true)]).text).toBe("default via 30.0.1.1\n");
    expect(applyGreps("abc\n", [g("x*")]).text).toBe("abc\n");
    expect(applyGreps("\n", [g("^$")]).exitCode).toBe(0);
  });

  it("answers patterns that make a backtracking engine take exponential time (the learner types both the pattern and, with echo, the text)", () => {
    const g = (pattern: string) => ({ pattern, invert: false, ignoreCase: false, count: false, word: "grep" });
    // With JavaScript's RegExp these did not return at all: (a*)* nesting and twenty stacked stars.
    expect(applyGreps(`${"a".repeat(40)}!\n`, [g("(a*)*$")]).exitCode).toBe(1);
    expect(applyGreps(`${"a".repeat(4000)}\n`, [g(`${"a*".repeat(20)}b`)]).exitCode).toBe(1);
    expect(applyGreps(`${"a".repeat(4000)}b\n`, [g(`${"a*".repeat(20)}b`)]).exitCode).toBe(0);
  });
});
