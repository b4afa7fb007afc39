/**
 * The emulated shell of a troubleshooting lab: the tools a learner types on a node or in a
 * pod (`ip`, `bridge`, `iptables-save`, `conntrack`, `sysctl`, `ping`, `traceroute`,
 * `tcpdump`, `cat /run/flannel/subnet.env`, `kubectl`, `systemctl`) answered from the model,
 * in the real tools' output formats, and the fix commands that change the model.
 *
 * Pure and deterministic: the same cluster, target and line give the same result, so the
 * server can replay a learner's command log to rebuild the lab's state and grade it.
 */
import type { Cluster, NetnsId } from "../model";
import type { PacketSpec } from "../walk";

/** Where the prompt is: a node's root namespace (`host`) or a pod's namespace. */
export interface ShellTarget {
  readonly node: string;
  readonly netns: NetnsId;
}

/** What the shell runs against. */
export interface ShellEnvironment {
  readonly cluster: Cluster;
  /**
   * Traffic that keeps flowing while the learner looks (the lab story's failing requests):
   * `tcpdump -ni DEV` prints the frames the model predicts on DEV for these probes, and
   * `conntrack -L` lists the entries they leave.
   */
  readonly traffic: readonly PacketSpec[];
}

/** The tables and views a command showed, so a lab can hint at what the learner has not looked at yet. */
export type ShellView =
  | "addr"
  | "link"
  | "route"
  | "neigh"
  | "fdb"
  | "iptables"
  | "conntrack"
  | "sysctl"
  | "capture"
  | "ping"
  | "traceroute"
  | "flannel-subnet"
  | "pods"
  | "services"
  | "endpoints"
  | "policies"
  | "flanneld"
  | "nodes";

/** One thing the learner looked at: which view, where (node and namespace), optionally one device. */
export interface ShellObservation {
  readonly view: ShellView;
  readonly node: string;
  readonly netns: NetnsId;
  readonly device?: string;
}

/** The answer to one command line. */
export interface ShellResult {
  /** What the terminal prints (stdout and stderr in the order the tool writes them), newline-terminated unless empty. */
  readonly output: string;
  /** The tool's exit status (0 success, 1 error, 2 usage error, 127 command not found, as the real tools). */
  readonly exitCode: number;
  /** The cluster after the command: the same object when nothing changed. */
  readonly cluster: Cluster;
  /** One sentence saying what a fix command changed (absent when nothing changed), for the command log. */
  readonly change?: string;
  /** What the command showed. */
  readonly observed: readonly ShellObservation[];
}
