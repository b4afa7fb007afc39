/**
 * `ping`, `traceroute`, `curl` and `nc -z`: probes sent from the prompt's namespace through the
 * engine (walkPacket / walkReply / traceroute), printed like iputils, traceroute 2.1, curl and
 * OpenBSD nc. Round-trip times are deterministic stand-ins derived from the path length.
 */
import { isIpv4, type Ipv4 } from "../addresses";
import { traceroute } from "../traceroute";
import { MAX_PAYLOAD_BYTES, walkPacket, walkReply, type PacketSpec, type WalkResult } from "../walk";
import { fail, type CommandContext, type CommandOutput, saw } from "./context";

/** The walk's `from` for the prompt: the pod, or the node (its source address chosen by the route). */
export function probeSource(ctx: CommandContext): string {
  return ctx.target.netns === "host" ? ctx.target.node : ctx.target.netns.slice(4);
}

/** Resolves what a learner types as a destination: an IPv4 address, or a node name (/etc/hosts on the nodes). */
function resolveHost(ctx: CommandContext, text: string): Ipv4 | undefined {
  if (isIpv4(text)) return text;
  return ctx.env.cluster.nodes.find((n) => n.name === text)?.ip;
}

/** A deterministic round-trip time in ms: 20 µs per hop plus a small per-sequence variation. */
function rtt(forward: WalkResult, reply: WalkResult, seq: number): number {
  const hops = forward.hops.length + reply.hops.length;
  return 0.02 * hops + 0.003 * ((seq * 7) % 5);
}

/** iputils prints three significant digits: 0.123, 1.23, 12.3, 123. */
function formatMs(ms: number): string {
  return ms < 1 ? ms.toFixed(3) : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

const ICMP_UNREACHABLE: Record<number, string> = {
  0: "Destination Net Unreachable",
  1: "Destination Host Unreachable",
  2: "Destination Protocol Unreachable",
  3: "Destination Port Unreachable",
  9: "Destination Net Prohibited",
  10: "Destination Host Prohibited",
  13: "Packet filtered",
};

function icmpErrorText(type: number, code: number, mtu: number | null): string {
  if (type === 11) return code === 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
  if (type === 3 && code === 4) return `Frag needed and DF set (mtu = ${mtu ?? 0})`;
  if (type === 3) return ICMP_UNREACHABLE[code] ?? `Dest Unreachable, Bad Code: ${code}`;
  return `Bad ICMP type: ${type}`;
}

interface PingOptions {
  count: number;
  size: number;
  ttl?: number;
  df: boolean;
  quiet: boolean;
  dest?: string;
}

function parsePing(words: readonly string[]): PingOptions | CommandOutput {
  const o: PingOptions = { count: 4, size: 56, df: true, quiet: false };
  const needValue = (flag: string, v: string | undefined): CommandOutput | undefined =>
    v === undefined ? fail(`ping: option requires an argument -- '${flag}'\n\nUsage\n  ping [options] <destination>`, 2) : undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith("-") || w === "-") {
      if (o.dest !== undefined) return fail("ping: the lab shell pings one destination", 2);
      o.dest = w;
      continue;
    }
    const flag = w[1] as string;
    const inline = w.length > 2 ? w.slice(2) : undefined;
    if ("nqvDOUaAR4".includes(flag) && inline === undefined) {
      if (flag === "q") o.quiet = true;
      continue;
    }
    if (!"csMWtiIwpQlS".includes(flag)) return fail(`ping: invalid option -- '${flag}'\n\nUsage\n  ping [options] <destination>`, 2);
    const v = inline ?? words[++i];
    const missing = needValue(flag, v);
    if (missing) return missing;
    const value = v as string;
    const num = Number(value);
    switch (flag) {
      case "c":
        if (!/^\d+$/.test(value) || num < 1) return fail(`ping: invalid argument: '${value}': out of range: 1 <= value <= 9223372036854775807`, 1);
        if (num > 100) return fail("ping: the lab shell sends at most 100 packets (-c 100)", 2);
        o.count = num;
        break;
      case "s":
        if (!/^\d+$/.test(value) || num > 65507) return fail(`ping: invalid argument: '${value}': out of range: 0 <= value <= 65507`, 1);
        // iputils takes up to 65507 (a full 65,535-byte datagram); the walk follows payloads up
        // to MAX_PAYLOAD_BYTES, so what lies between is refused in the lab shell's own words.
        if (num > MAX_PAYLOAD_BYTES) return fail(`ping: the lab shell sends at most ${MAX_PAYLOAD_BYTES} bytes of payload (-s ${MAX_PAYLOAD_BYTES})`, 2);
        o.size = num;
        break;
      case "t":
        if (!/^\d+$/.test(value) || num < 1 || num > 255) return fail(`ping: invalid argument: '${value}': out of range: 0 <= value <= 255`, 1);
        o.ttl = num;
        break;
      case "M":
        if (value === "do" || value === "want" || value === "probe") o.df = true;
        else if (value === "dont") o.df = false;
        else return fail(`ping: invalid -M argument: ${value}`, 2);
        break;
      case "W":
      case "w":
      case "i":
        if (!/^\d+(\.\d+)?$/.test(value)) return fail(`ping: bad timing interval: ${value}`, 1);
        break;
      case "I":
        return fail("ping: the lab shell pings from the prompt's namespace (no -I)", 2);
      default:
        break;
    }
  }
  if (o.dest === undefined) return fail("ping: usage error: Destination address required", 1);
  return o;
}

/** The sender's own refusal of a packet, as the socket call reports it. */
function localError(walk: WalkResult, ctx: CommandContext): { connect?: string; send?: string } | undefined {
  const drop = walk.drop;
  if (!drop) return undefined;
  const hop = walk.hops.find((h) => h.id === drop.hopId);
  const local = hop && hop.location.node === ctx.target.node && hop.location.netns === ctx.target.netns;
  if (!local) return undefined;
  if (drop.code === "no-route") return { connect: "Network is unreachable" };
  if (drop.code === "blackhole") return { connect: "Invalid argument" };
  if (drop.code === "mtu-exceeded") return { send: `local error: message too long, mtu=${hop.size.mtu ?? 0}` };
  if (drop.code === "policy-denied") return { send: "sendmsg: Operation not permitted" };
  if (drop.code === "device-down" || drop.code === "neighbour-unresolved") return undefined;
  return undefined;
}

/** `ping [-c N] [-s SIZE] [-M do|dont] [-t TTL] [-W T] DEST`. */
export function runPing(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const o = parsePing(words);
  if (!("count" in o)) return o;
  const dest = o.dest as string;
  const dst = resolveHost(ctx, dest);
  if (!dst) return fail(`ping: ${dest}: Name or service not known`, 2);
  const spec: PacketSpec = { from: probeSource(ctx), to: dst, payloadBytes: o.size, dontFragment: o.df, ...(o.ttl !== undefined ? { ttl: o.ttl } : {}) };
  const forward = walkPacket(ctx.env.cluster, spec);
  const observed = [saw(ctx, "ping")];
  const err = localError(forward, ctx);
  if (err?.connect) return { ...fail(`ping: connect: ${err.connect}`, 2), observed };
  const head = `PING ${dest} (${dst}) ${o.size}(${o.size + 28}) bytes of data.`;
  const out: string[] = [head];
  let received = 0;
  let errors = 0;
  const times: number[] = [];
  const reply = forward.delivered ? walkReply(ctx.env.cluster, forward) : undefined;
  const drop = forward.drop;
  const dropHop = drop ? forward.hops.find((h) => h.id === drop.hopId) : undefined;
  for (let seq = 1; seq <= o.count; seq++) {
    if (err?.send) {
      out.push(`ping: ${err.send}`);
      errors++;
      continue;
    }
    if (reply?.delivered && reply.final) {
      received++;
      const t = rtt(forward, reply, seq);
      times.push(t);
      if (!o.quiet) out.push(`${o.size + 8} bytes from ${dst}: icmp_seq=${seq} ttl=${reply.final.packet.ttl} time=${formatMs(t)} ms`);
      continue;
    }
    const icmp = drop?.icmp;
    if (icmp?.reachesSender) {
      errors++;
      // After a frag-needed the sender caches the path MTU: later packets fail locally (ip_rt_update_pmtu).
      if (icmp.type === 3 && icmp.code === 4 && seq > 1) out.push(`ping: local error: message too long, mtu=${dropHop?.size.mtu ?? 0}`);
      else out.push(`From ${icmp.source} icmp_seq=${seq} ${icmpErrorText(icmp.type, icmp.code, dropHop?.size.mtu ?? null)}`);
    }
  }
  const loss = Math.round(((o.count - received) / o.count) * 100);
  const elapsed = (o.count - 1) * 1000 + (o.count - 1) * 3;
  out.push("", `--- ${dest} ping statistics ---`, `${o.count} packets transmitted, ${received} received, ${errors ? `+${errors} errors, ` : ""}${loss}% packet loss, time ${elapsed}ms`);
  if (times.length) {
    const min = Math.min(...times);
    const max = Math.max(...times);
    const avg = times.reduce((a, b) => a + b, 0) / times.length;
    const mdev = Math.sqrt(times.reduce((a, b) => a + (b - avg) ** 2, 0) / times.length);
    out.push(`rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${mdev.toFixed(3)} ms`);
  } else out.push("");
  return { stdout: `${out.join("\n")}\n`, exitCode: received ? 0 : 1, observed };
}

/** `traceroute [-n] [-I] [-m MAX] DEST` (UDP probes from port 33434, or ICMP with -I). */
export function runTraceroute(ctx: CommandContext, words: readonly string[]): CommandOutput {
  let numeric = false;
  let icmp = false;
  let maxHops = 30;
  let dest: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "-n") numeric = true;
    else if (w === "-I" || w === "--icmp") icmp = true;
    else if (w === "-m") {
      const v = words[++i];
      if (!v || !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 255) return fail(`first hop out of range`, 2);
      maxHops = Number(v);
    } else if (w.startsWith("-")) return fail(`Bad option \`${w}' (argc ${i})`, 2);
    else if (dest === undefined) dest = w;
    else return fail(`Extra arg \`${w}' (position 2, argc ${i})`, 2);
  }
  if (dest === undefined) return fail("Usage:\n  traceroute [ -n ] [ -I ] [ -m max_ttl ] host", 2);
  const dst = resolveHost(ctx, dest);
  if (!dst) return fail(`${dest}: Name or service not known\nCannot handle "host" cmdline arg \`${dest}' on position 1 (argc ${words.length - 1})`, 2);
  const tr = traceroute(ctx.env.cluster, probeSource(ctx), dst, { maxHops, protocol: icmp ? "icmp" : "udp" });
  const first = tr.hops[0]?.walk;
  const err = first ? localError(first, ctx) : undefined;
  if (err?.connect) return { ...fail(`connect: ${err.connect}`, 2), observed: [saw(ctx, "traceroute")] };
  const out = [`traceroute to ${dest} (${dst}), ${maxHops} hops max, 60 byte packets`];
  const name = (ip: string): string => (numeric ? ip : `${ip} (${ip})`);
  let ttl = 0;
  for (const h of tr.hops) {
    ttl = h.ttl;
    const ms = (k: number): string => `${(0.05 * h.walk.hops.length + 0.01 * k).toFixed(3)} ms`;
    const mark = tr.stoppedBy && h === tr.hops[tr.hops.length - 1] && h.responder ? (h.walk.drop?.icmp?.code === 1 ? " !H" : h.walk.drop?.icmp?.code === 0 ? " !N" : h.walk.drop?.icmp?.code === 13 ? " !X" : "") : "";
    out.push(h.responder ? `${String(h.ttl).padStart(2)}  ${name(h.responder)}  ${ms(0)}${mark}  ${ms(1)}${mark}  ${ms(2)}${mark}` : `${String(h.ttl).padStart(2)}  * * *`);
  }
  // A silent drop: traceroute keeps probing up to the maximum, every line a row of stars.
  const last = tr.hops[tr.hops.length - 1];
  if (!tr.reached && !(tr.stoppedBy && last?.responder)) for (let t = ttl + 1; t <= maxHops; t++) out.push(`${String(t).padStart(2)}  * * *`);
  return { stdout: `${out.join("\n")}\n`, exitCode: 0, observed: [saw(ctx, "traceroute")] };
}

/** A TCP connection attempt to DEST:PORT: connected, refused, or silence (timeout). */
function tcpConnect(ctx: CommandContext, dst: Ipv4, port: number): "connected" | "refused" | "timeout" | { local: string } {
  const forward = walkPacket(ctx.env.cluster, { from: probeSource(ctx), to: dst, protocol: "tcp", port });
  const err = localError(forward, ctx);
  if (err?.connect) return { local: err.connect };
  if (!forward.delivered) {
    // kube-proxy's REJECT and a closed port both answer with an error the client sees at once.
    const icmp = forward.drop?.icmp;
    if (icmp?.reachesSender && icmp.type === 3 && (icmp.code === 3 || icmp.code === 10 || icmp.code === 13)) return "refused";
    if (icmp?.reachesSender && icmp.type === 3) return { local: icmp.code === 1 ? "No route to host" : "Network is unreachable" };
    return "timeout";
  }
  const reply = walkReply(ctx.env.cluster, forward);
  if (!reply.delivered) return "timeout";
  return forward.final?.refused ? "refused" : "connected";
}

/** `curl [-sSv] [-m T] [--connect-timeout T] http://HOST[:PORT][/path]`: the TCP connection only (no HTTP server is modelled). */
export function runCurl(ctx: CommandContext, words: readonly string[]): CommandOutput {
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (["-m", "--max-time", "--connect-timeout", "-o", "-w", "-H", "-X"].includes(w)) i++;
    else if (w.startsWith("-")) continue;
    else url = w;
  }
  if (!url) return fail("curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information", 2);
  const m = /^(?:(https?):\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
  if (!m) return fail(`curl: (3) URL using bad/illegal format or missing URL`, 3);
  const host = m[2] as string;
  const port = m[3] ? Number(m[3]) : m[1] === "https" ? 443 : 80;
  const dst = resolveHost(ctx, host);
  if (!dst) return fail(`curl: (6) Could not resolve host: ${host}`, 6);
  if (port < 1 || port > 65535) return fail(`curl: (3) URL using bad/illegal format or missing URL`, 3);
  const r = tcpConnect(ctx, dst, port);
  const observed = [saw(ctx, "ping")];
  if (r === "connected") {
    return { stdout: "", stderr: `curl: the TCP connection to ${host} port ${port} succeeded; the lab models packets, not the HTTP server behind them (exit as if the server closed without answering)\ncurl: (52) Empty reply from server\n`, exitCode: 52, observed };
  }
  if (r === "refused") return { ...fail(`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: Couldn't connect to server`, 7), observed };
  if (r === "timeout") return { ...fail(`curl: (28) Failed to connect to ${host} port ${port} after 130000 ms: Couldn't connect to server`, 28), observed };
  return { ...fail(`curl: (7) Failed to connect to ${host} port ${port} after 0 ms: ${r.local}`, 7), observed };
}

/** `nc -zv HOST PORT` (OpenBSD netcat, as in Debian's netcat-openbsd). */
export function runNc(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const args = words.slice(1).filter((w) => !w.startsWith("-"));
  const flags = words.slice(1).filter((w) => w.startsWith("-")).join("");
  if (!flags.includes("z")) return fail("nc: the lab shell supports connection checks only (nc -zv HOST PORT)", 1);
  const [host, portText] = args;
  if (!host || !portText) return fail("usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n\t  [destination] [port]", 1);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return fail(`nc: port number invalid: ${portText}`, 1);
  const dst = resolveHost(ctx, host);
  if (!dst) return fail(`nc: getaddrinfo for host "${host}" port ${port}: Name or service not known`, 1);
  const r = tcpConnect(ctx, dst, port);
  const observed = [saw(ctx, "ping")];
  const verbose = flags.includes("v");
  if (r === "connected") return { stdout: "", stderr: verbose ? `Connection to ${host} ${port} port [tcp/*] succeeded!\n` : "", exitCode: 0, observed };
  if (r === "refused") return { ...fail(verbose ? `nc: connect to ${host} port ${port} (tcp) failed: Connection refused` : "", 1), observed };
  if (r === "timeout") return { ...fail(verbose ? `nc: connect to ${host} port ${port} (tcp) timed out: Operation now in progress` : "", 1), observed };
  return { ...fail(verbose ? `nc: connect to ${host} port ${port} (tcp) failed: ${r.local}` : "", 1), observed };
}
