/**
 * `ip` (iproute2 6.x): show and change links, addresses, routes and neighbours of the prompt's
 * namespace. Errors and exit statuses are iproute2's: 1 for a bad argument it rejects itself,
 * 2 for an error the kernel returns (`RTNETLINK answers: ...`, `Error: ...` from netlink extack).
 */
import { cidrContains, ipv4ToNumber, isIpv4, isMac, networkOf, numberToIpv4, prefixMask, type Cidr, type IfName, type Ipv4, type Mac } from "../addresses";
import { indexCluster, lookupRoute, selectSourceAddress } from "../cluster-index";
import type { Device, NeighbourEntry, NeighbourState, Netns, Route, RouteType } from "../model";
import { fail, findDevice, ok, replaceNetns, saw, whereText, type CommandContext, type CommandOutput } from "./context";
import { learnedNeighbours } from "./traffic";
import { devicesInOrder, formatAddr, formatBriefAddr, formatBriefLink, formatLink, formatNeighbour, formatRoute, routesInOrder } from "./ip-format";

interface IpOptions {
  brief: boolean;
  details: boolean;
}

/** iproute2 accepts any prefix of a keyword (`ip r s`, `ip a`, `ip neigh sh`). */
function matches(word: string | undefined, keyword: string, min = 1): boolean {
  return word !== undefined && word.length >= min && keyword.startsWith(word);
}

const OBJECTS: readonly { readonly name: string; readonly min: number }[] = [
  { name: "address", min: 1 },
  { name: "link", min: 1 },
  { name: "route", min: 1 },
  { name: "neighbour", min: 1 },
  { name: "neighbor", min: 1 },
];

function isShow(word: string | undefined): boolean {
  return word === undefined || matches(word, "show") || matches(word, "list") || word === "lst";
}

/** `ip ...`: dispatches on the object. */
export function runIp(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const opts: IpOptions = { brief: false, details: false };
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith("-")) break;
    const flag = w.replace(/^--?/, "");
    if (["br", "brief"].includes(flag)) opts.brief = true;
    else if (["d", "details", "detail"].includes(flag)) opts.details = true;
    else if (["4", "c", "color"].includes(flag) || flag.startsWith("color=")) continue;
    else if (["s", "stats", "statistics"].includes(flag)) return fail("ip: packet counters (-s) are not modelled in the lab shell", 1);
    else if (["o", "oneline"].includes(flag)) return fail("ip: the lab shell prints the normal (multi-line) format; drop -o", 1);
    else if (["n", "netns"].includes(flag)) return fail("ip: the lab shell runs in the prompt's namespace (no ip -n / ip netns exec): open the pod's or node's terminal instead", 1);
    else if (flag === "j" || flag === "json") return fail("ip: JSON output (-j) is not available in the lab shell; use the plain listing", 1);
    else if (flag === "6") return ok([], []);
    else if (flag === "V" || flag === "Version") return ok(["ip utility, iproute2-6.1.0, libbpf 1.1.2"]);
    else return fail(`Option "${w}" is unknown, try "ip -help".`, 255);
  }
  const object = words[i];
  const rest = words.slice(i + 1);
  if (object === undefined || object === "help") {
    return fail(
      "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\nwhere  OBJECT := { address | link | neighbour | route }\n       OPTIONS := { -br[ief] | -d[etails] }\n(the lab shell supports these objects and options)",
      object === "help" ? 0 : 255,
    );
  }
  const obj = OBJECTS.find((o) => matches(object, o.name, o.min))?.name;
  switch (obj) {
    case "address":
      return ipAddr(ctx, rest, opts);
    case "link":
      return ipLink(ctx, rest, opts);
    case "route":
      return ipRoute(ctx, rest);
    case "neighbour":
    case "neighbor":
      return ipNeigh(ctx, rest);
    default:
      if (["rule", "netns", "tunnel", "maddress", "xfrm", "monitor", "tuntap", "mroute", "netconf", "vrf", "nexthop", "mptcp", "stats"].some((o) => matches(object, o, 2))) {
        return fail(`ip: the lab shell does not model "ip ${object}" (supported: address, link, route, neighbour)`, 1);
      }
      return fail(`Object "${object}" is unknown, try "ip help".`, 1);
  }
}

// ---------------------------------------------------------------------------
// ip link / ip addr

function selectDevices(ctx: CommandContext, args: readonly string[]): Device[] | CommandOutput {
  let name: string | undefined;
  let upOnly = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "dev") {
      name = args[i + 1];
      if (name === undefined) return fail('Command line is not complete. Try option "help"', 255);
      i++;
    } else if (a === "up") upOnly = true;
    else if (name === undefined && !["type", "master", "scope", "label", "to"].includes(a)) name = a;
    else return fail(`Error: either "dev" is duplicate, or "${a}" is a garbage.`, 255);
  }
  if (name !== undefined) {
    const d = findDevice(ctx.netns, name.replace(/@.*$/, ""));
    if (!d) return fail(`Device "${name}" does not exist.`, 1);
    return [d];
  }
  return devicesInOrder(ctx.netns).filter((d) => !upOnly || d.up);
}

function ipAddr(ctx: CommandContext, args: readonly string[], opts: IpOptions): CommandOutput {
  const [cmd, ...rest] = args;
  if (!isShow(cmd)) {
    if (matches(cmd, "add") || matches(cmd, "delete", 3) || matches(cmd, "replace") || matches(cmd, "flush")) {
      return fail("ip: changing addresses is not part of the lab's fixes (routes, neighbours, FDB, links and sysctls are)", 2);
    }
    return fail(`Command "${cmd ?? ""}" is unknown, try "ip address help".`, 255);
  }
  const sel = selectDevices(ctx, cmd === undefined ? [] : rest);
  if (!Array.isArray(sel)) return sel;
  const text = opts.brief ? formatBriefAddr(ctx.netns, sel) : formatAddr(ctx.node, ctx.netns, sel);
  return ok(text, [saw(ctx, "addr", sel.length === 1 && rest.length ? sel[0]?.name : undefined)]);
}

function ipLink(ctx: CommandContext, args: readonly string[], opts: IpOptions): CommandOutput {
  const [cmd, ...rest] = args;
  if (matches(cmd, "set")) return linkSet(ctx, rest);
  if (!isShow(cmd)) {
    if (matches(cmd, "add") || matches(cmd, "delete", 3)) return fail("ip: creating or deleting devices is not part of the lab's fixes (ip link set is)", 2);
    return fail(`Command "${cmd ?? ""}" is unknown, try "ip link help".`, 255);
  }
  const sel = selectDevices(ctx, cmd === undefined ? [] : rest);
  if (!Array.isArray(sel)) return sel;
  const text = opts.brief ? formatBriefLink(ctx.netns, sel) : formatLink(ctx.node, ctx.netns, sel, opts.details);
  return ok(text, [saw(ctx, "link", sel.length === 1 && rest.length ? sel[0]?.name : undefined)]);
}

function prefixRoutesOf(d: Device): Route[] {
  // What the kernel adds for each address when the device comes up (`proto kernel scope link`); a /32 adds none.
  return d.addresses
    .filter((a) => a.prefixLen < 32 && a.scope !== "host")
    .map((a): Route => ({ dst: networkOf(a.ip, a.prefixLen), type: "unicast", dev: d.name, proto: "kernel", scope: "link", src: a.ip }));
}

function linkSet(ctx: CommandContext, args: readonly string[]): CommandOutput {
  let name: string | undefined;
  let up: boolean | undefined;
  let mtu: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "dev") name = args[++i];
    else if (a === "up") up = true;
    else if (a === "down") up = false;
    else if (a === "mtu") {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) return fail(`Error: argument "${v ?? ""}" is wrong: Invalid "mtu" value`, 255);
      mtu = Number(v);
    } else if (name === undefined) name = a;
    else return fail(`ip: "ip link set ${a}" is not supported in the lab shell (supported: up, down, mtu N)`, 255);
  }
  if (name === undefined) return fail('Not enough information: "dev" argument is required.', 255);
  const dev = findDevice(ctx.netns, name);
  if (!dev) return fail(`Cannot find device "${name}"`, 1);
  if (up === undefined && mtu === undefined) return ok([]);
  if (mtu !== undefined) {
    const max = 65535;
    if (mtu < 68) return fail("Error: mtu less than device minimum.", 2);
    if (mtu > max) return fail("Error: mtu greater than device maximum.", 2);
  }
  const changes: string[] = [];
  const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns): Netns => {
    let routes = ns.routes;
    if (up === false && dev.up) {
      // Taking a device down flushes every route through it (fib_sync_down_dev); they do not come back with `up`.
      routes = routes.filter((r) => r.dev !== dev.name);
      changes.push(`${dev.name} down (its ${ns.routes.length - routes.length} routes removed)`);
    }
    if (up === true && !dev.up) {
      const missing = prefixRoutesOf(dev).filter((p) => !routes.some((r) => r.dst === p.dst && r.dev === p.dev));
      routes = [...routes, ...missing];
      changes.push(`${dev.name} up`);
    }
    if (mtu !== undefined && mtu !== dev.mtu) changes.push(`${dev.name} mtu ${dev.mtu} → ${mtu}`);
    return {
      ...ns,
      routes,
      devices: ns.devices.map((d) => (d !== dev ? d : { ...d, ...(up !== undefined ? { up } : {}), ...(mtu !== undefined ? { mtu } : {}) })),
    };
  });
  if (!changes.length) return ok([]);
  return { stdout: "", exitCode: 0, cluster, change: `${whereText(ctx)}: ip link set ${changes.join(", ")}` };
}

// ---------------------------------------------------------------------------
// ip route

const ROUTE_TYPES: readonly RouteType[] = ["unicast", "blackhole", "unreachable"];

interface RouteArgs {
  type: RouteType;
  dst?: Cidr;
  via?: Ipv4;
  dev?: string;
  onlink: boolean;
  metric?: number;
  proto?: string;
  scope?: "global" | "link" | "host";
  src?: Ipv4;
}

function parsePrefix(text: string): Cidr | { error: string; code: number } {
  if (text === "default" || text === "all" || text === "any") return "0.0.0.0/0" as Cidr;
  const [ip, len, extra] = text.split("/");
  if (extra !== undefined || !ip || !isIpv4(ip) || (len !== undefined && !/^\d{1,2}$/.test(len)) || Number(len ?? 32) > 32) {
    return { error: `Error: any valid prefix is expected rather than "${text}".`, code: 1 };
  }
  const n = Number(len ?? 32);
  const base = ipv4ToNumber(ip) as number;
  // The kernel refuses host bits (netlink extack), so the status is 2 like other RTNETLINK errors.
  if (((base & prefixMask(n)) >>> 0) !== base) return { error: "Error: Invalid prefix for given prefix length.", code: 2 };
  return `${numberToIpv4(base)}/${n}` as Cidr;
}

function parseRouteArgs(args: readonly string[]): RouteArgs | CommandOutput {
  const r: RouteArgs = { type: "unicast", onlink: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const value = (): string | undefined => args[++i];
    if (a === "via") {
      const v = value();
      if (v === "inet") continue;
      if (v === undefined || !isIpv4(v)) return fail(`Error: inet address is expected rather than "${v ?? ""}".`, 1);
      r.via = v;
    } else if (a === "dev" || a === "oif") {
      const v = value();
      if (v === undefined) return fail('Command line is not complete. Try option "help"', 255);
      r.dev = v;
    } else if (a === "onlink") r.onlink = true;
    else if (a === "metric" || a === "priority" || a === "preference") {
      const v = value();
      if (v === undefined || !/^\d+$/.test(v)) return fail(`Error: argument "${v ?? ""}" is wrong: "metric" value is invalid`, 1);
      r.metric = Number(v);
    } else if (a === "proto" || a === "protocol") {
      const v = value();
      if (v === undefined) return fail('Command line is not complete. Try option "help"', 255);
      r.proto = v === "boot" ? undefined : v;
    } else if (a === "scope") {
      const v = value();
      if (v !== "global" && v !== "link" && v !== "host" && v !== "universe") return fail(`Error: argument "${v ?? ""}" is wrong: invalid "scope" value`, 1);
      r.scope = v === "universe" ? "global" : v;
    } else if (a === "src") {
      const v = value();
      if (v === undefined || !isIpv4(v)) return fail(`Error: inet address is expected rather than "${v ?? ""}".`, 1);
      r.src = v;
    } else if (a === "table") {
      const v = value();
      if (v !== "main" && v !== "254") return fail(`ip: the lab shell models the main routing table only (not table ${v ?? ""})`, 1);
    } else if ((ROUTE_TYPES as readonly string[]).includes(a) && r.dst === undefined) r.type = a as RouteType;
    else if (a === "to") continue;
    else if (r.dst === undefined) {
      const p = parsePrefix(a);
      if (typeof p !== "string") return fail(p.error, p.code);
      r.dst = p;
    } else return fail(`Error: either "to" is duplicate, or "${a}" is a garbage.`, 255);
  }
  return r;
}

function ipRoute(ctx: CommandContext, args: readonly string[]): CommandOutput {
  const [cmd, ...rest] = args;
  if (isShow(cmd)) return routeShow(ctx, cmd === undefined ? [] : rest);
  if (matches(cmd, "get")) return routeGet(ctx, rest);
  if (matches(cmd, "add") || matches(cmd, "append", 2)) return routeChange(ctx, rest, "add");
  if (matches(cmd, "delete", 1)) return routeChange(ctx, rest, "del");
  if (matches(cmd, "replace") || matches(cmd, "change")) return routeChange(ctx, rest, "replace");
  if (matches(cmd, "flush")) return fail("ip: `ip route flush` is refused in the lab shell: it would remove every route at once (delete routes one by one)", 2);
  if (cmd === "help") return fail("Usage: ip route { list | get | add | del | replace } ROUTE\n(the lab shell supports these commands)", 255);
  return fail(`Command "${cmd ?? ""}" is unknown, try "ip route help".`, 255);
}

function routeShow(ctx: CommandContext, args: readonly string[]): CommandOutput {
  const filter = parseRouteArgs(args);
  if (!("type" in filter)) return filter;
  if (filter.dev !== undefined && !findDevice(ctx.netns, filter.dev)) return fail(`Cannot find device "${filter.dev}"`, 1);
  const shown = routesInOrder(ctx.netns.routes).filter(
    (r) => (filter.dev === undefined || r.dev === filter.dev) && (filter.dst === undefined || r.dst === filter.dst) && (filter.via === undefined || r.via === filter.via) && (filter.proto === undefined || r.proto === filter.proto),
  );
  return ok(
    shown.map((r) => formatRoute(r, filter.dev !== undefined)),
    [saw(ctx, "route", filter.dev)],
  );
}

function routeGet(ctx: CommandContext, args: readonly string[]): CommandOutput {
  let dst: Ipv4 | undefined;
  let from: Ipv4 | undefined;
  let iif: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "from") {
      const v = args[++i];
      if (v === undefined || !isIpv4(v.replace(/\/32$/, ""))) return fail(`Error: any valid prefix is expected rather than "${v ?? ""}".`, 1);
      from = v.replace(/\/32$/, "") as Ipv4;
    } else if (a === "iif") {
      iif = args[++i];
      if (iif === undefined) return fail('Command line is not complete. Try option "help"', 255);
      if (!findDevice(ctx.netns, iif)) return fail(`Cannot find device "${iif}"`, 1);
    } else if (a === "to") continue;
    else if (dst === undefined) {
      const t = a.replace(/\/32$/, "");
      if (!isIpv4(t)) return fail(`Error: any valid prefix is expected rather than "${a}".`, 1);
      dst = t;
    } else return fail(`Error: either "to" is duplicate, or "${a}" is a garbage.`, 255);
  }
  if (dst === undefined) return fail("need at least a destination address", 1);
  const idx = indexCluster(ctx.env.cluster);
  const ns = idx.netns(ctx.target.node, ctx.target.netns);
  if (!ns) return fail("RTNETLINK answers: Network is unreachable", 2);
  const observed = [saw(ctx, "route")];
  const local = ns.localAddresses.get(dst) ?? (dst.startsWith("127.") ? ns.localAddresses.get("127.0.0.1") : undefined);
  if (local && !iif) {
    return { ...ok([`local ${dst} ${from ? `from ${from} ` : ""}dev lo src ${from ?? dst} uid 0 `, "    cache <local> "]), observed };
  }
  const route = lookupRoute(ns, dst);
  if (!route) return { ...fail("RTNETLINK answers: Network is unreachable", 2), observed };
  if (route.type === "blackhole") return { ...fail("RTNETLINK answers: Invalid argument", 2), observed };
  if (route.type === "unreachable") return { ...fail("RTNETLINK answers: No route to host", 2), observed };
  // With forwarding off the input route lookup fails with EHOSTUNREACH (ip_route_input_slow), as the kernel lab shows.
  if (iif && !ctx.netns.ipForward) return { ...fail("RTNETLINK answers: No route to host", 2), observed };
  const via = route.via ? ` via ${route.via}` : "";
  const dev = route.dev ?? "lo";
  if (iif && from) {
    // Reverse-path filter on input (fib_validate_source): strict needs the route back to leave by iif, loose any route back;
    // a failure is a martian source, EINVAL (the kernel lab shows it).
    const iifDev = findDevice(ctx.netns, iif);
    const mode = Math.max(ctx.netns.rpFilter ?? 0, iifDev?.rpFilter ?? 0);
    const back = lookupRoute(ns, from);
    if (mode === 1 && (!back || back.type !== "unicast" || back.dev !== iif)) return { ...fail("RTNETLINK answers: Invalid argument", 2), observed };
    if (mode === 2 && (!back || back.type !== "unicast")) return { ...fail("RTNETLINK answers: Invalid argument", 2), observed };
  }
  if (iif) {
    return { ...ok([`${dst}${from ? ` from ${from}` : ""}${via} dev ${dev} `, `    cache iif ${iif} `]), observed };
  }
  const src = from ?? route.src ?? selectSourceAddress(ns, route.dev, route.via ?? dst, "link");
  return { ...ok([`${dst}${from ? ` from ${from}` : ""}${via} dev ${dev}${src && !from ? ` src ${src}` : ""} uid 0 `, "    cache "]), observed };
}

function sameRoute(a: Route, dst: Cidr, metric: number | undefined): boolean {
  return a.dst === dst && (a.metric ?? 0) === (metric ?? 0);
}

/** The kernel's next-hop check (fib_check_nh): a gateway must be reachable by a directly connected route. */
function checkNexthop(ctx: CommandContext, r: RouteArgs): string | undefined {
  const dev = r.dev !== undefined ? findDevice(ctx.netns, r.dev) : undefined;
  if (r.onlink) {
    if (!dev) return "Error: Nexthop device required for onlink.";
    if (!dev.up) return "Error: Nexthop device is not up.";
    return undefined;
  }
  if (!r.via) return undefined;
  const idx = indexCluster(ctx.env.cluster);
  const ns = idx.netns(ctx.target.node, ctx.target.netns);
  if (!ns || ns.localAddresses.has(r.via)) return "Error: Nexthop has invalid gateway.";
  const toGateway = lookupRoute(ns, r.via);
  if (!toGateway || toGateway.type !== "unicast" || toGateway.via || (dev && toGateway.dev !== dev.name)) return "Error: Nexthop has invalid gateway.";
  const gwDev = findDevice(ctx.netns, toGateway.dev ?? "");
  if (gwDev && !gwDev.up) return "Error: Nexthop device is not up.";
  return undefined;
}

function routeChange(ctx: CommandContext, args: readonly string[], op: "add" | "del" | "replace"): CommandOutput {
  const r = parseRouteArgs(args);
  if (!("type" in r)) return r;
  if (r.dst === undefined) return fail('Command line is not complete. Try option "help"', 255);
  if (r.dev !== undefined && !findDevice(ctx.netns, r.dev)) return fail(`Cannot find device "${r.dev}"`, 1);
  const routes = ctx.netns.routes;
  const where = whereText(ctx);
  if (op === "del") {
    const victim = routes.find(
      (x) =>
        x.dst === r.dst &&
        (r.metric === undefined || (x.metric ?? 0) === r.metric) &&
        (r.via === undefined || x.via === r.via) &&
        (r.dev === undefined || x.dev === r.dev) &&
        (r.type === "unicast" || x.type === r.type),
    );
    if (!victim) return fail("RTNETLINK answers: No such process", 2);
    const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x !== victim) }));
    return { stdout: "", exitCode: 0, cluster, change: `${where}: deleted route ${formatRoute(victim).trim()}` };
  }
  if (r.type === "unicast" && r.via === undefined && r.dev === undefined) return fail("RTNETLINK answers: No such device", 2);
  if (r.type !== "unicast" && (r.via !== undefined || r.dev !== undefined)) return fail("Error: Nexthop configuration is not allowed for routes of this type.", 2);
  if (r.src !== undefined && !ctx.netns.devices.some((d) => d.addresses.some((a) => a.ip === r.src))) return fail("Error: Invalid prefsrc address.", 2);
  const nh = r.type === "unicast" ? checkNexthop(ctx, r) : undefined;
  if (nh) return fail(nh, 2);
  let dev = r.dev;
  if (r.type === "unicast" && dev === undefined && r.via) {
    const ns = indexCluster(ctx.env.cluster).netns(ctx.target.node, ctx.target.netns);
    dev = ns ? lookupRoute(ns, r.via)?.dev : undefined;
  }
  const route: Route = {
    dst: r.dst,
    type: r.type,
    ...(r.via ? { via: r.via } : {}),
    ...(dev ? { dev: dev as IfName } : {}),
    ...(r.onlink ? { onlink: true } : {}),
    // The kernel's default scope: link for a route without a gateway, universe (not printed) with one.
    ...(r.scope ? { scope: r.scope } : r.type === "unicast" && !r.via ? { scope: "link" as const } : {}),
    ...(r.proto ? { proto: r.proto } : {}),
    ...(r.src ? { src: r.src } : {}),
    ...(r.metric !== undefined ? { metric: r.metric } : {}),
  };
  const existing = routes.find((x) => sameRoute(x, r.dst as Cidr, r.metric));
  if (op === "add" && existing) return fail("RTNETLINK answers: File exists", 2);
  const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns) => ({
    ...ns,
    routes: existing ? ns.routes.map((x) => (x === existing ? route : x)) : [...ns.routes, route],
  }));
  const text = formatRoute(route).trim();
  return { stdout: "", exitCode: 0, cluster, change: existing ? `${where}: replaced route ${formatRoute(existing).trim()} with ${text}` : `${where}: added route ${text}` };
}

// ---------------------------------------------------------------------------
// ip neigh

const NUD: Record<string, NeighbourState> = { permanent: "PERMANENT", reachable: "REACHABLE", stale: "STALE", noarp: "NOARP" };

function ipNeigh(ctx: CommandContext, args: readonly string[]): CommandOutput {
  const [cmd, ...rest] = args;
  if (isShow(cmd)) {
    const list = cmd === undefined ? [] : rest;
    let dev: string | undefined;
    let addr: string | undefined;
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as string;
      if (a === "dev") {
        dev = list[++i];
        if (dev === undefined) return fail('Command line is not complete. Try option "help"', 255);
      } else if (["nud", "proxy"].includes(a)) i++;
      else if (addr === undefined && isIpv4(a)) addr = a;
      else return fail(`Error: either "to" is duplicate, or "${a}" is a garbage.`, 255);
    }
    if (dev !== undefined && !findDevice(ctx.netns, dev)) return fail(`Cannot find device "${dev}"`, 1);
    const shown = ctx.netns.neighbours.filter((n) => (dev === undefined || n.dev === dev) && (addr === undefined || n.ip === addr));
    // What the lab's traffic made the kernel learn (or fail to learn), after the table's own entries.
    const learned = learnedNeighbours(ctx.env.cluster, ctx.env.traffic, ctx.target.node, ctx.target.netns).filter(
      (l) => (dev === undefined || l.dev === dev) && (addr === undefined || l.ip === addr) && !ctx.netns.neighbours.some((n) => n.ip === l.ip && n.dev === l.dev),
    );
    const omit = dev !== undefined;
    return ok(
      [...shown.map((n) => formatNeighbour(n, omit)), ...learned.map((l) => `${l.ip}${omit ? "" : ` dev ${l.dev}`}${l.mac ? ` lladdr ${l.mac}` : ""} ${l.state} `)],
      [saw(ctx, "neigh", dev)],
    );
  }
  const op = matches(cmd, "add") ? "add" : matches(cmd, "replace") || matches(cmd, "change") ? "replace" : matches(cmd, "delete", 1) ? "del" : undefined;
  if (!op) {
    if (matches(cmd, "flush")) return fail("ip: `ip neigh flush` is refused in the lab shell (delete entries one by one)", 2);
    return fail(`Command "${cmd ?? ""}" is unknown, try "ip neigh help".`, 255);
  }
  let ip: Ipv4 | undefined;
  let lladdr: Mac | undefined;
  let dev: string | undefined;
  let state: NeighbourState = "PERMANENT";
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] as string;
    if (a === "lladdr") {
      const v = rest[++i];
      if (v === undefined || !isMac(v.toLowerCase())) return fail(`"${v ?? ""}" is invalid lladdr.`, 1);
      lladdr = v.toLowerCase() as Mac;
    } else if (a === "dev") dev = rest[++i];
    else if (a === "nud") {
      const v = rest[++i];
      const s = v ? NUD[v] : undefined;
      if (!s) return fail(`Error: argument "${v ?? ""}" is wrong: nud state is bad`, 1);
      state = s;
    } else if (a === "to") continue;
    else if (ip === undefined) {
      if (!isIpv4(a)) return fail(`Error: any valid address is expected rather than "${a}".`, 1);
      ip = a;
    } else return fail(`Error: either "to" is duplicate, or "${a}" is a garbage.`, 255);
  }
  if (ip === undefined || dev === undefined) return fail("Device and destination are required arguments.", 255);
  const device = findDevice(ctx.netns, dev);
  if (!device) return fail(`Cannot find device "${dev}"`, 1);
  const where = whereText(ctx);
  const existing = ctx.netns.neighbours.find((n) => n.ip === ip && n.dev === dev);
  if (op === "del") {
    if (!existing) return fail("RTNETLINK answers: No such file or directory", 2);
    const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns) => ({ ...ns, neighbours: ns.neighbours.filter((n) => n !== existing) }));
    return { stdout: "", exitCode: 0, cluster, change: `${where}: deleted neighbour ${formatNeighbour(existing).trim()}` };
  }
  if (op === "add" && existing) return fail("RTNETLINK answers: File exists", 2);
  if (!lladdr) return fail("ip: the lab shell needs `lladdr MAC` (it has no ARP resolver to fill the entry in later)", 2);
  const entry: NeighbourEntry = { ip, dev: device.name, mac: lladdr, state };
  const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns) => ({
    ...ns,
    neighbours: existing ? ns.neighbours.map((n) => (n === existing ? entry : n)) : [...ns.neighbours, entry],
  }));
  return { stdout: "", exitCode: 0, cluster, change: `${where}: ${existing ? "replaced" : "added"} neighbour ${formatNeighbour(entry).trim()}` };
}

/** True when `ip` is on a subnet directly connected in `netns` (for callers outside this file). */
export function onConnectedSubnet(netns: Netns, ip: Ipv4): boolean {
  return netns.devices.some((d) => d.addresses.some((a) => cidrContains(networkOf(a.ip, a.prefixLen), ip)));
}
