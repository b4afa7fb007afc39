/**
 * The walk's data contract (the JSON the CLI prints and the lesson diagram
 * consumes) and the human-readable hop table. Schema: see README.md.
 */
import type { Header } from "./packet";
import type { TracerouteResult } from "./traceroute";
import type { DropCode, DropIcmp, HopAction, HopSize, TableEntry, WalkResult } from "./walk";
import type { NetnsId } from "./model";

/** One hop in the JSON document. */
export interface WalkDocumentHop {
  readonly id: string;
  readonly index: number;
  readonly node: string;
  readonly netns: NetnsId;
  readonly device: string;
  readonly action: HopAction;
  readonly detail: string;
  readonly entry?: TableEntry;
  readonly command?: string;
  /** Outermost first. */
  readonly headers: readonly Header[];
  readonly size: HopSize;
  readonly wire?: "tx" | "rx";
}

/** The JSON document of one walk. */
export interface WalkDocument {
  readonly direction: "forward" | "reply";
  readonly delivered: boolean;
  readonly dropReason?: string;
  readonly drop?: { readonly code: DropCode; readonly reason: string; readonly hopId: string; readonly icmp?: DropIcmp };
  readonly source: { readonly node: string; readonly netns: NetnsId; readonly ip: string };
  readonly destination: string;
  readonly deliveredTo?: { readonly node: string; readonly netns: NetnsId; readonly device: string };
  readonly hops: readonly WalkDocumentHop[];
}

/** Converts a walk to its JSON document (plain data, JSON.stringify-safe). */
export function toWalkDocument(result: WalkResult): WalkDocument {
  return {
    direction: result.direction,
    delivered: result.delivered,
    ...(result.drop ? { dropReason: result.drop.reason, drop: { code: result.drop.code, reason: result.drop.reason, hopId: result.drop.hopId, ...(result.drop.icmp ? { icmp: result.drop.icmp } : {}) } } : {}),
    source: { node: result.source.node, netns: result.source.netns, ip: result.source.ip },
    destination: result.initial.dst,
    ...(result.final ? { deliveredTo: { node: result.final.location.node, netns: result.final.location.netns, device: result.final.location.device } } : {}),
    hops: result.hops.map((h) => ({
      id: h.id,
      index: h.index,
      node: h.location.node,
      netns: h.location.netns,
      device: h.location.device,
      action: h.action,
      detail: h.detail,
      ...(h.entry ? { entry: h.entry } : {}),
      ...(h.command ? { command: h.command } : {}),
      headers: h.headers,
      size: h.size,
      ...(h.wire ? { wire: h.wire } : {}),
    })),
  };
}

/** Compact one-line rendering of a header stack. */
export function formatHeaders(headers: readonly Header[]): string {
  return headers
    .map((h) => {
      switch (h.type) {
        case "eth":
          return `eth ${h.src} > ${h.dst}`;
        case "ip":
          return `ip ${h.src} > ${h.dst} ttl ${h.ttl} ${h.proto}${h.df ? " DF" : ""}`;
        case "udp":
          return `udp ${h.sport} > ${h.dport}`;
        case "tcp":
          return `tcp ${h.sport} > ${h.dport} [${h.flags}]`;
        case "icmp":
          return `icmp ${h.name}`;
        case "vxlan":
          return `vxlan vni ${h.vni}`;
      }
    })
    .join(" | ");
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + " ".repeat(n - s.length);
}

/** A readable table of a walk: one line of columns per hop, then the decision and the command to check it. */
export function formatWalkTable(result: WalkResult, title?: string): string {
  const rows = result.hops.map((h) => ({
    n: String(h.index),
    node: h.location.node,
    netns: h.location.netns,
    device: h.location.device,
    action: h.action,
    size: `${h.size.ipBytes}${h.size.mtu !== null ? `/${h.size.mtu}` : ""}${h.size.exceedsMtu ? "!" : ""}`,
    headers: formatHeaders(h.headers),
    detail: h.detail,
    entry: h.entry && h.action !== "drop" ? h.entry.text : undefined,
    command: h.command,
  }));
  const w = {
    n: Math.max(1, ...rows.map((r) => r.n.length)),
    node: Math.max(4, ...rows.map((r) => r.node.length)),
    netns: Math.max(5, ...rows.map((r) => r.netns.length)),
    device: Math.max(6, ...rows.map((r) => r.device.length)),
    action: Math.max(6, ...rows.map((r) => r.action.length)),
    size: Math.max(8, ...rows.map((r) => r.size.length)),
  };
  const lines: string[] = [];
  const status = result.delivered
    ? `DELIVERED to ${result.final?.location.node} ${result.final?.location.netns} ${result.final?.location.device}`
    : `DROPPED (${result.drop?.code})`;
  lines.push(`${title ?? `${result.direction} walk`} ${result.source.ip} → ${result.initial.dst}: ${status}, ${result.hops.length} hops`);
  lines.push(`${pad("#", w.n)}  ${pad("node", w.node)}  ${pad("netns", w.netns)}  ${pad("device", w.device)}  ${pad("action", w.action)}  ${pad("IP/MTU", w.size)}  headers (outermost first)`);
  const indent = " ".repeat(w.n + 2);
  for (const r of rows) {
    lines.push(`${pad(r.n, w.n)}  ${pad(r.node, w.node)}  ${pad(r.netns, w.netns)}  ${pad(r.device, w.device)}  ${pad(r.action, w.action)}  ${pad(r.size, w.size)}  ${r.headers}`);
    lines.push(`${indent}${r.detail}`);
    if (r.entry && !r.detail.includes(r.entry)) lines.push(`${indent}entry: ${r.entry}`);
    if (r.command) lines.push(`${indent}$ ${r.command}`);
  }
  if (result.drop) lines.push(`DROP: ${result.drop.reason}`);
  return lines.join("\n");
}

/** traceroute-style output. */
export function formatTraceroute(tr: TracerouteResult, to: string): string {
  const lines = [`traceroute to ${to} (${to}), 30 hops max, 60 byte packets`];
  for (const h of tr.hops) lines.push(`${String(h.ttl).padStart(2)}  ${h.responder ?? "*"}${h.node ? `  (${h.node})` : ""}`);
  if (!tr.reached) lines.push(tr.stoppedBy ? `stopped: ${tr.hops[tr.hops.length - 1]?.note ?? tr.stoppedBy}` : "destination not reached");
  return lines.join("\n");
}
