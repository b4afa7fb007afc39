/**
 * Builder inputs ("a few inputs", as an operator would describe a cluster) and
 * their validation/normalisation shared by every plugin builder.
 */
import {
  addressInCidr,
  cidr,
  cidrContains,
  ifName,
  ipv4,
  ipv4ToNumber,
  mac,
  networkOf,
  numberToIpv4,
  parseAddressWithPrefix,
  PacketWalkInputError,
  type Cidr,
  type IfName,
  type Ipv4,
  type Mac,
} from "../addresses";
import { fnv1a32 } from "../hash";
import type {
  AddressScope,
  Device,
  Labels,
  L4Protocol,
  NetworkPolicy,
  PodInfo,
  PolicyPeer,
  PolicyRule,
  Route,
  RouterInterface,
  Service,
  UnderlayRouter,
  UnderlaySegment,
} from "../model";
import { labelsMatch } from "../policy";

/** An extra route to add verbatim on a node (e.g. the OpenStack metadata route in the seed). */
export interface ExtraRouteSpec {
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly proto?: string;
  readonly scope?: AddressScope;
  readonly src?: string;
  readonly metric?: number;
  readonly onlink?: boolean;
  readonly linkdown?: boolean;
}

/** An extra device on a node that the CNI does not own (e.g. `docker0`). */
export interface ExtraDeviceSpec {
  readonly name: string;
  readonly kind: "bridge";
  readonly mac?: string;
  readonly mtu?: number;
  /** `a.b.c.d/len` */
  readonly addresses?: readonly string[];
  /** Add the connected route as `linkdown` (bridge without carrier). */
  readonly linkdown?: boolean;
}

/** A node as an operator describes it. */
export interface NodeSpec {
  readonly name: string;
  /** Underlay address with prefix, e.g. `30.0.1.160/24`. */
  readonly ip: string;
  /** Underlay NIC name (default `ens3`). */
  readonly nic?: string;
  readonly mac?: string;
  /** Underlay MTU (default 1500). */
  readonly mtu?: number;
  /** Default gateway (default: first host address of the node's subnet). */
  readonly gateway?: string;
  /** Extra attributes of the default route (the seed's DHCP route has proto dhcp, src, metric 100). */
  readonly defaultRoute?: { readonly proto?: string; readonly metric?: number; readonly withSrc?: boolean };
  /** Pod subnet (flannel /24, Calico block); default: allocated in node order. */
  readonly podCidr?: string;
  /** MAC of the VTEP device (flannel.1 / vxlan.calico). */
  readonly vtepMac?: string;
  /** MAC of the pod bridge (cni0). */
  readonly bridgeMac?: string;
  readonly extraDevices?: readonly ExtraDeviceSpec[];
  readonly extraRoutes?: readonly ExtraRouteSpec[];
}

/**
 * A machine on the underlay that is not part of the cluster (a laptop, a load balancer, a
 * monitoring host): one NIC, a connected route and a default route, no kube-proxy, no CNI,
 * no pods. Walks start there to show what an outside client of a NodePort sees.
 */
export type ExternalHostSpec = Pick<NodeSpec, "name" | "ip" | "nic" | "mac" | "mtu" | "gateway">;

/** A pod as an operator describes it. */
export interface PodSpec {
  readonly name: string;
  readonly node: string;
  /** Kubernetes namespace (default `default`). */
  readonly namespace?: string;
  /** Pod IP (default: next free address of the node's pod subnet). */
  readonly ip?: string;
  /** MAC of the pod's eth0. */
  readonly mac?: string;
  readonly labels?: Labels;
  /** Host side of the veth pair (name, MAC, ifindex); defaults follow the plugin's naming. */
  readonly hostInterface?: { readonly name?: string; readonly mac?: string; readonly ifindex?: number };
}

/** A Service port as in the Service manifest. */
export interface ServicePortSpec {
  readonly name?: string;
  readonly protocol?: L4Protocol;
  readonly port: number;
  readonly targetPort?: number;
  readonly nodePort?: number;
}

/** A Service as in its manifest (endpoints are derived from the selector). */
export interface ServiceSpec {
  readonly name: string;
  readonly namespace?: string;
  readonly type?: "ClusterIP" | "NodePort";
  readonly clusterIp: string;
  readonly ports: readonly ServicePortSpec[];
  readonly selector: Labels;
}

/** A NetworkPolicy peer as in the manifest. */
export interface PolicyPeerSpec {
  readonly podSelector?: Labels;
  readonly namespaceSelector?: Labels;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** A NetworkPolicy rule as in the manifest (`from`/`to` normalised to `peers`). */
export interface PolicyRuleSpec {
  readonly peers?: readonly PolicyPeerSpec[];
  readonly ports?: readonly { readonly protocol?: L4Protocol; readonly port?: number }[];
}

/** A NetworkPolicy as in the manifest. */
export interface NetworkPolicySpec {
  readonly name: string;
  readonly namespace?: string;
  readonly podSelector: Labels;
  /** Default: Ingress, plus Egress if egress rules are given (as the API server defaults it). */
  readonly policyTypes?: readonly ("Ingress" | "Egress")[];
  readonly ingress?: readonly PolicyRuleSpec[];
  readonly egress?: readonly PolicyRuleSpec[];
}

/** Everything a builder needs. */
export interface ClusterSpec {
  readonly name?: string;
  readonly description?: string;
  readonly nodes: readonly NodeSpec[];
  readonly pods?: readonly PodSpec[];
  readonly services?: readonly ServiceSpec[];
  readonly networkPolicies?: readonly NetworkPolicySpec[];
  /** Hosts outside the cluster on the same underlay (sources of NodePort walks). */
  readonly externalHosts?: readonly ExternalHostSpec[];
  /** kube-proxy in iptables mode on every node (default true). */
  readonly kubeProxy?: boolean;
  /** Extra notes carried into {@link Cluster.notes}. */
  readonly notes?: readonly string[];
}

/** A validated node. */
export interface NormalNode {
  readonly name: string;
  readonly index: number;
  /** Where the spec gave it (`nodes[1]`, `externalHosts[0]`), for error messages. */
  readonly path: string;
  readonly ip: Ipv4;
  readonly prefixLen: number;
  readonly subnet: Cidr;
  readonly nic: IfName;
  readonly mac: Mac;
  readonly mtu: number;
  readonly gateway: Ipv4;
  readonly spec: NodeSpec;
}

/** A validated pod (IP assigned later by the plugin's IPAM). */
export interface NormalPod {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly ip: Ipv4 | undefined;
  readonly mac: Mac;
  readonly labels: Labels;
  readonly spec: PodSpec;
  readonly path: string;
}

/** Locally administered unicast MAC derived from a seed string (stand-in for the kernel's random MACs). */
export function deterministicMac(seed: string): Mac {
  const a = fnv1a32(seed);
  const b = fnv1a32(`${seed}#mac`);
  const bytes = [((a >>> 24) & 0xfc) | 0x02, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255];
  return bytes.map((x) => x.toString(16).padStart(2, "0")).join(":") as Mac;
}

/** Validates nodes and pods; throws {@link PacketWalkInputError} naming the bad field. */
export function normaliseSpec(spec: ClusterSpec): { nodes: NormalNode[]; pods: NormalPod[]; externals: NormalNode[] } {
  if (spec.nodes.length === 0) throw new PacketWalkInputError("a cluster needs at least one node", "nodes");
  const seenNames = new Set<string>();
  const seenIps = new Set<string>();
  const host = (n: NodeSpec, index: number, path: string): NormalNode => {
    if (!n.name) throw new PacketWalkInputError("node name is empty", `${path}.name`);
    if (seenNames.has(n.name)) throw new PacketWalkInputError(`duplicate node name "${n.name}"`, `${path}.name`);
    seenNames.add(n.name);
    const parsed = parseAddressWithPrefix(n.ip);
    if (!parsed || parsed.prefixLen === 0 || parsed.prefixLen > 30) {
      throw new PacketWalkInputError(`"${n.ip}" is not a node address with prefix like 30.0.1.160/24`, `${path}.ip`);
    }
    if (seenIps.has(parsed.ip)) throw new PacketWalkInputError(`duplicate node IP ${parsed.ip}`, `${path}.ip`);
    seenIps.add(parsed.ip);
    const subnet = networkOf(parsed.ip, parsed.prefixLen);
    const mtu = n.mtu ?? 1500;
    if (!Number.isInteger(mtu) || mtu < 576 || mtu > 9216) throw new PacketWalkInputError(`MTU ${mtu} is outside 576-9216`, `${path}.mtu`);
    const gateway = n.gateway ? ipv4(n.gateway, `${path}.gateway`) : addressInCidr(subnet, 1);
    if (!cidrContains(subnet, gateway)) throw new PacketWalkInputError(`gateway ${gateway} is not in ${subnet}`, `${path}.gateway`);
    if (gateway === parsed.ip) throw new PacketWalkInputError(`the node's own address ${gateway} cannot be its gateway`, `${path}.gateway`);
    return {
      name: n.name,
      index,
      path,
      ip: parsed.ip,
      prefixLen: parsed.prefixLen,
      subnet,
      nic: ifName(n.nic ?? "ens3", `${path}.nic`),
      mac: n.mac ? mac(n.mac, `${path}.mac`) : deterministicMac(`nic|${n.name}|${parsed.ip}`),
      mtu,
      gateway,
      spec: n,
    };
  };
  const nodes = spec.nodes.map((n, index) => host(n, index, `nodes[${index}]`));
  const externals = (spec.externalHosts ?? []).map((n, index) => host(n, index, `externalHosts[${index}]`));
  const podNames = new Set<string>();
  const pods = (spec.pods ?? []).map((p, i): NormalPod => {
    const path = `pods[${i}]`;
    if (!p.name) throw new PacketWalkInputError("pod name is empty", `${path}.name`);
    if (podNames.has(p.name)) throw new PacketWalkInputError(`duplicate pod name "${p.name}" (the walk identifies namespaces as pod:<name>)`, `${path}.name`);
    podNames.add(p.name);
    if (!nodes.some((n) => n.name === p.node)) {
      const outside = externals.some((n) => n.name === p.node);
      throw new PacketWalkInputError(outside ? `pod "${p.name}" is on "${p.node}", a host outside the cluster, which runs no pods` : `pod "${p.name}" is on unknown node "${p.node}"`, `${path}.node`);
    }
    return {
      name: p.name,
      namespace: p.namespace ?? "default",
      node: p.node,
      ip: p.ip ? ipv4(p.ip, `${path}.ip`) : undefined,
      mac: p.mac ? mac(p.mac, `${path}.mac`) : deterministicMac(`pod|${p.namespace ?? "default"}|${p.name}`),
      labels: p.labels ?? {},
      spec: p,
      path,
    };
  });
  return { nodes, pods, externals };
}

/** Underlay segments (one per node or outside host subnet) and a router joining them at the gateway addresses. */
export function buildUnderlay(nodes: readonly NormalNode[]): { segments: UnderlaySegment[]; router: UnderlayRouter } {
  const segments: UnderlaySegment[] = [];
  const interfaces: RouterInterface[] = [];
  const seen = new Map<string, Ipv4>();
  for (const n of nodes) {
    const known = seen.get(n.subnet);
    if (known !== undefined) {
      if (known !== n.gateway) {
        throw new PacketWalkInputError(`hosts on ${n.subnet} disagree on the gateway (${known} vs ${n.gateway})`, `${n.path}.gateway`);
      }
      continue;
    }
    seen.set(n.subnet, n.gateway);
    segments.push({ name: n.subnet, cidr: n.subnet });
    interfaces.push({ name: `eth${interfaces.length}` as IfName, segment: n.subnet, ip: n.gateway, mac: deterministicMac(`router|${n.subnet}`) });
  }
  for (const n of nodes) {
    if (interfaces.some((i) => i.ip === n.ip)) throw new PacketWalkInputError(`address ${n.ip} is another host's gateway`, `${n.path}.ip`);
  }
  return { segments, router: { name: "router", interfaces } };
}

/** Allocates per-node pod subnets: explicit `podCidr` wins, else the next free subnet of `network`. */
export function allocateNodeSubnets(nodes: readonly NormalNode[], network: Cidr, subnetLen: number): Cidr[] {
  const netLen = Number(network.split("/")[1]);
  if (subnetLen < netLen || subnetLen > 30) throw new PacketWalkInputError(`subnet length /${subnetLen} does not fit in ${network}`, "options.subnetLen");
  const base = ipv4ToNumber(network.split("/")[0] as string) as number;
  const count = 2 ** (subnetLen - netLen);
  const size = 2 ** (32 - subnetLen);
  const used = new Set<string>();
  const explicit = nodes.map((n) => {
    if (!n.spec.podCidr) return undefined;
    const c = cidr(n.spec.podCidr, `nodes[${n.index}].podCidr`);
    if (Number(c.split("/")[1]) !== subnetLen) throw new PacketWalkInputError(`${c} is not a /${subnetLen}`, `nodes[${n.index}].podCidr`);
    if (!cidrContains(network, c.split("/")[0] as Ipv4)) throw new PacketWalkInputError(`${c} is outside the pod network ${network}`, `nodes[${n.index}].podCidr`);
    if (used.has(c)) throw new PacketWalkInputError(`${c} is already used by another node`, `nodes[${n.index}].podCidr`);
    used.add(c);
    return c;
  });
  let next = 0;
  return nodes.map((n, i) => {
    const given = explicit[i];
    if (given) return given;
    for (;;) {
      if (next >= count) throw new PacketWalkInputError(`${network} has only ${count} /${subnetLen} subnets for ${nodes.length} nodes`, "nodes");
      const c = `${numberToIpv4(base + next * size)}/${subnetLen}` as Cidr;
      next++;
      if (!used.has(c)) {
        used.add(c);
        return c;
      }
    }
  });
}

/** Assigns pod IPs from each node's subnet starting at `firstOffset`, honouring explicit IPs. */
export function assignPodIps(pods: readonly NormalPod[], subnetOf: ReadonlyMap<string, Cidr>, firstOffset: number): Ipv4[] {
  const used = new Set<string>();
  for (const p of pods) {
    if (!p.ip) continue;
    const sub = subnetOf.get(p.node) as Cidr;
    if (!cidrContains(sub, p.ip)) throw new PacketWalkInputError(`${p.ip} is outside ${p.node}'s pod subnet ${sub}`, `${p.path}.ip`);
    if (used.has(p.ip)) throw new PacketWalkInputError(`pod IP ${p.ip} is used twice`, `${p.path}.ip`);
    used.add(p.ip);
  }
  const cursor = new Map<string, number>();
  return pods.map((p) => {
    if (p.ip) return p.ip;
    const sub = subnetOf.get(p.node) as Cidr;
    const size = 2 ** (32 - Number(sub.split("/")[1]));
    let off = cursor.get(p.node) ?? firstOffset;
    for (;;) {
      if (off >= size - 1) throw new PacketWalkInputError(`${p.node}'s pod subnet ${sub} is full`, `${p.path}.node`);
      const ip = addressInCidr(sub, off);
      off++;
      if (!used.has(ip)) {
        used.add(ip);
        cursor.set(p.node, off);
        return ip;
      }
    }
  });
}

/** The standard host routes every builder starts from: default, connected underlay subnet, extras. */
export function baseHostRoutes(n: NormalNode): { defaultRoute: Route; connected: Route; extras: Route[] } {
  const dr = n.spec.defaultRoute;
  const defaultRoute: Route = {
    dst: "0.0.0.0/0" as Cidr,
    type: "unicast",
    via: n.gateway,
    dev: n.nic,
    ...(dr?.proto ? { proto: dr.proto } : {}),
    ...(dr?.withSrc ? { src: n.ip } : {}),
    ...(dr?.metric !== undefined ? { metric: dr.metric } : {}),
  };
  const connected: Route = { dst: n.subnet, type: "unicast", dev: n.nic, proto: "kernel", scope: "link", src: n.ip };
  const extras = (n.spec.extraRoutes ?? []).map((r, i): Route => {
    const path = `nodes[${n.index}].extraRoutes[${i}]`;
    return {
      dst: cidr(r.dst.includes("/") ? r.dst : `${r.dst}/32`, `${path}.dst`),
      type: "unicast",
      ...(r.via ? { via: ipv4(r.via, `${path}.via`) } : {}),
      ...(r.dev ? { dev: ifName(r.dev, `${path}.dev`) } : {}),
      ...(r.proto ? { proto: r.proto } : {}),
      ...(r.scope ? { scope: r.scope } : {}),
      ...(r.src ? { src: ipv4(r.src, `${path}.src`) } : {}),
      ...(r.metric !== undefined ? { metric: r.metric } : {}),
      ...(r.onlink ? { onlink: true } : {}),
      ...(r.linkdown ? { linkdown: true } : {}),
    };
  });
  return { defaultRoute, connected, extras };
}

/** Extra devices (docker0 ...) with their connected routes, ifindexes starting at `firstIfindex`. */
export function extraDevices(n: NormalNode, firstIfindex: number): { devices: Device[]; routes: Route[] } {
  const devices: Device[] = [];
  const routes: Route[] = [];
  (n.spec.extraDevices ?? []).forEach((d, i) => {
    const path = `nodes[${n.index}].extraDevices[${i}]`;
    const name = ifName(d.name, `${path}.name`);
    const addresses = (d.addresses ?? []).map((a, j) => {
      const parsed = parseAddressWithPrefix(a);
      if (!parsed) throw new PacketWalkInputError(`"${a}" is not an address with prefix`, `${path}.addresses[${j}]`);
      return { ip: parsed.ip, prefixLen: parsed.prefixLen, scope: "global" as const };
    });
    devices.push({ kind: "bridge", name, ifindex: firstIfindex + i, mtu: d.mtu ?? 1500, addresses, up: true, mac: d.mac ? mac(d.mac, `${path}.mac`) : deterministicMac(`extra|${n.name}|${d.name}`) });
    for (const a of addresses) {
      routes.push({ dst: networkOf(a.ip, a.prefixLen), type: "unicast", dev: name, proto: "kernel", scope: "link", src: a.ip, ...(d.linkdown ? { linkdown: true } : {}) });
    }
  });
  return { devices, routes };
}

/** Sorts routes as the kernel lists them: default first, then by network address and prefix length. */
export function sortRoutes(routes: readonly Route[]): Route[] {
  const key = (r: Route) => {
    const [ip, len] = r.dst.split("/");
    return { n: ipv4ToNumber(ip as string) as number, len: Number(len) };
  };
  return [...routes].sort((a, b) => {
    const ka = key(a), kb = key(b);
    if (ka.len === 0 || kb.len === 0) return ka.len - kb.len;
    return ka.n - kb.n || ka.len - kb.len;
  });
}

const routeKeys = new WeakMap<Route, readonly [number, number]>();

/** Sort key of a route (default route first), memoised per shared route object. */
function routeKey(r: Route): readonly [number, number] {
  let k = routeKeys.get(r);
  if (!k) {
    const slash = r.dst.indexOf("/");
    const len = Number(r.dst.slice(slash + 1));
    k = [len === 0 ? -1 : (ipv4ToNumber(r.dst.slice(0, slash)) as number), len];
    routeKeys.set(r, k);
  }
  return k;
}

/** Merges two route lists that are each already sorted by {@link sortRoutes}' order (O(n)). */
export function mergeSortedRoutes(a: readonly Route[], b: readonly Route[]): Route[] {
  const out: Route[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const ra = a[i], rb = b[j];
    if (ra === undefined) { out.push(rb as Route); j++; continue; }
    if (rb === undefined) { out.push(ra); i++; continue; }
    const [na, la] = routeKey(ra), [nb, lb] = routeKey(rb);
    if (na < nb || (na === nb && la <= lb)) { out.push(ra); i++; } else { out.push(rb); j++; }
  }
  return out;
}

/** Builds Services with endpoints derived from pod labels (ready pods only; all modelled pods are ready). */
export function buildServices(specs: readonly ServiceSpec[], pods: readonly PodInfo[], clusterCidr: Cidr): Service[] {
  const clusterIps = new Set<string>();
  const nodePorts = new Set<string>();
  return specs.map((s, i) => {
    const path = `services[${i}]`;
    const clusterIp = ipv4(s.clusterIp, `${path}.clusterIp`);
    if (cidrContains(clusterCidr, clusterIp)) throw new PacketWalkInputError(`ClusterIP ${clusterIp} overlaps the pod network ${clusterCidr}`, `${path}.clusterIp`);
    if (clusterIps.has(clusterIp)) throw new PacketWalkInputError(`ClusterIP ${clusterIp} is used twice`, `${path}.clusterIp`);
    clusterIps.add(clusterIp);
    const namespace = s.namespace ?? "default";
    const type = s.type ?? "ClusterIP";
    if (s.ports.length === 0) throw new PacketWalkInputError("a Service needs at least one port", `${path}.ports`);
    const ports = s.ports.map((p, j) => {
      const pp = `${path}.ports[${j}]`;
      const check = (v: number, f: string) => {
        if (!Number.isInteger(v) || v < 1 || v > 65535) throw new PacketWalkInputError(`${v} is not a port (1-65535)`, `${pp}.${f}`);
      };
      check(p.port, "port");
      if (p.targetPort !== undefined) check(p.targetPort, "targetPort");
      if (p.nodePort !== undefined) {
        if (type !== "NodePort") throw new PacketWalkInputError("nodePort needs type NodePort", `${pp}.nodePort`);
        // kube-apiserver's default --service-node-port-range.
        if (!Number.isInteger(p.nodePort) || p.nodePort < 30000 || p.nodePort > 32767) {
          throw new PacketWalkInputError(`nodePort ${p.nodePort} is outside the default range 30000-32767`, `${pp}.nodePort`);
        }
        const key = `${p.protocol ?? "tcp"}|${p.nodePort}`;
        if (nodePorts.has(key)) throw new PacketWalkInputError(`nodePort ${p.nodePort} is used twice`, `${pp}.nodePort`);
        nodePorts.add(key);
      }
      if (type === "NodePort" && p.nodePort === undefined) throw new PacketWalkInputError("a NodePort Service port needs nodePort (the walk does not allocate one)", `${pp}.nodePort`);
      return {
        name: p.name ?? "",
        protocol: p.protocol ?? "tcp",
        port: p.port,
        targetPort: p.targetPort ?? p.port,
        ...(p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
      };
    });
    const endpoints = Object.keys(s.selector).length === 0
      ? []
      : pods.filter((p) => p.namespace === namespace && labelsMatch(s.selector, p.labels)).map((p) => ({ ip: p.ip, pod: p.name, node: p.node }));
    return { name: s.name, namespace, type, clusterIp, ports, selector: s.selector, endpoints };
  });
}

function normalisePeer(p: PolicyPeerSpec, path: string): PolicyPeer {
  return {
    ...(p.podSelector ? { podSelector: p.podSelector } : {}),
    ...(p.namespaceSelector ? { namespaceSelector: p.namespaceSelector } : {}),
    ...(p.ipBlock
      ? { ipBlock: { cidr: cidr(p.ipBlock.cidr, `${path}.ipBlock.cidr`), ...(p.ipBlock.except ? { except: p.ipBlock.except.map((e, k) => cidr(e, `${path}.ipBlock.except[${k}]`)) } : {}) } }
      : {}),
  };
}

function normaliseRules(rules: readonly PolicyRuleSpec[] | undefined, path: string): PolicyRule[] {
  return (rules ?? []).map((r, i) => ({
    ...(r.peers ? { peers: r.peers.map((p, j) => normalisePeer(p, `${path}[${i}].peers[${j}]`)) } : {}),
    ...(r.ports ? { ports: r.ports.map((p) => ({ protocol: p.protocol ?? "tcp", ...(p.port !== undefined ? { port: p.port } : {}) })) } : {}),
  }));
}

/** Validates NetworkPolicies, defaulting policyTypes as the API server does. */
export function buildPolicies(specs: readonly NetworkPolicySpec[]): NetworkPolicy[] {
  return specs.map((p, i) => {
    const path = `networkPolicies[${i}]`;
    const policyTypes = p.policyTypes ?? (p.egress && p.egress.length > 0 ? ["Ingress", "Egress"] : ["Ingress"]);
    return {
      name: p.name,
      namespace: p.namespace ?? "default",
      podSelector: p.podSelector,
      policyTypes,
      ingress: normaliseRules(p.ingress, `${path}.ingress`),
      egress: normaliseRules(p.egress, `${path}.egress`),
    };
  });
}

/** Flannel-style host veth name: `veth` + 8 hex digits (CNI picks them at random; here they are hashed). */
export function flannelVethName(pod: NormalPod): IfName {
  return `veth${fnv1a32(`${pod.namespace}/${pod.name}`).toString(16).padStart(8, "0")}` as IfName;
}
