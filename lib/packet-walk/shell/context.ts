/**
 * What every command handler gets (the environment, where the prompt is, the namespace there)
 * and returns (stdout, stderr, exit status, a new cluster when it fixed something).
 */
import type { Cluster, ClusterNode, Device, Netns, NetnsId } from "../model";
import type { ShellEnvironment, ShellObservation, ShellTarget, ShellView } from "./types";

/** Everything a handler needs to answer. */
export interface CommandContext {
  readonly env: ShellEnvironment;
  readonly target: ShellTarget;
  readonly node: ClusterNode;
  readonly netns: Netns;
}

/** What a handler answers; `stderr` text is printed after stdout unless `interleaved` gives the order. */
export interface CommandOutput {
  /** stderr the tool writes before its stdout (tcpdump's `listening on` lines). */
  readonly stderrFirst?: string;
  readonly stdout: string;
  readonly stderr?: string;
  readonly exitCode: number;
  readonly cluster?: Cluster;
  readonly change?: string;
  readonly observed?: readonly ShellObservation[];
}

/** A handler for one command name (words[0] is the command). */
export type CommandHandler = (ctx: CommandContext, words: readonly string[]) => CommandOutput;

/** Joins lines into newline-terminated text ("" for no lines). */
export function lines(list: readonly string[]): string {
  return list.length ? `${list.join("\n")}\n` : "";
}

export function ok(stdout: string | readonly string[], observed: readonly ShellObservation[] = []): CommandOutput {
  return { stdout: typeof stdout === "string" ? stdout : lines(stdout), exitCode: 0, observed };
}

export function fail(stderr: string, exitCode = 1, stdout = ""): CommandOutput {
  return { stdout, stderr: stderr.endsWith("\n") || stderr === "" ? stderr : `${stderr}\n`, exitCode };
}

/** One observation at the prompt's namespace. */
export function saw(ctx: CommandContext, view: ShellView, device?: string): ShellObservation {
  return { view, node: ctx.target.node, netns: ctx.target.netns, ...(device !== undefined ? { device } : {}) };
}

export function findDevice(netns: Netns, name: string): Device | undefined {
  return netns.devices.find((d) => d.name === name);
}

/** Replaces one namespace of one node, sharing everything else. */
export function replaceNetns(cluster: Cluster, node: string, id: NetnsId, change: (ns: Netns) => Netns): Cluster {
  return {
    ...cluster,
    nodes: cluster.nodes.map((n) => (n.name !== node ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id === id ? change(ns) : ns)) })),
  };
}

/** The Kubernetes node names (not outside hosts). */
export function clusterNodes(cluster: Cluster): readonly ClusterNode[] {
  return cluster.nodes.filter((n) => !n.external);
}

/** A namespace's node root namespace. */
export function hostNetns(node: ClusterNode): Netns | undefined {
  return node.namespaces.find((ns) => ns.id === "host");
}

/** Where a change happened, for `change` sentences: `node1`, or `node1 pod:<name>`. */
export function whereText(ctx: CommandContext): string {
  return `${ctx.target.node}${ctx.target.netns === "host" ? "" : ` ${ctx.target.netns}`}`;
}
