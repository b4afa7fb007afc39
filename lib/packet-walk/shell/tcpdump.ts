/**
 * `tcpdump -ni DEV [-e] [-c N] [FILTER]`: the frames the model predicts on DEV for the lab's
 * traffic (each probe and its reply), in tcpdump 4.99's one-line text format. Timestamps are
 * deterministic (the seed's capture clock, 2023-02-15 02:42 UTC, one second per probe).
 */
import { ipv4ToNumber, prefixMask } from "../addresses";
import { frameLength, type EthFrame, type IpPacket, type WireUnit } from "../packet";
import { fail, findDevice, saw, type CommandContext, type CommandOutput } from "./context";
import { trafficFlows } from "./traffic";

type Predicate = (w: WireUnit) => boolean;

function outer(w: WireUnit): IpPacket {
  return w.kind === "eth" ? w.payload : w;
}

function ports(ip: IpPacket): { sport: number; dport: number } | undefined {
  const p = ip.payload;
  return p.kind === "tcp" || p.kind === "udp" ? { sport: p.sport, dport: p.dport } : undefined;
}

function inNet(ip: string, net: string): boolean {
  const [base, len] = net.split("/");
  const n = Number(len ?? 32);
  const a = ipv4ToNumber(ip);
  const b = ipv4ToNumber(base ?? "");
  if (a === undefined || b === undefined) return false;
  return ((a & prefixMask(n)) >>> 0) === ((b & prefixMask(n)) >>> 0);
}

/** A small pcap-filter subset: protocols, [src|dst] host/net/port, tcp/udp port, and/or/not, parentheses. */
function parseFilter(words: readonly string[]): Predicate | string {
  const tokens = words.join(" ").replace(/([()])/g, " $1 ").split(/\s+/).filter(Boolean);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string | undefined => tokens[i++];
  const syntax = (): string => "tcpdump: can't parse filter expression: syntax error";
  function primary(): Predicate | string {
    const t = next();
    if (t === undefined) return syntax();
    if (t === "not" || t === "!") {
      const p = primary();
      return typeof p === "string" ? p : (w) => !p(w);
    }
    if (t === "(") {
      const e = expr();
      if (typeof e === "string") return e;
      if (next() !== ")") return syntax();
      return e;
    }
    let dir: "src" | "dst" | undefined;
    let tok: string | undefined = t;
    if (tok === "src" || tok === "dst") {
      dir = tok;
      tok = next();
    }
    let proto: "tcp" | "udp" | "icmp" | undefined;
    if ((tok === "tcp" || tok === "udp") && peek() === "port") {
      proto = tok;
      tok = next();
    }
    if (!dir && !proto && ["icmp", "tcp", "udp", "ip", "arp", "ip6"].includes(tok ?? "")) {
      const name = tok as string;
      return (w) => {
        if (name === "ip") return true;
        if (name === "arp" || name === "ip6") return false;
        return outer(w).payload.kind === name;
      };
    }
    if (tok === "host" || tok === "net" || tok === "port" || (dir && tok !== undefined)) {
      const kind = tok === "host" || tok === "net" || tok === "port" ? tok : "host";
      const value = kind === tok ? next() : tok;
      if (value === undefined) return syntax();
      if (kind === "port") {
        if (!/^\d+$/.test(value)) return `tcpdump: '${value}' is not a valid port`;
        const port = Number(value);
        return (w) => {
          const ip = outer(w);
          const p = ports(ip);
          if (!p || (proto && ip.payload.kind !== proto)) return false;
          return dir === "src" ? p.sport === port : dir === "dst" ? p.dport === port : p.sport === port || p.dport === port;
        };
      }
      if (ipv4ToNumber(value.split("/")[0] ?? "") === undefined) return `tcpdump: can't resolve host '${value}' (the lab's tcpdump takes addresses, as with -n)`;
      const match = kind === "net" ? (a: string) => inNet(a, value) : (a: string) => a === value;
      return (w) => {
        const ip = outer(w);
        return dir === "src" ? match(ip.src) : dir === "dst" ? match(ip.dst) : match(ip.src) || match(ip.dst);
      };
    }
    return syntax();
  }
  function expr(): Predicate | string {
    let left = primary();
    if (typeof left === "string") return left;
    while (peek() === "and" || peek() === "&&" || peek() === "or" || peek() === "||") {
      const op = next();
      const right = primary();
      if (typeof right === "string") return right;
      const l: Predicate = left;
      left = op === "and" || op === "&&" ? (w: WireUnit): boolean => l(w) && right(w) : (w: WireUnit): boolean => l(w) || right(w);
    }
    return left;
  }
  if (tokens.length === 0) return () => true;
  const e = expr();
  if (typeof e === "string") return e;
  if (i < tokens.length) return syntax();
  return e;
}

function tcpFlags(flags: readonly string[]): string {
  const letters = [["SYN", "S"], ["FIN", "F"], ["RST", "R"], ["PSH", "P"]].filter(([f]) => flags.includes(f as string)).map(([, l]) => l).join("");
  return `${letters}${flags.includes("ACK") ? "." : ""}`;
}

/** The text after `IP ` for one packet (its encapsulated frame on the next line, as tcpdump prints it). */
function ipText(ip: IpPacket, ether: boolean): string {
  const p = ip.payload;
  const addr = (a: string, port?: number): string => (port === undefined ? a : `${a}.${port}`);
  switch (p.kind) {
    case "icmp": {
      const what = p.type === 8 ? "echo request" : p.type === 0 ? "echo reply" : p.type === 11 ? "time exceeded in-transit" : p.type === 3 ? "unreachable" : `type-#${p.type}`;
      const idSeq = p.type === 8 || p.type === 0 ? `, id ${p.ident}, seq ${p.seq}` : "";
      return `${ip.src} > ${ip.dst}: ICMP ${what}${idSeq}, length ${8 + p.dataLength}`;
    }
    case "tcp": {
      const flags = tcpFlags(p.flags);
      const ack = p.flags.includes("ACK") ? `, ack ${p.ack}` : "";
      const win = p.flags.includes("RST") ? 0 : 64240;
      const options = p.mss !== undefined ? `, options [mss ${p.mss}]` : "";
      return `${addr(ip.src, p.sport)} > ${addr(ip.dst, p.dport)}: Flags [${flags}], seq ${p.seq}${ack}, win ${win}${options}, length ${p.dataLength}`;
    }
    case "udp": {
      const head = `${addr(ip.src, p.sport)} > ${addr(ip.dst, p.dport)}: `;
      if (p.body.kind === "vxlan") {
        // tcpdump decodes 8472 (the kernel's VXLAN port) as OTV, which has the same header, and 4789 as VXLAN.
        const label = p.dport === 8472 ? `OTV, flags [I] (0x08), overlay 0, instance ${p.body.vni}` : p.dport === 4789 ? `VXLAN, flags [I] (0x08), vni ${p.body.vni}` : `UDP, length ${8 + 14 + ipLen(p.body.inner.payload)}`;
        if (p.dport !== 8472 && p.dport !== 4789) return `${head}${label}`;
        return `${head}${label}\n${frameText(p.body.inner, ether)}`;
      }
      const length = p.body.kind === "data" ? p.body.length : ipLen(p.body.inner);
      return `${head}UDP, length ${length}`;
    }
    case "ipip":
      return `${ip.src} > ${ip.dst}: IP ${ipText(p.inner, ether)}`;
  }
}

function ipLen(ip: IpPacket): number {
  return frameLength({ kind: "eth", src: "" as EthFrame["src"], dst: "" as EthFrame["dst"], payload: ip }) - 14;
}

function frameText(f: EthFrame, ether: boolean): string {
  return ether ? `${f.src} > ${f.dst}, ethertype IPv4 (0x0800), length ${frameLength(f)}: ${ipText(f.payload, ether)}` : `IP ${ipText(f.payload, ether)}`;
}

function timestamp(micros: number): string {
  const base = 2 * 3600 + 42 * 60;
  const s = base + Math.floor(micros / 1_000_000);
  const hh = String(Math.floor(s / 3600) % 24).padStart(2, "0");
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return `${hh}:${mm}:${ss}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

/** `tcpdump ...`. */
export function runTcpdump(ctx: CommandContext, words: readonly string[]): CommandOutput {
  let dev: string | undefined;
  let ether = false;
  let count: number | undefined;
  const filter: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w.startsWith("-") && w.length > 1 && !w.startsWith("--")) {
      const flags = w.slice(1);
      for (let k = 0; k < flags.length; k++) {
        const f = flags[k] as string;
        if (f === "n" || f === "l" || f === "p" || f === "U") continue;
        if (f === "e") ether = true;
        else if (f === "i" || f === "c" || f === "s") {
          const v = k < flags.length - 1 ? flags.slice(k + 1) : words[++i];
          if (v === undefined) return fail(`tcpdump: option requires an argument -- '${f}'`, 1);
          if (f === "i") dev = v;
          else if (f === "c") {
            if (!/^\d+$/.test(v) || Number(v) < 1) return fail(`tcpdump: invalid packet count ${v}`, 1);
            count = Number(v);
          }
          break;
        } else if (f === "v" || f === "X" || f === "A" || f === "x") return fail(`tcpdump: -${f} is not supported in the lab shell (one-line summaries only; -e shows the Ethernet header)`, 1);
        else if (f === "w" || f === "r") return fail(`tcpdump: -${f} is not supported in the lab shell (download a pcap from the lesson's diagram instead)`, 1);
        else return fail(`tcpdump: invalid option -- '${f}'`, 1);
      }
    } else if (w === "--immediate-mode") continue;
    else filter.push(w);
  }
  const firstUp = [...ctx.netns.devices].sort((a, b) => a.ifindex - b.ifindex).find((d) => d.kind !== "loopback" && d.up);
  const name = dev ?? firstUp?.name;
  if (name === "any") return fail("tcpdump: -i any is not supported in the lab shell: name one device (ip -br link lists them)", 1);
  const device = name === undefined ? undefined : findDevice(ctx.netns, name);
  if (!device) return fail(`tcpdump: ${name ?? "any"}: No such device exists\n(No such device exists)`, 1);
  if (!device.up) return fail(`tcpdump: ${device.name}: That device is not up`, 1);
  const match = parseFilter(filter);
  if (typeof match === "string") return fail(match, 1);
  const raw = device.kind === "tun" || device.kind === "ipip";
  const lines: string[] = [];
  let flowIndex = 0;
  outerLoop: for (const flow of trafficFlows(ctx.env.cluster, ctx.env.traffic)) {
    const walks = flow.reply ? [flow.forward, flow.reply] : [flow.forward];
    for (const [w, walk] of walks.entries()) {
      for (const hop of walk.hops) {
        if (!hop.wire || hop.location.node !== ctx.target.node || hop.location.netns !== ctx.target.netns || hop.location.device !== device.name) continue;
        if (!match(hop.packet)) continue;
        const micros = flowIndex * 1_000_000 + w * 400 + hop.index * 7;
        const text = hop.packet.kind === "eth" ? frameText(hop.packet, ether) : `IP ${ipText(hop.packet, ether)}`;
        lines.push(`${timestamp(micros)} ${text}`);
        if (count !== undefined && lines.length >= count) break outerLoop;
      }
    }
    flowIndex++;
  }
  const captured = lines.length;
  return {
    stderrFirst: `tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on ${device.name}, link-type ${raw ? "RAW (Raw IP)" : "EN10MB (Ethernet)"}, snapshot length 262144 bytes\n`,
    stdout: lines.length ? `${lines.join("\n")}\n` : "",
    stderr: `${count === undefined ? "^C\n" : ""}${captured} packet${captured === 1 ? "" : "s"} captured\n${captured} packet${captured === 1 ? "" : "s"} received by filter\n0 packets dropped by kernel\n`,
    exitCode: 0,
    observed: [saw(ctx, "capture", device.name)],
  };
}
