import { describe, expect, it } from "vitest";
import { runWalkCli } from "./cli";
import type { WalkDocument } from "./document";

function run(argv: string[], files: Record<string, string> = {}) {
  let stdout = "";
  let stderr = "";
  const written: Record<string, Uint8Array> = {};
  const code = runWalkCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT: no such file '${p}'`);
      return f;
    },
    writeFile: (p, d) => (written[p] = d),
  });
  return { code, stdout, stderr, written };
}
const seed = ["--scenario", "seed-flannel-vxlan", "--from", "10.244.1.2", "--to", "10.244.2.2"];

describe("walk CLI", () => {
  it("--list shows every scenario with its description", () => {
    const r = run(["--list"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^seed-flannel-vxlan +The example cluster exactly/m);
    expect(r.stdout).toMatch(/^canal-network-policy /m);
  });

  it("prints a readable hop table", () => {
    const r = run(seed);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/DELIVERED to node2 pod:httpd-app-675b65488d-6kgk6 eth0, 23 hops/);
    expect(r.stdout).toMatch(/node1 +host +flannel\.1 +encapsulate +134\/1450 +ip 30\.0\.1\.160 > 30\.0\.1\.47 ttl 64 udp \| udp \d+ > 8472 \| vxlan vni 1/);
  });

  it("--json follows the documented schema", () => {
    const r = run([...seed, "--json", "--reply"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as WalkDocument & { reply: WalkDocument };
    expect(doc.delivered).toBe(true);
    expect(doc.dropReason).toBeUndefined();
    for (const h of doc.hops) {
      expect(Object.keys(h)).toEqual(expect.arrayContaining(["node", "netns", "device", "action", "detail", "headers"]));
      for (const hd of h.headers) {
        if (hd.type === "eth") expect(hd).toEqual(expect.objectContaining({ src: expect.any(String), dst: expect.any(String) }));
        if (hd.type === "ip") expect(hd).toEqual(expect.objectContaining({ src: expect.any(String), dst: expect.any(String), ttl: expect.any(Number), proto: expect.any(String) }));
        if (hd.type === "udp" || hd.type === "tcp") expect(hd).toEqual(expect.objectContaining({ sport: expect.any(Number), dport: expect.any(Number) }));
        if (hd.type === "vxlan") expect(hd.vni).toBe(1);
      }
    }
    expect(doc.reply.delivered).toBe(true);
    expect(doc.reply.hops.at(-1)?.node).toBe("node1");
  });

  it("reports a drop in the JSON", () => {
    const doc = JSON.parse(run(["--scenario", "flannel-host-gw-different-subnets", "--from", "10.244.1.2", "--to", "10.244.2.2", "--json"]).stdout) as WalkDocument;
    expect(doc.delivered).toBe(false);
    expect(doc.dropReason).toMatch(/30\.0\.2\.47/);
    expect(doc.drop?.code).toBe("next-hop-not-on-link");
  });

  it("--traceroute prints the seed's three hops", () => {
    const r = run([...seed, "--traceroute", "--proto", "udp"]);
    expect(r.stdout.split("\n").slice(1, 4).map((l) => l.trim().split(/\s+/)[1])).toEqual(["10.244.1.1", "10.244.2.0", "10.244.2.2"]);
  });

  it.each([
    [["--bogus"], /unknown flag --bogus/],
    [["--scenario", "seed-flannel-vxlan", "--from", "10.244.1.2"], /missing --from and\/or --to/],
    [[...seed, "--proto", "sctp"], /--proto must be icmp, tcp or udp/],
    [[...seed, "--port", "80"], /--port makes no sense with --proto icmp/],
    [[...seed, "--proto", "tcp", "--port", "99999"], /--port must be between 1 and 65535/],
    [[...seed, "--ttl", "abc"], /--ttl must be a whole number/],
    [["--scenario", "nope", "--from", "a", "--to", "b"], /unknown scenario "nope"/],
    [["--from", "a", "--to", "b"], /missing --scenario NAME or --topology/],
    [[...seed, "--pcap", "x.pcap"], /--pcap needs --capture/],
    [[...seed, "--pcap", "x.pcap", "--capture", "node1:nope0"], /node1 has no device "nope0"/],
    [["--scenario", "seed-flannel-vxlan", "--from", "ghost", "--to", "10.244.2.2"], /from: unknown source "ghost"/],
    [["--scenario"], /--scenario needs a value/],
  ])("rejects %j with exit code 2", (argv, message) => {
    const r = run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("refuses to mix Ethernet and raw-IP captures in one pcap", () => {
    const r = run(["--scenario", "calico-ipip", "--from", "httpd-app-675b65488d-9w69v", "--to", "httpd-app-675b65488d-6kgk6", "--pcap", "x", "--capture", "node1:ens3,node1:tunl0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/one link type/);
  });

  it("--topology validates the file and names the bad field", () => {
    const bad = JSON.stringify({ mode: "flannel-vxlan", nodes: [{ name: "a", ip: "10.0.0.1" }] });
    const r = run(["--topology", "t.json", "--from", "a", "--to", "10.0.0.2"], { "t.json": bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/t\.json is not a valid topology:\n {2}nodes\[0\]\.ip: expected an IPv4 address with prefix/);
    expect(run(["--topology", "t.json", "--from", "a", "--to", "b"], { "t.json": "{ nope" }).stderr).toMatch(/not valid JSON/);
    expect(run(["--topology", "missing.json", "--from", "a", "--to", "b"]).stderr).toMatch(/cannot read missing\.json/);
    const good = JSON.stringify({ mode: "calico-ipip", nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }], pods: [{ name: "pa", node: "a" }, { name: "pb", node: "b" }] });
    const ok = run(["--topology", "t.json", "--from", "pa", "--to", "pb", "--json"], { "t.json": good });
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as WalkDocument).delivered).toBe(true);
  });

  it("writes pcap bytes through the I/O port", () => {
    const r = run([...seed, "--pcap", "out.pcap", "--capture", "node1:ens3"]);
    expect(r.code).toBe(0);
    expect(r.written["out.pcap"]?.length).toBe(24 + 16 + 148);
  });
});

describe("walk CLI --lab", () => {
  it("--lab prints the setup script, --lab-cleanup the cleanup, with a prefix", () => {
    const setup = run(["--scenario", "seed-flannel-vxlan", "--lab", "--lab-prefix", "ci-1-"]);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toMatch(/^#!\/bin\/sh\n/);
    expect(setup.stdout).toContain("ip netns add ci-1-node1\n");
    const cleanup = run(["--scenario", "seed-flannel-vxlan", "--lab-cleanup", "--lab-prefix", "ci-1-"]);
    expect(cleanup.code).toBe(0);
    expect(cleanup.stdout).toContain("ip netns del ci-1-node1 2>/dev/null || true\n");
  });

  it("rejects a bad prefix and lab flags without --lab", () => {
    expect(run(["--scenario", "seed-flannel-vxlan", "--lab", "--lab-prefix", "a b"]).code).toBe(2);
    expect(run(["--scenario", "seed-flannel-vxlan", "--lab", "--lab-cleanup"]).code).toBe(2);
    expect(run([...seed, "--lab-prefix", "x-"]).code).toBe(2);
  });

  it("--lab-ipip-stand-in stands a veth in for tunl0", () => {
    expect(run(["--scenario", "calico-ipip", "--lab", "--lab-ipip-stand-in"]).stdout).toMatch(/link add tunl0 type veth peer name s0 netns cnia-underlay/);
  });
});
