/**
 * iproute2 6.x output formats (`ip link`, `ip addr`, `ip -br`, `ip -d link`, `ip route`,
 * `ip neigh`, `bridge fdb`) for one namespace of the model. Trailing spaces are the real
 * tools' (iproute2 ends most fields with a space; `bridge fdb` does not).
 */
import { eui64LinkLocal, ipv4ToNumber, type Mac } from "../addresses";
import type { ClusterNode, Device, FdbEntry, NeighbourEntry, Netns, Route } from "../model";
import { formatRouteLine } from "../walk";

/** The link flags the kernel reports for a device, and its operational state. */
export function linkFlags(netns: Netns, d: Device): { flags: string; state: string; noCarrier: boolean } {
  if (d.kind === "loopback") return d.up ? { flags: "LOOPBACK,UP,LOWER_UP", state: "UNKNOWN", noCarrier: false } : { flags: "LOOPBACK", state: "DOWN", noCarrier: false };
  const base = d.kind === "tun" ? "POINTOPOINT,MULTICAST,NOARP" : d.kind === "ipip" ? "NOARP" : "BROADCAST,MULTICAST";
  if (!d.up) return { flags: base, state: "DOWN", noCarrier: false };
  // A bridge has carrier only while one of its ports is up (the kernel's br_port_carrier_check).
  const noCarrier = d.kind === "bridge" && !netns.devices.some((p) => p.master === d.name && p.up);
  if (noCarrier) return { flags: `NO-CARRIER,${base},UP`, state: "DOWN", noCarrier };
  // Tunnels and TUN devices have no carrier notion of their own: the kernel reports UNKNOWN.
  const state = d.kind === "vxlan" || d.kind === "tun" || d.kind === "ipip" ? "UNKNOWN" : "UP";
  return { flags: `${base},UP,LOWER_UP`, state, noCarrier };
}

function qdisc(d: Device): string {
  // Debian's default qdisc (net.core.default_qdisc=fq_codel) on devices with a transmit queue;
  // virtual devices without one (veth, bridge, vxlan, lo) show noqueue.
  return d.kind === "physical" || d.kind === "tun" ? "fq_codel" : "noqueue";
}

function qlen(d: Device): number {
  return d.kind === "tun" ? 500 : 1000;
}

/** `name@ifN` for a veth (its peer's ifindex), the plain name otherwise. */
export function displayName(d: Device): string {
  return d.kind === "veth" ? `${d.name}@if${d.peer.ifindex}` : d.name;
}

/**
 * The netnsid `ip link` prints for a veth's peer namespace. A pod sees its node's root namespace
 * as id 0; the root namespace numbers pod namespaces in the order they were attached.
 */
function linkNetnsId(node: ClusterNode, netns: Netns, d: Device): number | undefined {
  if (d.kind !== "veth") return undefined;
  if (netns.id !== "host") return 0;
  const pods = node.namespaces.filter((ns) => ns.id !== "host");
  const i = pods.findIndex((ns) => ns.id === d.peer.netns);
  return i < 0 ? undefined : i;
}

function linkLine(node: ClusterNode, netns: Netns, d: Device): string {
  const id = linkNetnsId(node, netns, d);
  const tail = id !== undefined ? ` link-netnsid ${id}` : "";
  switch (d.kind) {
    case "loopback":
      return "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00";
    case "tun":
      return "    link/none ";
    case "ipip":
      return "    link/ipip 0.0.0.0 brd 0.0.0.0";
    default:
      return `    link/ether ${d.mac} brd ff:ff:ff:ff:ff:ff${tail}`;
  }
}

function headLine(netns: Netns, d: Device, mode: boolean): string {
  const { flags, state } = linkFlags(netns, d);
  const master = d.master ? ` master ${d.master}` : "";
  return `${d.ifindex}: ${displayName(d)}: <${flags}> mtu ${d.mtu} qdisc ${qdisc(d)}${master} state ${state}${mode ? " mode DEFAULT" : ""} group default qlen ${qlen(d)}`;
}

/** Devices in ifindex order, as the kernel dumps them. */
export function devicesInOrder(netns: Netns): readonly Device[] {
  return [...netns.devices].sort((a, b) => a.ifindex - b.ifindex);
}

function macOf(d: Device): Mac | undefined {
  return "mac" in d ? d.mac : undefined;
}

/** The IPv6 link-local address the kernel derives (addrgenmode eui64) for a device with a MAC and carrier. */
function linkLocal(netns: Netns, d: Device): string | undefined {
  const m = macOf(d);
  if (!m || !d.up || linkFlags(netns, d).noCarrier) return undefined;
  return `${eui64LinkLocal(m)}/64`;
}

/** `ip [-d] link [show [dev] D]`. */
export function formatLink(node: ClusterNode, netns: Netns, devices: readonly Device[], details: boolean): string[] {
  const out: string[] = [];
  for (const d of devices) {
    out.push(headLine(netns, d, true));
    const link = linkLine(node, netns, d);
    if (!details) {
      out.push(link);
      continue;
    }
    // The -d line's generic fields; only the VXLAN line is checked against the kernel (tests/kernel/shell.ts).
    const [minmtu, maxmtu] = d.kind === "loopback" ? [0, 0] : [68, 65535];
    out.push(`${link} promiscuity 0  allmulti 0 minmtu ${minmtu} maxmtu ${maxmtu} `);
    const kind = detailKind(d);
    out.push(`    ${kind}${kind ? " " : ""}addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 `);
  }
  return out;
}

/** The `ip -d` line for the device's kind (the parts a learner compares; queue and offload fields are the lab's). */
function detailKind(d: Device): string {
  switch (d.kind) {
    case "vxlan": {
      const parts = [`vxlan id ${d.vni}`, `local ${d.local}`, `dev ${d.underlay}`, `srcport ${d.srcPortRange[0]} ${d.srcPortRange[1]}`, `dstport ${d.dstPort}`];
      if (!d.learning) parts.push("nolearning");
      // 0 means "use the route's hop limit": iproute2 6.x prints it as `ttl auto`.
      parts.push(d.ttl === 0 ? "ttl auto" : `ttl ${d.ttl}`, "ageing 300", d.udpChecksum ? "udpcsum" : "noudpcsum", "noudp6zerocsumtx noudp6zerocsumrx");
      return parts.join(" ");
    }
    case "veth":
      return "veth";
    case "bridge":
      return "bridge";
    case "tun":
      return "tun type tun pi off vnet_hdr off persist off";
    case "ipip":
      return `ipip any remote any local any ttl ${d.ttl === 0 ? "inherit" : d.ttl} ${d.pmtudisc ? "pmtudisc" : "nopmtudisc"}`;
    default:
      return "";
  }
}

/** `ip addr [show [dev] D]`. */
export function formatAddr(node: ClusterNode, netns: Netns, devices: readonly Device[]): string[] {
  const out: string[] = [];
  for (const d of devices) {
    out.push(headLine(netns, d, false));
    out.push(linkLine(node, netns, d));
    for (const a of d.addresses) {
      out.push(`    inet ${a.ip}/${a.prefixLen} scope ${a.scope} ${d.name}`);
      out.push("       valid_lft forever preferred_lft forever");
    }
    const ll = linkLocal(netns, d);
    if (ll) {
      out.push(`    inet6 ${ll} scope link `);
      out.push("       valid_lft forever preferred_lft forever");
    }
  }
  return out;
}

function brief(name: string, state: string): string {
  return `${name.padEnd(16)} ${state.padEnd(14)} `;
}

/** `ip -br addr`. */
export function formatBriefAddr(netns: Netns, devices: readonly Device[]): string[] {
  return devices.map((d) => {
    const ll = linkLocal(netns, d);
    const addrs = [...d.addresses.map((a) => `${a.ip}/${a.prefixLen}`), ...(ll ? [ll] : [])];
    return `${brief(displayName(d), linkFlags(netns, d).state)}${addrs.map((a) => `${a} `).join("")}`;
  });
}

/** `ip -br link`. */
export function formatBriefLink(netns: Netns, devices: readonly Device[]): string[] {
  return devices.map((d) => {
    const m = d.kind === "loopback" ? "00:00:00:00:00:00" : macOf(d) ?? "";
    return `${brief(displayName(d), linkFlags(netns, d).state)}${m ? `${m} ` : ""}<${linkFlags(netns, d).flags}> `;
  });
}

/**
 * A route as `ip route` prints it (the engine's own line, which its hops quote), with the
 * trailing space iproute2 leaves; `omitDev` when the listing is already for one device.
 */
export function formatRoute(r: Route, omitDev = false): string {
  if (!omitDev) return `${formatRouteLine(r)} `;
  const { dev: _dev, ...withoutDev } = r;
  return `${formatRouteLine(withoutDev)} `;
}

function routeKey(r: Route): { base: number; len: number } {
  const [ip, len] = r.dst.split("/");
  return { base: ipv4ToNumber(ip ?? "") ?? 0, len: Number(len ?? 32) };
}

/**
 * Routes in the order the kernel's FIB trie dumps them: by network address, a longer prefix
 * before a shorter one at the same address, then by metric.
 */
export function routesInOrder(routes: readonly Route[]): readonly Route[] {
  return routes
    .map((r, i) => ({ r, i, k: routeKey(r) }))
    .sort((a, b) => a.k.base - b.k.base || b.k.len - a.k.len || (a.r.metric ?? 0) - (b.r.metric ?? 0) || a.i - b.i)
    .map((x) => x.r);
}

/** A neighbour entry as `ip neigh` prints it. */
export function formatNeighbour(n: NeighbourEntry, omitDev = false): string {
  return `${n.ip}${omitDev ? "" : ` dev ${n.dev}`} lladdr ${n.mac} ${n.state} `;
}

/** An FDB entry as `bridge fdb show` prints it. */
export function formatFdb(f: FdbEntry, omitDev = false): string {
  const parts: string[] = [f.mac];
  if (!omitDev) parts.push(`dev ${f.dev}`);
  if (f.dst) parts.push(`dst ${f.dst}`);
  if (f.master) parts.push(`master ${f.master}`);
  if (f.self) parts.push("self");
  if (f.permanent) parts.push("permanent");
  return parts.join(" ");
}
