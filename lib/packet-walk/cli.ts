/**
 * The `npm run walk` command, as a pure function over argv and an I/O port,
 * so tests drive it in-process and scripts/walk.ts only wires Node's fs and
 * process. Exit codes: 0 = walked (delivered or dropped), 2 = bad input.
 */
import { PacketWalkInputError } from "./addresses";
import type { Cluster, DeviceRef } from "./model";
import { formatTraceroute, formatWalkTable, toWalkDocument } from "./document";
import { captureFrames, encodePcap, linkTypeOf, resolveCapturePoint } from "./pcap";
import { getScenario, listScenarios } from "./scenarios";
import { labCleanupScript, labScript, type LabOptions } from "./lab-script";
import { clusterFromTopologyFile } from "./topology-file";
import { traceroute } from "./traceroute";
import { MAX_PAYLOAD_BYTES, walkPacket, walkReply, type PacketSpec, type WalkProtocol, type WalkResult } from "./walk";

/** What the CLI may do to the outside world. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads a UTF-8 text file; throws on failure. */
  readFile(path: string): string;
  /** Writes bytes to a file; throws on failure. */
  writeFile(path: string, data: Uint8Array): void;
}

/** Usage text. */
export const WALK_USAGE = `Usage: npm run -s walk -- (--scenario NAME | --topology FILE.json) --from SRC --to DST [options]
       npm run -s walk -- (--scenario NAME | --topology FILE.json) --lab | --lab-cleanup [--lab-prefix P] [--lab-ipip-stand-in]
       npm run -s walk -- --list

  --scenario NAME       a named scenario (see --list)
  --topology FILE       a cluster described in a JSON file (see lib/packet-walk/README.md)
  --from SRC            pod name or IP, node name or IP
  --to DST              destination IP (pod, node, ClusterIP, node IP with --port = NodePort)
  --proto P             icmp (default) | tcp | udp
  --port N              destination port (tcp default 80, udp 53)
  --sport N             source port (icmp: echo identifier)
  --ttl N               initial TTL (default 64)
  --payload N           bytes after the transport header (ping default 56)
  --no-df               clear the Don't Fragment bit
  --endpoint N          force the N-th Service endpoint instead of the 5-tuple hash
  --reply               also walk the reply (echo reply / SYN-ACK) back through conntrack
  --traceroute          print what traceroute would show (UDP probes unless --proto)
  --json                print the JSON document instead of the table
  --pcap FILE           write a libpcap file of the frames seen on --capture devices
  --capture LIST        NODE:DEVICE[,NODE:DEVICE...] (a pod name works as NODE for its eth0)
  --lab                 print the shell script that builds the cluster in network namespaces (run as root)
  --lab-cleanup         print the script that deletes what --lab creates
  --lab-prefix P        namespace name prefix (default cnia-)
  --lab-ipip-stand-in   a veth named tunl0 stands in (kernels without the ipip module)
  --list                list scenarios
  --help                this text`;

type FlagKind = "value" | "bool";
const FLAGS: Record<string, FlagKind> = {
  scenario: "value",
  topology: "value",
  from: "value",
  to: "value",
  proto: "value",
  port: "value",
  sport: "value",
  ttl: "value",
  payload: "value",
  endpoint: "value",
  pcap: "value",
  capture: "value",
  json: "bool",
  reply: "bool",
  traceroute: "bool",
  list: "bool",
  lab: "bool",
  "lab-cleanup": "bool",
  "lab-prefix": "value",
  "lab-ipip-stand-in": "bool",
  help: "bool",
  "no-df": "bool",
};

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) throw new UsageError(`unexpected argument "${arg}" (flags start with --)`);
    const eq = arg.indexOf("=");
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    const kind = FLAGS[name];
    if (!kind) throw new UsageError(`unknown flag --${name}`);
    if (out.has(name)) throw new UsageError(`--${name} given twice`);
    if (kind === "bool") {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i++;
    }
    if (value === undefined || value === "" || value.startsWith("--")) throw new UsageError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

function intFlag(flags: Map<string, string | true>, name: string, min: number, max: number): number | undefined {
  const v = flags.get(name);
  if (v === undefined || v === true) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function str(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  return typeof v === "string" ? v : undefined;
}

function loadCluster(flags: Map<string, string | true>, io: CliIo): Cluster {
  const scenario = str(flags, "scenario");
  const file = str(flags, "topology");
  if (scenario && file) throw new UsageError("give either --scenario or --topology, not both");
  if (scenario) {
    if (!listScenarios().some((s) => s.name === scenario)) {
      throw new UsageError(`unknown scenario "${scenario}"; run with --list to see them`);
    }
    return getScenario(scenario);
  }
  if (!file) throw new UsageError("missing --scenario NAME or --topology FILE.json");
  let text: string;
  try {
    text = io.readFile(file);
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  const r = clusterFromTopologyFile(json);
  if (!r.ok) throw new UsageError(`${file} is not a valid topology:\n  ${r.errors.join("\n  ")}`);
  return r.cluster;
}

/** Runs the CLI; returns the exit code. Never throws for user errors. */
export function runWalkCli(argv: readonly string[], io: CliIo): number {
  try {
    const flags = parseArgs(argv);
    if (flags.has("help")) {
      io.stdout(`${WALK_USAGE}\n`);
      return 0;
    }
    if (flags.has("list")) {
      const list = listScenarios();
      if (flags.has("json")) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
      else {
        const w = Math.max(...list.map((s) => s.name.length));
        io.stdout(`${list.map((s) => `${s.name.padEnd(w)}  ${s.description}`).join("\n")}\n`);
      }
      return 0;
    }
    const cluster = loadCluster(flags, io);
    if (flags.has("lab") || flags.has("lab-cleanup")) {
      if (flags.has("lab") && flags.has("lab-cleanup")) throw new UsageError("give either --lab or --lab-cleanup, not both");
      const prefix = str(flags, "lab-prefix");
      if (prefix !== undefined && !/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new UsageError(`--lab-prefix may only use letters, digits, "_", "." and "-", got "${prefix}"`);
      const options: LabOptions = { ...(prefix !== undefined ? { prefix } : {}), ...(flags.has("lab-ipip-stand-in") ? { ipipStandIn: "veth" as const } : {}) };
      io.stdout(flags.has("lab") ? labScript(cluster, options) : labCleanupScript(cluster, options));
      return 0;
    }
    if (flags.has("lab-prefix") || flags.has("lab-ipip-stand-in")) throw new UsageError("--lab-prefix and --lab-ipip-stand-in go with --lab or --lab-cleanup");
    const from = str(flags, "from");
    const to = str(flags, "to");
    if (!from || !to) throw new UsageError("missing --from and/or --to");
    const proto = str(flags, "proto") ?? "icmp";
    if (proto !== "icmp" && proto !== "tcp" && proto !== "udp") throw new UsageError(`--proto must be icmp, tcp or udp, got "${proto}"`);
    const port = intFlag(flags, "port", 1, 65535);
    const sport = intFlag(flags, "sport", 0, 65535);
    const ttl = intFlag(flags, "ttl", 1, 255);
    const payload = intFlag(flags, "payload", 0, MAX_PAYLOAD_BYTES);
    const endpoint = intFlag(flags, "endpoint", 0, 1_000_000);
    if (proto === "icmp" && port !== undefined) throw new UsageError("--port makes no sense with --proto icmp (use tcp or udp)");
    const spec: PacketSpec = {
      from,
      to,
      protocol: proto as WalkProtocol,
      ...(port !== undefined ? { port } : {}),
      ...(sport !== undefined ? { sourcePort: sport } : {}),
      ...(ttl !== undefined ? { ttl } : {}),
      ...(payload !== undefined ? { payloadBytes: payload } : {}),
      ...(flags.has("no-df") ? { dontFragment: false } : {}),
    };
    if (flags.has("traceroute")) {
      // Like Linux traceroute: UDP probes unless a protocol is asked for.
      const tr = traceroute(cluster, from, to, { protocol: flags.has("proto") ? (proto as WalkProtocol) : "udp" });
      if (flags.has("json")) io.stdout(`${JSON.stringify({ reached: tr.reached, hops: tr.hops.map((h) => ({ ttl: h.ttl, responder: h.responder, node: h.node, note: h.note })) }, null, 2)}\n`);
      else io.stdout(`${formatTraceroute(tr, to)}\n`);
      return 0;
    }
    const forward = walkPacket(cluster, spec, endpoint !== undefined ? { endpointIndex: endpoint } : {});
    let reply: WalkResult | undefined;
    if (flags.has("reply")) {
      if (!forward.delivered) io.stderr("note: the packet was dropped, so there is no reply to walk\n");
      else reply = walkReply(cluster, forward);
    }
    const pcapFile = str(flags, "pcap");
    const captureList = str(flags, "capture");
    if (pcapFile && !captureList) throw new UsageError("--pcap needs --capture NODE:DEVICE[,...]");
    if (captureList && !pcapFile) throw new UsageError("--capture needs --pcap FILE");
    if (pcapFile && captureList) {
      const points: DeviceRef[] = captureList.split(",").map((c) => resolveCapturePoint(cluster, c.trim()));
      const types = new Set(points.map((p) => linkTypeOf(cluster, p)));
      if (types.size > 1) throw new UsageError("captures mix Ethernet devices with raw-IP devices (tunl0/flannel0); a pcap file has one link type, so write them to separate files");
      const frames = captureFrames(reply ? [forward, reply] : [forward], points);
      try {
        io.writeFile(pcapFile, encodePcap(frames, [...types][0] as number));
      } catch (e) {
        throw new UsageError(`cannot write ${pcapFile}: ${e instanceof Error ? e.message : String(e)}`);
      }
      io.stderr(`wrote ${frames.length} frame(s) to ${pcapFile}\n`);
    }
    if (flags.has("json")) {
      const doc = toWalkDocument(forward);
      io.stdout(`${JSON.stringify(reply ? { ...doc, reply: toWalkDocument(reply) } : doc, null, 2)}\n`);
    } else {
      io.stdout(`${formatWalkTable(forward, `[${cluster.name}] ${proto}`)}\n`);
      if (reply) io.stdout(`\n${formatWalkTable(reply, `[${cluster.name}] reply`)}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof PacketWalkInputError) {
      io.stderr(`walk: ${e.message}\n${e instanceof UsageError && e.message.startsWith("unknown flag") ? `\n${WALK_USAGE}\n` : ""}`);
      return 2;
    }
    io.stderr(`walk: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
