/**
 * Public API of the lab shell (see ./types.ts). Imported only by lab code (the server's lab
 * routes and lib/labs), never by the lesson diagram's browser entry.
 */
import { PacketWalkInputError } from "../addresses";
import { runBridge } from "./bridge";
import { type CommandContext, type CommandHandler, type CommandOutput } from "./context";
import { runCat } from "./files";
import { runIp } from "./ip";
import { runKubectl } from "./kubectl";
import { runConntrack, runIptables, runIptablesSave } from "./netfilter";
import { runCurl, runNc, runPing, runTraceroute } from "./probes";
import { runSysctl } from "./sysctl";
import { runSystemctl } from "./systemctl";
import { runTcpdump } from "./tcpdump";
import { applyGreps, parseLine } from "./tokenize";
import type { ShellEnvironment, ShellResult, ShellTarget } from "./types";

export type { ShellEnvironment, ShellObservation, ShellResult, ShellTarget, ShellView } from "./types";
export { MAX_LINE_LENGTH } from "./tokenize";

/** What `help` prints: every command the lab shell answers. */
export const SHELL_HELP = [
  "Lab shell: one command at a time (a trailing `| grep [-v] [-i] PATTERN` works). Commands:",
  "  ip [-br] [-d] addr|link [show [dev D]]     ip route [show|get ADDR]     ip neigh [show [dev D]]",
  "  ip route add|del|replace ROUTE              ip neigh add|replace|del ADDR lladdr MAC dev D [nud permanent]",
  "  ip link set D up|down|mtu N                 bridge fdb [show [dev D]]    bridge fdb add|append|replace|del MAC dev D [dst IP] self permanent",
  "  iptables-save [-t nat|filter]               iptables -t TABLE -S         conntrack -L",
  "  sysctl KEY | -a | -w KEY=VALUE              cat /run/flannel/subnet.env | /proc/sys/...",
  "  ping [-c N] [-s SIZE] [-M do|dont] [-t TTL] DEST     traceroute [-n] [-I] DEST     curl URL     nc -zv HOST PORT",
  "  tcpdump [-n] [-e] [-c N] -i DEV [FILTER]",
  "  kubectl get pods|nodes|svc|endpoints|endpointslices|networkpolicy|deployments [-n NS|-A] [-o wide]",
  "  kubectl describe svc NAME   kubectl delete networkpolicy NAME   kubectl patch svc NAME -p PATCH   kubectl rollout restart deployment NAME",
  "  systemctl status|start|restart flanneld     hostname     help",
].join("\n");

const COMMANDS: Readonly<Record<string, CommandHandler>> = {
  ip: runIp,
  bridge: runBridge,
  "iptables-save": runIptablesSave,
  "iptables-nft-save": runIptablesSave,
  iptables: runIptables,
  conntrack: runConntrack,
  sysctl: runSysctl,
  cat: runCat,
  ping: runPing,
  traceroute: runTraceroute,
  tcpdump: runTcpdump,
  curl: runCurl,
  nc: runNc,
  kubectl: runKubectl,
  systemctl: runSystemctl,
  help: () => ({ stdout: `${SHELL_HELP}\n`, exitCode: 0 }),
  hostname: (ctx) => ({ stdout: `${ctx.target.netns === "host" ? ctx.target.node : ctx.target.netns.slice(4)}\n`, exitCode: 0 }),
  whoami: () => ({ stdout: "root\n", exitCode: 0 }),
  echo: (_ctx, words) => ({ stdout: `${words.slice(1).join(" ")}\n`, exitCode: 0 }),
  true: () => ({ stdout: "", exitCode: 0 }),
  false: () => ({ stdout: "", exitCode: 1 }),
};

function result(env: ShellEnvironment, out: CommandOutput, greps: Parameters<typeof applyGreps>[1]): ShellResult {
  const filtered = greps.length ? applyGreps(out.stdout, greps) : { text: out.stdout, exitCode: out.exitCode };
  // A pipeline's status is its last command's: grep's when there is one.
  const exitCode = greps.length ? filtered.exitCode : out.exitCode;
  const output = `${out.stderrFirst ?? ""}${filtered.text}${out.stderr ?? ""}`;
  return {
    output,
    exitCode,
    cluster: out.cluster ?? env.cluster,
    ...(out.change && out.cluster && out.cluster !== env.cluster ? { change: out.change } : {}),
    observed: out.observed ?? [],
  };
}

function unchanged(env: ShellEnvironment, output: string, exitCode: number): ShellResult {
  return { output: output && !output.endsWith("\n") ? `${output}\n` : output, exitCode, cluster: env.cluster, observed: [] };
}

/** Runs one command line typed at `target` and returns what the terminal prints and the new cluster. */
export function runShellCommand(env: ShellEnvironment, target: ShellTarget, line: string): ShellResult {
  const parsed = parseLine(line);
  if (!parsed.ok) return unchanged(env, parsed.message, parsed.exitCode);
  let words = parsed.words;
  if (words.length === 0) return unchanged(env, "", 0);
  while (words[0] === "sudo") {
    words = words.slice(1).filter((w, i) => !(i === 0 && /^-[EHi]+$/.test(w)));
    if (words.length === 0) return unchanged(env, "usage: sudo [-EHi] command", 1);
  }
  const node = env.cluster.nodes.find((n) => n.name === target.node);
  const netns = node?.namespaces.find((ns) => ns.id === target.netns);
  if (!node || !netns) return unchanged(env, `lab shell: there is no namespace ${target.netns} on ${target.node} in this lab`, 1);
  const ctx: CommandContext = { env, target, node, netns };
  const name = words[0] as string;
  const handler = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!handler) return unchanged(env, `bash: ${name}: command not found`, 127);
  try {
    return result(env, handler(ctx, words), parsed.greps);
  } catch (e) {
    // The engine refuses input it cannot model (an address outside the cluster, ...): print it as the tool's error.
    if (e instanceof PacketWalkInputError) return unchanged(env, `${name}: ${e.message}`, 1);
    return unchanged(env, `${name}: lab shell internal error: ${e instanceof Error ? e.message : String(e)}`, 70);
  }
}

/** Runs a whole command log from `env`, feeding each command the cluster the previous one left (what the server replays). */
export function replayShellCommands(env: ShellEnvironment, commands: readonly { readonly target: ShellTarget; readonly line: string }[]): { readonly cluster: ShellEnvironment["cluster"]; readonly results: readonly ShellResult[] } {
  let cluster = env.cluster;
  const results: ShellResult[] = [];
  for (const c of commands) {
    const r = runShellCommand({ ...env, cluster }, c.target, c.line);
    results.push(r);
    cluster = r.cluster;
  }
  return { cluster, results };
}

