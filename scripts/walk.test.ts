/**
 * End-to-end checks of the walk CLI and its pcap output against Wireshark's
 * dissectors (Debian's tshark): the frames must decode as real VXLAN / IPIP /
 * flannel-UDP traffic with correct checksums and lengths.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { runWalkCli } from "../lib/packet-walk/cli";

// Each test starts tshark several times; on a loaded 2-core machine one start can take
// seconds, so vitest's 5 s default would fail correct code. This bounds a hang, it does not
// measure speed.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), "packet-walk-"));
const TSHARK = "tshark";

function cli(argv: string[]): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = runWalkCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    readFile: (p) => readFileSync(p, "utf8"),
    writeFile: (p, d) => writeFileSync(p, d),
  });
  return { code, stdout, stderr };
}

/** Runs tshark and returns one array of tab-separated fields per frame. */
function tshark(file: string, fields: string[], extra: string[] = []): string[][] {
  const r = spawnSync(TSHARK, ["-r", file, ...extra, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", ...fields.flatMap((f) => ["-e", f])], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.length > 0).map((l) => l.split("\t"));
}

const CHECKS = ["-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE"];

/** Frames tshark flags as malformed or with error-level expert info (bad checksums, bad lengths). */
function problems(file: string, decodeAs: string[] = []): string {
  const r = spawnSync(TSHARK, ["-r", file, ...decodeAs, ...CHECKS, "-Y", "_ws.malformed || _ws.expert.severity == error"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.trim();
}

function walkToPcap(name: string, argv: string[]): string {
  const file = join(dir, name);
  const r = cli([...argv, "--pcap", file]);
  expect(r.code, r.stderr).toBe(0);
  return file;
}

const SEED = ["--scenario", "seed-flannel-vxlan", "--from", "10.244.1.2", "--to", "10.244.2.2"];
const VXLAN = ["-d", "udp.port==8472,vxlan"];

beforeAll(() => {
  // The pcap checks are the point of this file: a missing tshark must fail, not skip.
  const v = spawnSync(TSHARK, ["--version"], { encoding: "utf8" });
  if (v.error || v.status !== 0) throw new Error(`tshark is required for scripts/walk.test.ts (apt-get install tshark): ${v.error?.message ?? v.stderr}`);
});

describe("pcap export decoded by tshark", () => {
  it("node1/node2 ens3: outer IPs, UDP 8472 as VXLAN, VNI 1, inner pod IPs, echo and echo reply", () => {
    const file = walkToPcap("seed-ens3.pcap", [...SEED, "--reply", "--capture", "node1:ens3,node2:ens3"]);
    const rows = tshark(file, ["eth.src", "ip.src", "ip.dst", "ip.ttl", "udp.dstport", "vxlan.vni", "icmp.type", "frame.len"], VXLAN);
    expect(rows).toEqual([
      ["fa:16:3e:69:98:f3,2a:95:ed:10:e4:56", "30.0.1.160,10.244.1.2", "30.0.1.47,10.244.2.2", "64,63", "8472", "1", "8", "148"],
      ["fa:16:3e:69:98:f3,2a:95:ed:10:e4:56", "30.0.1.160,10.244.1.2", "30.0.1.47,10.244.2.2", "64,63", "8472", "1", "8", "148"],
      ["fa:16:3e:eb:3a:5e,72:c8:ad:5f:87:07", "30.0.1.47,10.244.2.2", "30.0.1.160,10.244.1.2", "64,63", "8472", "1", "0", "148"],
      ["fa:16:3e:eb:3a:5e,72:c8:ad:5f:87:07", "30.0.1.47,10.244.2.2", "30.0.1.160,10.244.1.2", "64,63", "8472", "1", "0", "148"],
    ]);
    const csum = tshark(file, ["ip.checksum.status", "udp.checksum.status", "icmp.checksum.status", "ip.len", "udp.length"], [...VXLAN, ...CHECKS]);
    // Wireshark checksum status 1 = Good; the outer UDP checksum is computed (the seed's flannel.1 shows `udpcsum`).
    for (const row of csum) expect(row).toEqual(["1,1", "1", "1", "134,84", "114"]);
    expect(problems(file, VXLAN)).toBe("");
  });

  it("node1 flannel.1: only the inner frame, as the seed's capture showed", () => {
    const file = walkToPcap("seed-flannel1.pcap", [...SEED, "--capture", "node1:flannel.1"]);
    expect(tshark(file, ["eth.src", "eth.dst", "ip.src", "ip.dst", "ip.ttl", "udp.port", "frame.len"])).toEqual([["2a:95:ed:10:e4:56", "72:c8:ad:5f:87:07", "10.244.1.2", "10.244.2.2", "63", "", "98"]]);
    expect(problems(file)).toBe("");
  });

  it("Calico IPIP on ens3: IP protocol 4 carrying the pod's TCP SYN, checksums good", () => {
    const file = walkToPcap("ipip-ens3.pcap", ["--scenario", "calico-ipip", "--from", "httpd-app-675b65488d-9w69v", "--to", "httpd-app-675b65488d-6kgk6", "--proto", "tcp", "--port", "80", "--capture", "node1:ens3"]);
    expect(tshark(file, ["ip.proto", "ip.src", "ip.dst", "tcp.dstport", "tcp.flags.syn", "ip.checksum.status", "tcp.checksum.status"], CHECKS)).toEqual([
      ["4,6", "30.0.1.160,192.168.0.1", "30.0.1.47,192.168.0.65", "80", "1", "1,1", "1"],
    ]);
    expect(problems(file)).toBe("");
  });

  it("Calico tunl0 uses LINKTYPE_RAW: the record starts with the inner IPv4 header", () => {
    const file = walkToPcap("ipip-tunl0.pcap", ["--scenario", "calico-ipip", "--from", "httpd-app-675b65488d-9w69v", "--to", "httpd-app-675b65488d-6kgk6", "--capture", "node1:tunl0"]);
    const raw = readFileSync(file);
    const hdr = new DataView(raw.buffer, raw.byteOffset, 24);
    expect(hdr.getUint32(20, true)).toBe(101);
    // Wireshark's WTAP_ENCAP_RAW_IP is 7.
    expect(tshark(file, ["frame.encap_type", "ip.src", "ip.dst", "eth.src"])).toEqual([["7", "192.168.0.1", "192.168.0.65", ""]]);
  });

  it("Calico VXLAN: UDP 4789 is dissected as VXLAN without hints, VNI 4096", () => {
    const file = walkToPcap("calico-vxlan.pcap", ["--scenario", "calico-vxlan", "--from", "httpd-app-675b65488d-9w69v", "--to", "httpd-app-675b65488d-6kgk6", "--capture", "node2:ens3"]);
    expect(tshark(file, ["udp.dstport", "vxlan.vni", "ip.src", "icmp.type", "udp.checksum.status"], CHECKS)).toEqual([["4789", "4096", "30.0.1.160,192.168.0.1", "8", "1"]]);
    expect(problems(file)).toBe("");
  });

  it("flannel UDP backend: UDP 8285 whose payload is the raw inner IP packet", () => {
    const file = walkToPcap("flannel-udp.pcap", ["--scenario", "flannel-udp", "--from", "10.244.1.2", "--to", "10.244.2.2", "--capture", "node1:ens3"]);
    expect(tshark(file, ["udp.srcport", "udp.dstport", "ip.src", "ip.dst", "ip.ttl", "udp.length"], ["-d", "udp.port==8285,ip", ...CHECKS])).toEqual([
      ["8285", "8285", "30.0.1.160,10.244.1.2", "30.0.1.47,10.244.2.2", "64,62", "92"],
    ]);
    expect(problems(file, ["-d", "udp.port==8285,ip"])).toBe("");
  });
});

describe("the CLI process", () => {
  const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
  it("prints the seed walk and exits 0", () => {
    const r = spawnSync(tsx, ["scripts/walk.ts", ...SEED], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/DELIVERED to node2 pod:httpd-app-675b65488d-6kgk6 eth0/);
  });
  it("rejects a bad topology file with exit code 2, the field name and no stack trace", () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify({ mode: "canal", nodes: [{ name: "a", ip: "300.0.0.1/24" }], pods: [{ name: "p", node: "a", ip: "x" }] }));
    const r = spawnSync(tsx, ["scripts/walk.ts", "--topology", file, "--from", "p", "--to", "10.0.0.1"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/nodes\[0\]\.ip: /);
    expect(r.stderr).toMatch(/pods\[0\]\.ip: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it("rejects unknown flags with a clear message", () => {
    const r = spawnSync(tsx, ["scripts/walk.ts", "--frm", "x"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown flag --frm/);
  });
});
