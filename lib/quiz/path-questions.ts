import { deviceKey, type ClusterTopology, type CniMode, type Hop, type IpHeader, type UdpHeader } from "../packet-walk";
import type { Question } from "./bank-schema";
import type { PathAsk } from "./path-asks";
import { describeDeviceKey, devicePath, diagramOf, generatePathScenario, publicTopologyOf, questionSeed, type PathDiagram, type PathScenario } from "./path-scenario";
import { seededRandom, shuffled } from "./random";

/**
 * Path questions: the bank says what to ask, the engine supplies the cluster and the key.
 * `instantiatePathQuestion` is deterministic in (question, attempt seed), so the server
 * rebuilds the same instance to present, grade, review and regrade an attempt.
 */
export type PathQuestion = Extract<Question, { type: "path" }>;

/** How the learner answers: which fields of {@link PathAnswer} the widget fills. */
export type PathAnswerKind = "devices" | "device" | "choice" | "text" | "number" | "device-and-reason";

/** A learner's answer to a path question (the fields its kind uses). */
export interface PathAnswer {
  devices?: string[];
  choice?: string;
  text?: string;
  value?: number;
  reason?: string;
}

type PathKey =
  | { kind: "devices"; devices: string[] }
  | { kind: "device"; device: string }
  | { kind: "choice"; choice: string }
  | { kind: "text"; text: string }
  | { kind: "number"; value: number }
  /** `reason` is the root cause; `alsoTrue` are reasons that are literally true at the device too, and earn the same credit. */
  | { kind: "device-and-reason"; device: string; reason: string; alsoTrue: string[] };

/** One generated question. `key`, `explanation` and `misconceptions` are server-only. */
export interface PathInstance {
  prompt: string;
  context: string;
  answerKind: PathAnswerKind;
  diagram: PathDiagram;
  /** What the shared SVG diagram draws (no walk, see {@link publicTopologyOf}). */
  topology: ClusterTopology;
  options: { id: string; text: string }[];
  unit: string | null;
  key: PathKey;
  explanation: string;
  misconceptions: Record<string, string>;
}

const MODE_NAMES: Record<CniMode, string> = {
  "flannel-vxlan": "Flannel with the VXLAN backend",
  "flannel-udp": "Flannel with the UDP backend",
  "flannel-host-gw": "Flannel with the host-gw backend",
  "calico-ipip": "Calico in IP-in-IP mode",
  "calico-bgp": "Calico with plain BGP routing (no encapsulation)",
  "calico-crosssubnet": "Calico in CrossSubnet mode",
  "calico-vxlan": "Calico in VXLAN mode",
  canal: "Canal (Calico policy, flannel VXLAN)",
};

/** Reasons a learner can give for a drop; codes are the engine's drop codes. */
export const DROP_REASONS: readonly { id: string; text: string }[] = [
  { id: "mtu-exceeded", text: "The packet is larger than an interface MTU and has Don't Fragment set" },
  { id: "policy-denied", text: "A NetworkPolicy denies it" },
  { id: "next-hop-not-on-link", text: "A needed route could not be installed: its gateway is not on a directly connected subnet" },
  { id: "no-route", text: "There is no route to the destination at all" },
  { id: "neighbour-unresolved", text: "ARP cannot resolve the next hop's MAC address" },
  { id: "ttl-expired", text: "The TTL runs out" },
];

/**
 * Reasons that are also true where the packet dies. When flanneld cannot install a host-gw
 * route (next hop not on link), the packet follows the default route to the underlay
 * router and dies there because that router has no route to the pod: at the device the
 * learner clicks, "no route" is true as well, so it is not marked wrong.
 */
const ALSO_TRUE_AT_DROP: Readonly<Record<string, readonly string[]>> = {
  "next-hop-not-on-link": ["no-route"],
};

function contextOf(s: PathScenario): string {
  const nodes = s.cluster.nodes.map((n) => `${n.name} (${n.ip})`).join(" and ");
  const where = s.source.node === s.destination.node ? `also on ${s.destination.node}` : `on ${s.destination.node}`;
  const size = s.payloadBytes === 56 ? "" : ` with ${s.payloadBytes} data bytes and Don't Fragment set`;
  return `${MODE_NAMES[s.mode]}. Nodes ${nodes}, NIC ${s.nic} with MTU ${s.underlayMtu}. Pod ${s.source.pod} (${s.source.ip}) on ${s.source.node} pings pod ${s.destination.pod} (${s.destination.ip}) ${where}${size}.`;
}

/** The hop where the packet leaves the source node on the underlay with an outer header. */
function outerSendHop(s: PathScenario): { hop: Hop; ip: IpHeader; udp: UdpHeader | null } {
  for (const hop of s.walk.hops) {
    if (hop.action !== "send" || hop.location.node !== s.source.node || hop.location.netns !== "host") continue;
    const ipIndex = hop.headers.findIndex((h) => h.type === "ip");
    const ips = hop.headers.filter((h) => h.type === "ip");
    if (ipIndex < 0 || ips.length < 2) continue;
    const next = hop.headers[ipIndex + 1];
    return { hop, ip: hop.headers[ipIndex] as IpHeader, udp: next?.type === "udp" ? (next as UdpHeader) : null };
  }
  throw new Error(`no encapsulated send on ${s.source.node} in a ${s.mode} walk`);
}

function addressOwners(s: PathScenario): Map<string, string> {
  const owners = new Map<string, string>();
  for (const node of s.cluster.nodes) {
    for (const ns of node.namespaces) {
      for (const d of ns.devices) {
        for (const a of d.addresses) {
          if (!owners.has(a.ip)) owners.set(a.ip, ns.id === "host" ? `${node.name}'s ${d.name}` : `pod ${ns.id.slice(4)}'s ${d.name}`);
        }
      }
    }
  }
  return owners;
}

function nextHopKey(s: PathScenario, random: () => number): Pick<PathInstance, "key" | "options" | "misconceptions" | "answerKind"> & { route: string } {
  const lookup = s.walk.hops.find((h) => h.action === "route-lookup" && h.location.node === s.source.node && h.location.netns === "host");
  const entry = lookup?.entry;
  if (!lookup || entry?.kind !== "route" || !entry.route.via) throw new Error(`no gateway route on ${s.source.node} in a ${s.mode} walk`);
  const correct = entry.route.via as string;
  const owners = addressOwners(s);
  const dstNode = s.cluster.nodes.find((n) => n.name === s.destination.node);
  const srcNode = s.cluster.nodes.find((n) => n.name === s.source.node);
  const hostAddresses = (node: typeof srcNode) =>
    node?.namespaces.find((ns) => ns.id === "host")?.devices.filter((d) => d.kind !== "physical" && d.kind !== "loopback").flatMap((d) => d.addresses.map((a) => a.ip as string)) ?? [];
  // Calico and Canal pods route via the link-local 169.254.1.1: a tempting wrong answer for the node's next hop.
  const podGateway = s.mode.startsWith("calico") || s.mode === "canal" ? ["169.254.1.1"] : [];
  const candidates = [s.destination.ip, dstNode?.ip as string, ...hostAddresses(dstNode), ...podGateway, ...hostAddresses(srcNode), srcNode?.ip as string].filter(
    (ip, i, all): ip is string => Boolean(ip) && ip !== correct && all.indexOf(ip) === i,
  );
  const chosen = [correct, ...candidates.slice(0, 3)];
  const ids = ["a", "b", "c", "d"];
  const options = shuffled(chosen, random).map((ip, i) => ({ id: ids[i] as string, text: ip }));
  const misconceptions: Record<string, string> = {};
  for (const o of options) {
    if (o.text === correct) continue;
    const what =
      o.text === s.destination.ip
        ? "the destination pod itself"
        : o.text === "169.254.1.1"
          ? "the pods' own gateway (answered by proxy ARP on the host side of the veth), not a route of the node"
          : (owners.get(o.text) ?? "another address");
    misconceptions[o.id] = `${o.text} is ${what}. ${s.source.node} routes ${s.destination.ip} with \`${entry.text}\`, so the next hop is ${correct}.`;
  }
  const key = options.find((o) => o.text === correct)?.id as string;
  return { answerKind: "choice", key: { kind: "choice", choice: key }, options, misconceptions, route: entry.text };
}

/**
 * The generated cluster and walk behind one path question of one attempt: what grading used
 * and what the review's lab script builds. Deterministic in (question, attempt seed).
 */
export function pathQuestionScenario(question: PathQuestion, attemptSeed: number): PathScenario {
  return generatePathScenario(questionSeed(attemptSeed, question.id), question.modes as CniMode[], question.situation);
}

function build(question: PathQuestion, attemptSeed: number): PathInstance {
  const seed = questionSeed(attemptSeed, question.id);
  const scenario = pathQuestionScenario(question, attemptSeed);
  const random = seededRandom(seed ^ 0x9e3779b9);
  const context = contextOf(scenario);
  const common = { context, prompt: question.prompt, diagram: diagramOf(scenario.cluster), topology: publicTopologyOf(scenario.cluster), unit: null, options: [], misconceptions: {} };
  const ask: PathAsk = question.ask;
  const tail = (specific: string) => `${specific} ${question.explanation}`;
  switch (ask) {
    case "device-order": {
      const devices = devicePath(scenario.walk);
      const ending = scenario.walk.delivered ? "where it is delivered" : `where it is dropped (${scenario.walk.drop?.code})`;
      return {
        ...common,
        answerKind: "devices",
        key: { kind: "devices", devices },
        explanation: tail(`The engine's walk crosses ${devices.map(describeDeviceKey).join(" → ")}, ${ending}.`),
      };
    }
    case "next-hop": {
      const k = nextHopKey(scenario, random);
      const via = k.options.find((o) => k.key.kind === "choice" && o.id === k.key.choice)?.text;
      return { ...common, ...k, explanation: tail(`${scenario.source.node} matches \`${k.route}\`: the next hop is ${via}.`) };
    }
    case "encapsulating-device": {
      const hop = scenario.walk.hops.find((h) => h.action === "encapsulate");
      if (!hop) throw new Error(`no encapsulation in a ${scenario.mode} walk`);
      const device = deviceKey(hop.location);
      return { ...common, answerKind: "device", key: { kind: "device", device }, explanation: tail(`${describeDeviceKey(device)} encapsulates: ${hop.entry?.text ?? hop.detail}.`) };
    }
    case "outer-destination": {
      const { ip } = outerSendHop(scenario);
      return { ...common, answerKind: "text", key: { kind: "text", text: ip.dst }, explanation: tail(`On ${scenario.nic} the outer header is ${ip.src} → ${ip.dst}: the underlay only knows node addresses.`) };
    }
    case "udp-port": {
      const { udp } = outerSendHop(scenario);
      if (!udp) throw new Error(`no outer UDP header in a ${scenario.mode} walk`);
      return { ...common, answerKind: "number", unit: null, key: { kind: "number", value: udp.dport }, explanation: tail(`${MODE_NAMES[scenario.mode]} sends the outer UDP datagram to port ${udp.dport}.`) };
    }
    case "drop-point": {
      const drop = scenario.walk.drop;
      if (!drop) throw new Error(`the ${question.situation} walk in ${scenario.mode} was delivered`);
      const device = deviceKey(drop.location);
      return {
        ...common,
        answerKind: "device-and-reason",
        options: [...DROP_REASONS],
        key: { kind: "device-and-reason", device, reason: drop.code, alsoTrue: [...(ALSO_TRUE_AT_DROP[drop.code] ?? [])] },
        explanation: tail(`Dropped at ${describeDeviceKey(device)}: ${drop.reason}`),
      };
    }
  }
}

const cache = new Map<string, PathInstance>();

/** The generated question for this attempt seed (memoised; instances are never mutated). */
export function instantiatePathQuestion(question: PathQuestion, attemptSeed: number): PathInstance {
  const cacheKey = `${question.id}|${question.ask}|${question.situation}|${question.modes.join(",")}|${question.prompt}|${question.explanation}|${attemptSeed}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const instance = build(question, attemptSeed);
  if (cache.size > 2000) cache.clear();
  cache.set(cacheKey, instance);
  return instance;
}

/** Length of the longest common subsequence: hops named in the right relative order. */
export function longestCommonSubsequence(a: readonly string[], b: readonly string[]): number {
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? (prev[j - 1] as number) + 1 : Math.max(prev[j] as number, row[j - 1] as number);
    }
    prev = row;
  }
  return prev[b.length] as number;
}

/** Which answer fields a kind needs, to validate an answer's shape. */
export function pathAnswerProblem(instance: PathInstance, answer: PathAnswer): string | null {
  const devices = answer.devices ?? [];
  const known = new Set(instance.diagram.nodes.flatMap((n) => n.namespaces.flatMap((ns) => ns.devices.map((d) => d.key))));
  const unknown = devices.find((d) => !known.has(d));
  if (unknown !== undefined) return `names a device that is not in the diagram: "${unknown.slice(0, 80)}"`;
  const allowed: Record<PathAnswerKind, (keyof PathAnswer)[]> = {
    devices: ["devices"],
    device: ["devices"],
    choice: ["choice"],
    text: ["text"],
    number: ["value"],
    "device-and-reason": ["devices", "reason"],
  };
  const extra = (Object.keys(answer) as (keyof PathAnswer)[]).find((k) => !allowed[instance.answerKind].includes(k));
  if (extra) return `has a field "${extra}" that a ${instance.answerKind} answer does not use`;
  if ((instance.answerKind === "device" || instance.answerKind === "device-and-reason") && devices.length > 1) return "names more than one device";
  if (instance.answerKind === "choice" && answer.choice !== undefined && !instance.options.some((o) => o.id === answer.choice)) {
    return `names an option that does not exist: "${answer.choice}"`;
  }
  if (instance.answerKind === "device-and-reason" && answer.reason !== undefined && !instance.options.some((o) => o.id === answer.reason)) {
    return `names a reason that does not exist: "${answer.reason}"`;
  }
  return null;
}

/** Grades a path answer against the instance's key: partial credit per correct hop or part. */
export function gradePathAnswer(instance: PathInstance, answer: PathAnswer): { points: number; correct: boolean; misconceptions: string[] } {
  const key = instance.key;
  const devices = answer.devices ?? [];
  switch (key.kind) {
    case "devices": {
      if (devices.length === 0) return { points: 0, correct: false, misconceptions: [] };
      // Each hop named in the right relative order earns a share; extra clicks dilute it.
      const points = longestCommonSubsequence(devices, key.devices) / Math.max(devices.length, key.devices.length);
      const correct = devices.length === key.devices.length && devices.every((d, i) => d === key.devices[i]);
      return { points: correct ? 1 : points, correct, misconceptions: [] };
    }
    case "device": {
      const correct = devices[0] === key.device;
      return { points: correct ? 1 : 0, correct, misconceptions: [] };
    }
    case "choice": {
      const correct = answer.choice === key.choice;
      const m = !correct && answer.choice ? instance.misconceptions[answer.choice] : undefined;
      return { points: correct ? 1 : 0, correct, misconceptions: m ? [m] : [] };
    }
    case "text": {
      const correct = (answer.text ?? "").trim() === key.text;
      return { points: correct ? 1 : 0, correct, misconceptions: [] };
    }
    case "number": {
      const correct = answer.value === key.value;
      return { points: correct ? 1 : 0, correct, misconceptions: [] };
    }
    case "device-and-reason": {
      const place = devices[0] === key.device;
      const why = answer.reason === key.reason || (answer.reason !== undefined && key.alsoTrue.includes(answer.reason));
      return { points: (place ? 0.5 : 0) + (why ? 0.5 : 0), correct: place && why, misconceptions: [] };
    }
  }
}

/** An answer (the learner's, or the key) in words for the review page. */
export function describePathAnswer(instance: PathInstance, answer: PathAnswer | null): string {
  if (!answer) return "(no answer)";
  const devices = (answer.devices ?? []).map(describeDeviceKey);
  const option = (id: string | undefined) => instance.options.find((o) => o.id === id)?.text ?? "(none)";
  switch (instance.answerKind) {
    case "devices":
      return devices.length ? devices.join(" → ") : "(nothing clicked)";
    case "device":
      return devices[0] ?? "(nothing clicked)";
    case "choice":
      return option(answer.choice);
    case "text":
      return answer.text?.trim() || "(no answer)";
    case "number":
      return answer.value === undefined ? "(no answer)" : String(answer.value);
    case "device-and-reason":
      return `${devices[0] ?? "(no device)"}: ${answer.reason ? option(answer.reason) : "(no reason)"}`;
  }
}

/** The key as an answer, so the review page can describe it like the learner's. */
export function pathKeyAsAnswer(instance: PathInstance): PathAnswer {
  const key = instance.key;
  switch (key.kind) {
    case "devices":
      return { devices: key.devices };
    case "device":
      return { devices: [key.device] };
    case "choice":
      return { choice: key.choice };
    case "text":
      return { text: key.text };
    case "number":
      return { value: key.value };
    case "device-and-reason":
      return { devices: [key.device], reason: key.reason };
  }
}
