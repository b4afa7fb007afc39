/** `bridge fdb` (iproute2 6.x): the FDB of the prompt's namespace, and its fixes. */
import { isIpv4, isMac, type IfName, type Ipv4, type Mac } from "../addresses";
import type { FdbEntry, Netns } from "../model";
import { whereText, fail, findDevice, ok, replaceNetns, saw, type CommandContext, type CommandOutput } from "./context";
import { devicesInOrder, formatFdb } from "./ip-format";

/** `bridge ...`. */
export function runBridge(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const [, object, cmd, ...rest] = words;
  if (object === undefined || object === "help") return fail("Usage: bridge fdb { show | add | append | replace | del } ...\n(the lab shell supports the fdb object)", 255);
  if (!"fdb".startsWith(object)) {
    if (["link", "mdb", "vlan", "monitor"].some((o) => o.startsWith(object))) return fail(`bridge: the lab shell does not model "bridge ${object}" (supported: bridge fdb)`, 1);
    return fail(`Object "${object}" is unknown, try "bridge help".`, 255);
  }
  if (cmd === undefined || "show".startsWith(cmd) || "list".startsWith(cmd)) return fdbShow(ctx, cmd === undefined ? [] : rest);
  const op = ["add", "append", "replace", "delete"].find((o) => o.startsWith(cmd) && cmd.length >= (o === "append" ? 2 : 1));
  if (!op) return fail(`Command "${cmd}" is unknown, try "bridge fdb help".`, 255);
  return fdbChange(ctx, rest, op as "add" | "append" | "replace" | "delete");
}

/**
 * The model's FDB plus the entries the kernel creates by itself when it can: a bridge's own MAC
 * and each port's MAC, as `master <bridge> permanent` (br_fdb_insert of local addresses). The
 * kernel's multicast `self permanent` entries (33:33:…, 01:00:5e:…) are left out: they depend on
 * the multicast groups joined, which the model does not have.
 */
function withOwnAddresses(netns: Netns): FdbEntry[] {
  const out = [...netns.fdb];
  for (const d of netns.devices) {
    const bridge = d.kind === "bridge" ? d.name : d.master;
    if (!bridge || !("mac" in d)) continue;
    if (!out.some((f) => f.mac === d.mac && f.dev === d.name && f.master === bridge)) out.push({ mac: d.mac, dev: d.name, master: bridge, permanent: true });
  }
  return out;
}

function fdbShow(ctx: CommandContext, args: readonly string[]): CommandOutput {
  let dev: string | undefined;
  let br: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "dev") dev = args[++i];
    else if (a === "br" || a === "brport") br = args[++i];
    else if (dev === undefined && a !== "self" && a !== "master") dev = a;
  }
  for (const name of [dev, br]) if (name !== undefined && !findDevice(ctx.netns, name)) return fail(`Cannot find device "${name}"`, 255);
  // The kernel dumps per device in ifindex order.
  const order = new Map(devicesInOrder(ctx.netns).map((d, i) => [d.name as string, i]));
  const entries = withOwnAddresses(ctx.netns)
    .map((f, i) => ({ f, i }))
    .filter(({ f }) => (dev === undefined || f.dev === dev) && (br === undefined || f.master === br || f.dev === br))
    .sort((a, b) => (order.get(a.f.dev) ?? 0) - (order.get(b.f.dev) ?? 0) || a.i - b.i)
    .map(({ f }) => formatFdb(f, dev !== undefined));
  return ok(entries, [saw(ctx, "fdb", dev ?? br)]);
}

function fdbChange(ctx: CommandContext, args: readonly string[], op: "add" | "append" | "replace" | "delete"): CommandOutput {
  let mac: Mac | undefined;
  let dev: string | undefined;
  let dst: Ipv4 | undefined;
  let self = false;
  let master = false;
  let permanent = true;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === "dev") dev = args[++i];
    else if (a === "dst") {
      const v = args[++i];
      if (v === undefined || !isIpv4(v)) return fail(`Invalid address "${v ?? ""}"`, 255);
      dst = v;
    } else if (a === "self") self = true;
    else if (a === "master") master = true;
    else if (a === "permanent" || a === "local") permanent = true;
    else if (a === "static" || a === "dynamic") permanent = false;
    else if (["port", "vni", "via", "src_vni", "vlan"].includes(a)) return fail(`bridge: "${a}" is not supported in the lab shell`, 255);
    else if (mac === undefined) {
      if (!isMac(a.toLowerCase())) return fail(`Invalid mac address ${a}`, 255);
      mac = a.toLowerCase() as Mac;
    } else return fail(`bridge: unexpected argument "${a}"`, 255);
  }
  if (mac === undefined || dev === undefined) return fail("Device and address are required arguments.", 255);
  const device = findDevice(ctx.netns, dev);
  if (!device) return fail(`Cannot find device "${dev}"`, 255);
  // A VXLAN device keeps remote entries in its own table (`self`); a bridge port's entry goes to its bridge (`master`).
  const onBridge = master || (!self && device.master !== undefined && device.kind !== "vxlan");
  const bridge = onBridge ? device.master : undefined;
  if (onBridge && !bridge) return fail("RTNETLINK answers: Operation not supported", 255);
  if (dst !== undefined && device.kind !== "vxlan") return fail("RTNETLINK answers: Operation not supported", 255);
  const entry: FdbEntry = {
    mac,
    dev: device.name as IfName,
    ...(dst ? { dst } : {}),
    ...(bridge ? { master: bridge } : { self: true }),
    permanent,
  };
  const sameKey = (f: FdbEntry): boolean => f.mac === mac && f.dev === device.name && Boolean(f.master) === Boolean(bridge);
  const existing = ctx.netns.fdb.filter(sameKey);
  const where = whereText(ctx);
  let fdb: readonly FdbEntry[];
  let change: string;
  if (op === "delete") {
    const victims = existing.filter((f) => dst === undefined || f.dst === dst);
    if (!victims.length) return fail("RTNETLINK answers: No such file or directory", 255);
    fdb = ctx.netns.fdb.filter((f) => !victims.includes(f));
    change = `deleted FDB ${victims.map((v) => formatFdb(v)).join("; ")}`;
  } else if (op === "append") {
    if (device.kind !== "vxlan") return fail("RTNETLINK answers: Operation not supported", 255);
    if (existing.some((f) => f.dst === dst)) return fail("RTNETLINK answers: File exists", 255);
    fdb = [...ctx.netns.fdb, entry];
    change = `appended FDB ${formatFdb(entry)}`;
  } else {
    if (op === "add" && existing.length) return fail("RTNETLINK answers: File exists", 255);
    const first = existing[0];
    fdb = first ? ctx.netns.fdb.filter((f) => !existing.includes(f) || f === first).map((f) => (f === first ? entry : f)) : [...ctx.netns.fdb, entry];
    change = `${first ? "replaced" : "added"} FDB ${formatFdb(entry)}`;
  }
  const cluster = replaceNetns(ctx.env.cluster, ctx.target.node, ctx.target.netns, (ns) => ({ ...ns, fdb }));
  return { stdout: "", exitCode: 0, cluster, change: `${where}: ${change}` };
}
