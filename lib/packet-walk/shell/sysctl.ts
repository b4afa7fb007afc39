/**
 * `sysctl` and the `/proc/sys` files behind it: the kernel parameters the model has
 * (ip_forward, rp_filter, proxy_arp, bridge-nf-call-iptables), read and written.
 */
import type { Netns, RpFilterMode } from "../model";
import { whereText, fail, ok, replaceNetns, saw, type CommandContext, type CommandOutput } from "./context";
import { devicesInOrder } from "./ip-format";

interface Key {
  readonly name: string;
  readonly value: number;
  /** Applies a new value; undefined = read-only in the lab. */
  readonly write?: (ns: Netns, value: number) => Netns | string;
}

const RP_VALUES = "0 (off), 1 (strict) or 2 (loose)";

function rpFilter(value: number): RpFilterMode | undefined {
  return value === 0 || value === 1 || value === 2 ? value : undefined;
}

/** Every key the model answers in the prompt's namespace, in `sysctl -a` order. */
export function sysctlKeys(ctx: CommandContext): Key[] {
  const ns = ctx.netns;
  const keys: Key[] = [];
  const bridges = ctx.target.netns === "host" && !ctx.node.external && ctx.env.cluster.kubeProxy;
  if (bridges) keys.push({ name: "net.bridge.bridge-nf-call-iptables", value: 1 });
  const forward = (n: Netns, v: number): Netns | string => (v === 0 || v === 1 ? { ...n, ipForward: v === 1 } : "0 or 1");
  const devices = devicesInOrder(ns);
  keys.push({ name: "net.ipv4.conf.all.forwarding", value: ns.ipForward ? 1 : 0, write: forward });
  keys.push({ name: "net.ipv4.conf.all.proxy_arp", value: 0 });
  keys.push({
    name: "net.ipv4.conf.all.rp_filter",
    value: ns.rpFilter ?? 0,
    write: (n, v) => {
      const m = rpFilter(v);
      return m === undefined ? RP_VALUES : { ...n, rpFilter: m };
    },
  });
  keys.push({ name: "net.ipv4.conf.default.rp_filter", value: 0 });
  for (const d of devices) {
    keys.push({ name: `net.ipv4.conf.${d.name}.forwarding`, value: ns.ipForward ? 1 : 0 });
    if (d.kind === "veth") {
      keys.push({
        name: `net.ipv4.conf.${d.name}.proxy_arp`,
        value: d.proxyArp ? 1 : 0,
        write: (n, v) => (v === 0 || v === 1 ? { ...n, devices: n.devices.map((x) => (x.name === d.name && x.kind === "veth" ? { ...x, proxyArp: v === 1 } : x)) } : "0 or 1"),
      });
    } else keys.push({ name: `net.ipv4.conf.${d.name}.proxy_arp`, value: 0 });
    keys.push({
      name: `net.ipv4.conf.${d.name}.rp_filter`,
      value: d.rpFilter ?? 0,
      write: (n, v) => {
        const m = rpFilter(v);
        return m === undefined ? RP_VALUES : { ...n, devices: n.devices.map((x) => (x.name === d.name ? { ...x, rpFilter: m } : x)) };
      },
    });
  }
  keys.push({ name: "net.ipv4.ip_forward", value: ns.ipForward ? 1 : 0, write: forward });
  return keys.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` name the same key (procps accepts both). */
function normalise(name: string): string {
  return name.replace(/^\/proc\/sys\//, "").replace(/\//g, ".");
}

/** Reads a key for `cat /proc/sys/...`; undefined when the model has no such key. */
export function readSysctlFile(ctx: CommandContext, path: string): string | undefined {
  const key = sysctlKeys(ctx).find((k) => k.name === normalise(path));
  return key ? `${key.value}\n` : undefined;
}

/** `sysctl [-a] [-n] [-w] KEY[=VALUE]...`. */
export function runSysctl(ctx: CommandContext, words: readonly string[]): CommandOutput {
  let all = false;
  let valuesOnly = false;
  let write = false;
  const args: string[] = [];
  for (const w of words.slice(1)) {
    if (w.startsWith("-") && !w.startsWith("--") && w.length > 1) {
      for (const f of w.slice(1)) {
        if (f === "a" || f === "A" || f === "X") all = true;
        else if (f === "n") valuesOnly = true;
        else if (f === "w") write = true;
        else if (f === "q" || f === "e") continue;
        else if (f === "p") return fail("sysctl: loading files (-p) is not supported in the lab shell; set keys with sysctl -w KEY=VALUE", 1);
        else return fail(`sysctl: invalid option -- '${f}'\nUsage:\n sysctl [options] [variable[=value] ...]`, 1);
      }
    } else if (w === "--all") all = true;
    else if (w === "--write") write = true;
    else if (w === "--values") valuesOnly = true;
    else args.push(w);
  }
  const keys = sysctlKeys(ctx);
  const show = (k: Key): string => (valuesOnly ? `${k.value}` : `${k.name} = ${k.value}`);
  if (all || args.length === 0) {
    if (!all) return fail("Usage:\n sysctl [options] [variable[=value] ...]", 255);
    return ok(keys.map(show), [saw(ctx, "sysctl")]);
  }
  const out: string[] = [];
  const errors: string[] = [];
  let exitCode = 0;
  let cluster = ctx.env.cluster;
  const changes: string[] = [];
  for (const arg of args) {
    const eq = arg.indexOf("=");
    if (eq < 0 && write) {
      errors.push(`sysctl: "${arg}" must be of the form name=value`);
      exitCode = 1;
      continue;
    }
    const name = normalise(eq < 0 ? arg : arg.slice(0, eq).trim());
    const key = keys.find((k) => k.name === name);
    if (!key) {
      errors.push(`sysctl: cannot stat /proc/sys/${name.replace(/\./g, "/")}: No such file or directory`);
      exitCode = 1;
      continue;
    }
    if (eq < 0) {
      out.push(show(key));
      continue;
    }
    const raw = arg.slice(eq + 1).trim();
    if (!key.write) {
      errors.push(`sysctl: the lab shell models ${name} read-only`);
      exitCode = 1;
      continue;
    }
    if (!/^\d+$/.test(raw)) {
      errors.push(`sysctl: setting key "${name}": Invalid argument`);
      exitCode = 1;
      continue;
    }
    const value = Number(raw);
    const writeKey = key.write;
    let refused: string | undefined;
    cluster = replaceNetns(cluster, ctx.target.node, ctx.target.netns, (ns) => {
      const next = writeKey(ns, value);
      if (typeof next === "string") {
        refused = next;
        return ns;
      }
      return next;
    });
    if (refused) {
      errors.push(`sysctl: setting key "${name}": Invalid argument`);
      exitCode = 1;
      continue;
    }
    out.push(valuesOnly ? `${value}` : `${name} = ${value}`);
    if (value !== key.value) changes.push(`${name} ${key.value} → ${value}`);
  }
  const where = whereText(ctx);
  return {
    stdout: out.length ? `${out.join("\n")}\n` : "",
    ...(errors.length ? { stderr: `${errors.join("\n")}\n` } : {}),
    exitCode,
    ...(changes.length ? { cluster, change: `${where}: sysctl ${changes.join(", ")}` } : {}),
    observed: [saw(ctx, "sysctl")],
  };
}
