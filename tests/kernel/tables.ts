/**
 * Table checks: the kernel's own view of each lab namespace (ip -j link/addr/route)
 * against the model, both ways, so a route the kernel derives by itself (proto
 * kernel) or a device parameter it changes is caught.
 */
import type { Cluster, Device, Route } from "@/lib/packet-walk";
import { inNetns } from "./lab";

interface KernelLink {
  ifindex: number;
  ifname: string;
  flags: string[];
  mtu: number;
  address?: string;
  master?: string;
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> };
}
interface KernelAddr {
  ifname: string;
  addr_info: { family: string; local: string; prefixlen: number; scope: string }[];
}
interface KernelRoute {
  type?: string;
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  flags?: string[];
}

function json<T>(ns: string, args: string[]): T {
  const r = inNetns(ns, ["ip", "-j", ...args]);
  if (r.code !== 0) throw new Error(`ip ${args.join(" ")} in ${ns}: ${r.stderr.trim()}`);
  return JSON.parse(r.stdout) as T;
}

/** One route as a comparable line (proto defaults to boot, what `ip route add` installs). */
export function modelRouteLine(r: Route): string {
  const dst = r.dst === "0.0.0.0/0" ? "default" : r.dst;
  return [r.type === "unicast" ? "" : r.type, dst, r.via ? `via ${r.via}` : "", r.dev ? `dev ${r.dev}` : "", `proto ${r.proto ?? "boot"}`, r.scope && r.scope !== "global" ? `scope ${r.scope}` : "", r.src ? `src ${r.src}` : "", r.metric !== undefined ? `metric ${r.metric}` : "", r.onlink ? "onlink" : "", r.linkdown ? "linkdown" : ""]
    .filter(Boolean)
    .join(" ");
}

export function kernelRouteLine(k: KernelRoute): string {
  const dst = k.dst === "default" ? "default" : k.dst.includes("/") ? k.dst : `${k.dst}/32`;
  const flags = k.flags ?? [];
  return [k.type && k.type !== "unicast" ? k.type : "", dst, k.gateway ? `via ${k.gateway}` : "", k.dev ? `dev ${k.dev}` : "", `proto ${k.protocol ?? "boot"}`, k.scope && k.scope !== "global" && k.scope !== "universe" ? `scope ${k.scope}` : "", k.prefsrc ? `src ${k.prefsrc}` : "", k.metric !== undefined && k.metric !== 0 ? `metric ${k.metric}` : "", flags.includes("onlink") ? "onlink" : "", flags.includes("linkdown") ? "linkdown" : ""]
    .filter(Boolean)
    .join(" ");
}

function checkDevice(d: Device, k: KernelLink | undefined, where: string, standIn: boolean): { checked: number; mismatches: string[] } {
  const m: string[] = [];
  if (!k) return { checked: 1, mismatches: [`${where} ${d.name}: no such device in the kernel`] };
  const field = (name: string, a: unknown, b: unknown): void => {
    if (String(a) !== String(b)) m.push(`${where} ${d.name}: ${name} model ${String(a)} kernel ${String(b)}`);
  };
  field("mtu", d.mtu, k.mtu);
  // tuntap and the fallback/stand-in tunl0 cannot be created at a chosen index.
  if (d.kind !== "tun" && d.kind !== "ipip") field("ifindex", d.ifindex, k.ifindex);
  if ("mac" in d) field("mac", d.mac, k.address);
  field("master", d.master ?? "", k.master ?? "");
  field("admin up", d.up, k.flags.includes("UP"));
  if (d.kind === "vxlan") {
    const info = k.linkinfo?.info_data ?? {};
    field("vxlan id", d.vni, info.id);
    field("vxlan local", d.local, info.local);
    field("vxlan dstport", d.dstPort, info.port);
    field("vxlan learning", d.learning, info.learning);
    field("vxlan udpcsum", d.udpChecksum, info.udp_csum);
    const range = info.port_range as { low?: number; high?: number } | undefined;
    field("vxlan srcport", `${d.srcPortRange[0]}-${d.srcPortRange[1]}`, `${range?.low}-${range?.high}`);
    field("vxlan ttl", d.ttl, info.ttl ?? 0);
  }
  if (!standIn) {
    const kind = { loopback: undefined, physical: "veth", veth: "veth", bridge: "bridge", vxlan: "vxlan", tun: "tun", ipip: "ipip" }[d.kind];
    if (kind) field("kind", kind, k.linkinfo?.info_kind);
  }
  return { checked: 1, mismatches: m };
}

export interface TableCheck {
  readonly checked: number;
  readonly mismatches: string[];
}

/** Devices, addresses and the main route table of every node and pod namespace. */
export function checkTables(cluster: Cluster, netnsName: (node: string, id: string) => string, ipipStandIn: boolean): TableCheck {
  let checked = 0;
  const mismatches: string[] = [];
  for (const node of cluster.nodes) {
    for (const ns of node.namespaces) {
      const name = netnsName(node.name, ns.id);
      const where = `${node.name} ${ns.id}`;
      const links = json<KernelLink[]>(name, ["-d", "link", "show"]);
      for (const d of ns.devices) {
        const r = checkDevice(d, links.find((l) => l.ifname === d.name), where, ipipStandIn && d.kind === "ipip");
        checked += r.checked;
        mismatches.push(...r.mismatches);
      }
      for (const l of links) if (!ns.devices.some((d) => d.name === l.ifname)) mismatches.push(`${where}: kernel device ${l.ifname} is not in the model`);
      const addrs = json<KernelAddr[]>(name, ["addr", "show"]);
      for (const d of ns.devices) {
        const want = d.addresses.map((a) => `${a.ip}/${a.prefixLen} ${a.scope}`).sort();
        const got = (addrs.find((a) => a.ifname === d.name)?.addr_info ?? []).filter((a) => a.family === "inet").map((a) => `${a.local}/${a.prefixlen} ${a.scope}`).sort();
        checked++;
        if (want.join(",") !== got.join(",")) mismatches.push(`${where} ${d.name}: addresses model [${want.join(", ")}] kernel [${got.join(", ")}]`);
      }
      // No flanneld holds the TUN open in the lab, so the kernel marks routes through it linkdown; with flanneld they are not.
      const tuns = new Set<string>(ns.devices.filter((d) => d.kind === "tun").map((d) => d.name));
      const routes = json<KernelRoute[]>(name, ["route", "show", "table", "main"])
        .map((k) => (k.dev && tuns.has(k.dev) ? { ...k, flags: (k.flags ?? []).filter((f) => f !== "linkdown") } : k))
        .map(kernelRouteLine)
        .sort();
      const model = ns.routes.map(modelRouteLine).sort();
      checked += model.length;
      for (const r of model) if (!routes.includes(r)) mismatches.push(`${where}: model route "${r}" is not in the kernel`);
      for (const r of routes) if (!model.includes(r)) mismatches.push(`${where}: kernel route "${r}" is not in the model`);
    }
  }
  return { checked, mismatches };
}
