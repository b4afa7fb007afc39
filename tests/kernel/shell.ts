/**
 * The lab shell (lib/packet-walk/shell) against the real tools: each command runs both in a
 * lab namespace and through runShellCommand on the model, and the outputs are compared line by
 * line after the normalisation below. Every rule names what the lab does differently from a
 * node and why; nothing else is ignored.
 *
 * - The lab's NICs are veths into the underlay namespace (there is no physical NIC here): the
 *   kernel prints `ens3@ifN`, `link-netns <underlay>`, qdisc noqueue and `veth` in -d output;
 *   the shell prints a NIC (`ens3`, qdisc fq_codel). Both sides are reduced to the NIC's name
 *   and qdisc "Q" on NIC lines, and the NIC's `-d` lines are not compared.
 * - The lab's namespaces are named, so ip prints a veth peer as `link-netns <name>`; on a node a
 *   pod's namespace is unnamed (`link-netnsid N`). Both become `link-netns*`.
 * - IPv6 is off in the lab (no router solicitations in the captures): the shell's `inet6 fe80::`
 *   link-local lines (what a node with IPv6 prints) are dropped before comparing.
 * - Neighbour and bridge entries the kernel learns from traffic (REACHABLE/STALE/DELAY, FDB
 *   entries without `permanent`) depend on what ran before and on timers: only PERMANENT
 *   neighbours and permanent FDB entries are compared, and the kernel's multicast FDB entries
 *   (33:33:…, 01:00:5e:…, from the groups a device joined) are dropped.
 * - ping: times and the statistics' elapsed time are replaced by T.
 * - iptables-save: the `-A` rules are compared chain by chain, in order (the header's date and the
 *   order in which iptables-nft lists chain declarations differ).
 */
import { podNetnsId, type Cluster, type LabNames, type NetnsId, type PacketSpec } from "@/lib/packet-walk";
import { runShellCommand, type ShellResult } from "@/lib/packet-walk/shell";
import { inNetns, run } from "./lab";

export interface ShellCheck {
  checked: number;
  readonly mismatches: string[];
  /** Commands compared, per command word (`ip route get`: 12 ...). */
  readonly commands: Map<string, number>;
}

type Filter = (lines: string[], side: "kernel" | "shell") => string[];

function nicNames(cluster: Cluster): Set<string> {
  const out = new Set<string>();
  for (const n of cluster.nodes) for (const ns of n.namespaces) for (const d of ns.devices) if (d.kind === "physical") out.add(d.name);
  return out;
}

function normaliseLinks(nics: Set<string>): Filter {
  return (lines) => {
    const out: string[] = [];
    let onNic = false;
    let skipNext = false;
    for (const raw of lines) {
      if (skipNext) {
        skipNext = false;
        continue;
      }
      let line = raw;
      const head = /^(\d+: )([^:@ ]+)(@[^:]+)?(: .*)$/.exec(line);
      if (head) {
        onNic = nics.has(head[2] as string);
        if (onNic) line = `${head[1]}${head[2]}${head[4]}`.replace(/ qdisc \S+/, " qdisc Q");
      }
      const brief = /^(\S+?)(@\S+)?(\s+.*)$/.exec(line);
      if (!head && brief && nics.has(brief[1] as string) && !line.startsWith(" ")) line = `${(brief[1] as string).padEnd((brief[1] as string).length + (brief[2]?.length ?? 0))}${brief[3]}`;
      line = line.replace(/ link-netns(id)? \S+/, " link-netns*");
      if (onNic && line.startsWith("    link/ether")) line = line.replace(/ link-netns\*/, "");
      if (/^\s+inet6 /.test(line)) {
        skipNext = true;
        continue;
      }
      // ip -br addr: link-local addresses at the end of the line.
      line = line.replace(/ fe80::\S+\/64 /g, " ");
      out.push(line);
    }
    return out;
  };
}

const permanentNeighbours: Filter = (lines) => lines.filter((l) => / PERMANENT\s*$/.test(l));
const permanentFdb: Filter = (lines) => lines.filter((l) => / permanent$/.test(l) && !/^(33:33|01:00:5e):/.test(l));
const pingShape: Filter = (lines) =>
  lines
    .filter((l) => l !== "")
    .map((l) => l.replace(/time=\S+ ms/, "time=T ms").replace(/time \d+ms/, "time Tms").replace(/^rtt min\/avg\/max\/mdev = .*$/, "rtt min/avg/max/mdev = T"));

/** `-A` rules grouped by chain, each chain in order. */
const ruleLines: Filter = (lines) => {
  const chains = new Map<string, string[]>();
  for (const l of lines) {
    const m = /^-A (\S+) /.exec(l);
    if (!m) continue;
    chains.set(m[1] as string, [...(chains.get(m[1] as string) ?? []), l]);
  }
  return [...chains.keys()].sort().flatMap((k) => chains.get(k) ?? []);
};

const same: Filter = (lines) => lines;

function split(text: string): string[] {
  return text.replace(/\n$/, "").split("\n").filter((l, i, all) => !(l === "" && i === all.length - 1));
}

/** `exitCode`: compare the status too; `merged`: the tool's stdout and stderr interleaved as a terminal shows them. */
type Compare = (node: string, netns: NetnsId, line: string, filter: Filter, options?: { readonly exitCode?: boolean; readonly merged?: boolean }) => ShellResult;

/** A comparer bound to a lab; `env.cluster` is read at each call, so a fix can move it on. */
function comparer(env: { cluster: Cluster }, names: LabNames, result: ShellCheck): Compare {
  return (node, netns, line, filter, options = {}) => {
    const ns = names.netns(node, netns);
    // The lines compared here have no quotes: splitting on spaces is what the shell would do.
    // Line-buffered stdout (stdbuf) keeps iputils' stdout and stderr lines in the order a terminal shows.
    const k = inNetns(ns, options.merged ? ["sh", "-c", `stdbuf -oL ${line} 2>&1`] : line.split(" "), { timeoutMs: 8000 });
    const kernel = filter(split(`${k.stdout}${k.stderr}`), "kernel");
    const ran = runShellCommand({ cluster: env.cluster, traffic: [] }, { node, netns }, line);
    const shell = filter(split(ran.output), "shell");
    const key = line.startsWith("ip route get") ? (line.includes(" iif ") ? "ip route get … from … iif" : "ip route get") : options.exitCode ? "errors, fixes and their ping (text and exit status)" : line.startsWith("ping") ? "ping -c 1" : line.replace(/ show \S+$/, " show DEV").replace(/conf\.(?!all)[^.]+\.proxy_arp/, "conf.DEV.proxy_arp");
    if (process.env.CNIA_SHELL_DEBUG) process.stderr.write(`--- ${node} ${netns} ${line}\n${kernel.join("\n")}\n=== shell\n${shell.join("\n")}\n`);
    result.commands.set(key, (result.commands.get(key) ?? 0) + 1);
    result.checked++;
    const n = Math.max(kernel.length, shell.length);
    for (let i = 0; i < n; i++) {
      if (kernel[i] !== shell[i]) {
        result.mismatches.push(`${node} ${netns}: \`${line}\` line ${i + 1}: kernel ${JSON.stringify(kernel[i] ?? "(none)")}, shell ${JSON.stringify(shell[i] ?? "(none)")}`);
        return ran;
      }
    }
    if (options.exitCode && k.code !== ran.exitCode) result.mismatches.push(`${node} ${netns}: \`${line}\` exits ${k.code} in the kernel lab, ${ran.exitCode} in the shell`);
    return ran;
  };
}

/** Commands that fail without changing anything: the error text and the exit status must be the tool's. */
function errorLines(cluster: Cluster): string[] {
  const host = cluster.nodes[0]?.namespaces.find((ns) => ns.id === "host");
  const vxlan = host?.devices.find((d) => d.kind === "vxlan");
  const connected = host?.routes.find((r) => r.proto === "kernel");
  return [
    "ip route get x",
    "ip route foo",
    "ip foo",
    "bridge fdb show dev eth9",
    "ip link show eth9",
    "ip neigh show dev eth9",
    "ip route del 10.9.0.0/24",
    "ip route add 10.9.0.5/24 dev lo",
    "ip route add 10.9.0.0/24 via 30.0.1.99 dev ens9",
    "ip route add bad via 1.2.3.4",
    "ip route add 10.9.0.0/24 via 10.9.9.9",
    ...(connected?.dev ? [`ip route add ${connected.dst} dev ${connected.dev}`] : []),
    ...(vxlan ? [`ip route add 10.9.0.0/24 via 10.244.9.9 dev ${vxlan.name}`, `ip neigh del 10.244.9.0 dev ${vxlan.name}`] : []),
    "sysctl net.ipv4.nope",
    "tcpdump -ni eth9",
  ];
}

/** Compares the shell with the kernel for the cluster's lab (already up). */
export function checkShell(cluster: Cluster, names: LabNames, options: { readonly iptables: boolean }): ShellCheck {
  const nics = nicNames(cluster);
  const links = normaliseLinks(nics);
  const result: ShellCheck = { checked: 0, mismatches: [], commands: new Map() };
  const compare = comparer({ cluster }, names, result);
  const pods = cluster.pods;
  for (const node of cluster.nodes) {
    if (node.external) continue;
    for (const ns of node.namespaces) {
      compare(node.name, ns.id, "ip addr", links);
      compare(node.name, ns.id, "ip -br link", links);
      compare(node.name, ns.id, "ip -br addr", links);
      compare(node.name, ns.id, "ip route", same);
      compare(node.name, ns.id, "ip neigh", permanentNeighbours);
      compare(node.name, ns.id, "sysctl net.ipv4.ip_forward", same);
      const targets = ns.id === "host" ? [...pods.map((p) => p.ip), ...cluster.nodes.map((n) => n.ip), "8.8.8.8"] : [...pods.filter((p) => podNetnsId(p.name) !== ns.id).map((p) => p.ip), "8.8.8.8"];
      for (const t of targets) compare(node.name, ns.id, `ip route get ${t}`, same);
      if (ns.id === "host") {
        // Forwarding lookups: a local pod's packet to every pod elsewhere, as it arrives from the pod's host-side interface.
        for (const local of pods.filter((p) => p.node === node.name)) {
          const iif = ns.devices.find((d) => d.name === local.hostInterface)?.master ?? local.hostInterface;
          for (const remote of pods.filter((p) => p.node !== node.name)) compare(node.name, ns.id, `ip route get ${remote.ip} from ${local.ip} iif ${iif}`, same, { exitCode: true });
        }
        // Arriving from the tunnel: reverse-path filtering decides (the rp_filter fault).
        const tunnel = ns.devices.find((d) => d.kind === "vxlan");
        const local = pods.find((p) => p.node === node.name);
        if (tunnel && local) for (const remote of pods.filter((p) => p.node !== node.name)) compare(node.name, ns.id, `ip route get ${local.ip} from ${remote.ip} iif ${tunnel.name}`, same, { exitCode: true });
      }
      if (ns.id !== "host") continue;
      compare(node.name, ns.id, "bridge fdb show", permanentFdb);
      for (const d of ns.devices) if (d.kind === "vxlan") compare(node.name, ns.id, `ip -d link show ${d.name}`, links);
      compare(node.name, ns.id, "sysctl net.ipv4.conf.all.rp_filter", same);
      for (const d of ns.devices) if (d.kind === "veth") compare(node.name, ns.id, `sysctl net.ipv4.conf.${d.name}.proxy_arp`, same);
      compare(node.name, ns.id, "cat /proc/sys/net/ipv4/ip_forward", same);
      if (options.iptables) for (const table of ["nat", "filter"]) compare(node.name, ns.id, `iptables-save -t ${table}`, ruleLines);
    }
  }
  // ping -c 1 from the first pod to a pod on another node: the shape of iputils' answer.
  const from = pods[0];
  const to = pods.find((p) => p.node !== from?.node);
  if (from && to) {
    compare(from.node, podNetnsId(from.name), `ping -c 1 -W 1 ${to.ip}`, pingShape);
    // An ICMP error (time exceeded from the first router) and a local EMSGSIZE, as iputils prints them.
    compare(from.node, podNetnsId(from.name), `ping -c 1 -W 1 -t 1 ${to.ip}`, pingShape, { exitCode: true, merged: true });
    compare(from.node, "host", `ping -c 2 -W 1 -M do -s 2000 ${to.ip}`, pingShape, { exitCode: true, merged: true });
  }
  const first = cluster.nodes[0];
  if (first) for (const line of errorLines(cluster)) compare(first.name, "host", line, same, { exitCode: true });
  return result;
}

/**
 * Runs fix commands in the lab and in the shell (same text, same exit status), then checks that
 * both now show the same tables and that a ping between the first pod and a pod on another node
 * gives the same answer: the shell's changed cluster is what the kernel now does.
 */
export function checkShellFixes(cluster: Cluster, names: LabNames, fixes: readonly { readonly node: string; readonly line: string }[]): ShellCheck {
  const result: ShellCheck = { checked: 0, mismatches: [], commands: new Map() };
  const env = { cluster };
  const compare = comparer(env, names, result);
  for (const fix of fixes) {
    const r = compare(fix.node, "host", fix.line, same, { exitCode: true });
    env.cluster = r.cluster;
    compare(fix.node, "host", "ip route", same);
    compare(fix.node, "host", "ip neigh", permanentNeighbours);
    compare(fix.node, "host", "bridge fdb show", permanentFdb);
    compare(fix.node, "host", "sysctl net.ipv4.ip_forward", same);
  }
  const from = cluster.pods[0];
  const to = cluster.pods.find((p) => p.node !== from?.node);
  if (from && to) {
    compare(from.node, podNetnsId(from.name), `ping -c 1 -W 1 ${to.ip}`, pingShape, { exitCode: true });
    compare(from.node, "host", `ip route get ${to.ip}`, same, { exitCode: true });
  }
  return result;
}

/**
 * tcpdump's text for the probe's own frames: the lab's capture files read back with `tcpdump -nr`
 * (and `-enr`) against the shell's `tcpdump -ni DEV` with the probe as the lab's traffic.
 * Normalised: timestamps, the ICMP echo id (ping picks it) and the outer VXLAN source port
 * (the kernel hashes the flow with a random seed) are replaced by placeholders; the shell's
 * `listening on`/summary lines (stderr of a live capture) are dropped.
 */
export function checkShellCaptures(cluster: Cluster, spec: PacketSpec, points: readonly { readonly node: string; readonly netns: NetnsId; readonly device: string; readonly file: string }[]): ShellCheck {
  const result: ShellCheck = { checked: 0, mismatches: [], commands: new Map() };
  const env = { cluster, traffic: [spec] };
  const tidy = (lines: string[]): string[] =>
    lines
      .filter((l) => l !== "" && !/^(tcpdump: |listening on |reading from |\^C$|\d+ packets? )/.test(l))
      .map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{6} /, "").replace(/, id \d+, seq/, ", id I, seq").replace(/(\d+\.\d+\.\d+\.\d+)\.\d+ > (\S+)\.(8472|4789): /, "$1.P > $2.$3: "));
  for (const p of points) {
    for (const ether of [false, true]) {
      const k = run("tcpdump", [ether ? "-enr" : "-nr", p.file]);
      const kernel = tidy(split(k.stdout));
      const shell = tidy(split(runShellCommand(env, { node: p.node, netns: p.netns }, `tcpdump ${ether ? "-eni" : "-ni"} ${p.device}`).output));
      result.checked++;
      const key = ether ? "tcpdump -eni DEV" : "tcpdump -ni DEV";
      result.commands.set(key, (result.commands.get(key) ?? 0) + 1);
      if (process.env.CNIA_SHELL_DEBUG) process.stderr.write(`--- ${p.node} ${p.netns} ${key} ${p.device}\n${kernel.join("\n")}\n=== shell\n${shell.join("\n")}\n`);
      const n = Math.max(kernel.length, shell.length);
      for (let i = 0; i < n; i++) {
        if (kernel[i] !== shell[i]) {
          result.mismatches.push(`${p.node} ${p.netns}: \`${key.replace("DEV", p.device)}\` line ${i + 1}: kernel ${JSON.stringify(kernel[i] ?? "(none)")}, shell ${JSON.stringify(shell[i] ?? "(none)")}`);
          break;
        }
      }
    }
  }
  return result;
}
