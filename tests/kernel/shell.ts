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
import { podNetnsId, type Cluster, type LabNames, type NetnsId } from "@/lib/packet-walk";
import { runShellCommand, type ShellEnvironment } from "@/lib/packet-walk/shell";
import { inNetns } from "./lab";

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

/** Compares the shell with the kernel for the cluster's lab (already up). */
export function checkShell(cluster: Cluster, names: LabNames, options: { readonly iptables: boolean }): ShellCheck {
  const env: ShellEnvironment = { cluster, traffic: [] };
  const nics = nicNames(cluster);
  const links = normaliseLinks(nics);
  const result: ShellCheck = { checked: 0, mismatches: [], commands: new Map() };
  const compare = (node: string, netns: NetnsId, line: string, filter: Filter, kernelArgs?: readonly string[]): void => {
    const ns = names.netns(node, netns);
    const k = inNetns(ns, kernelArgs ?? line.split(" "), { timeoutMs: 8000 });
    const kernel = filter(split(`${k.stdout}${k.stderr}`), "kernel");
    const shell = filter(split(runShellCommand(env, { node, netns }, line).output), "shell");
    const key = line.startsWith("ip route get") ? "ip route get" : line.startsWith("ping") ? "ping -c 1" : line.replace(/ show \S+$/, " show DEV");
    if (process.env.CNIA_SHELL_DEBUG) process.stderr.write(`--- ${node} ${netns} ${line}\n${kernel.join("\n")}\n=== shell\n${shell.join("\n")}\n`);
    result.commands.set(key, (result.commands.get(key) ?? 0) + 1);
    result.checked++;
    const n = Math.max(kernel.length, shell.length);
    for (let i = 0; i < n; i++) {
      if (kernel[i] !== shell[i]) {
        result.mismatches.push(`${node} ${netns}: \`${line}\` line ${i + 1}: kernel ${JSON.stringify(kernel[i] ?? "(none)")}, shell ${JSON.stringify(shell[i] ?? "(none)")}`);
        return;
      }
    }
  };
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
      if (ns.id !== "host") continue;
      compare(node.name, ns.id, "bridge fdb show", permanentFdb);
      for (const d of ns.devices) if (d.kind === "vxlan") compare(node.name, ns.id, `ip -d link show ${d.name}`, links);
      compare(node.name, ns.id, "sysctl net.ipv4.conf.all.rp_filter", same);
      if (options.iptables) compare(node.name, ns.id, "iptables-save -t nat", ruleLines);
    }
  }
  // ping -c 1 from the first pod to a pod on another node: the shape of iputils' answer.
  const from = pods[0];
  const to = pods.find((p) => p.node !== from?.node);
  if (from && to) compare(from.node, podNetnsId(from.name), `ping -c 1 -W 1 ${to.ip}`, pingShape);
  return result;
}
