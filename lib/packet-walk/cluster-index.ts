/**
 * Lookup indexes over a {@link Cluster}, memoised per object in WeakMaps.
 *
 * The cluster itself stays plain data; indexes are derived once and reused, so
 * every per-hop lookup is a hash probe (or ≤33 probes for LPM) instead of a scan
 * over nodes, routes or pods.
 */
import { ipv4ToNumber, type IfName, type Ipv4, type Mac } from "./addresses";
import { buildLpm, lpmLookup, type LpmIndex } from "./lpm";
import type {
  AddressScope,
  BridgeDevice,
  Cluster,
  ClusterNode,
  Device,
  FdbEntry,
  FlanneldUdpProcess,
  FlannelLease,
  InterfaceAddress,
  IpipDevice,
  NeighbourEntry,
  Netns,
  NetnsId,
  NetworkPolicy,
  PodInfo,
  RejectedRoute,
  Route,
  RouterInterface,
  Service,
  ServicePort,
  VxlanDevice,
} from "./model";

/** Indexes over one network namespace. */
export interface NetnsIndex {
  readonly netns: Netns;
  readonly node: string;
  readonly devices: ReadonlyMap<string, Device>;
  /** Devices in ifindex order (source-address fallback walks them in this order, like the kernel). */
  readonly devicesByIfindex: readonly Device[];
  readonly routes: LayeredLpm<Route>;
  readonly rejected: LpmIndex<RejectedRoute>;
  /** dev → ip → entry. */
  readonly neighbours: LayeredMap<NeighbourEntry>;
  /** dev → mac for `self` (VXLAN) entries, bridge → mac for bridge entries. */
  readonly fdb: LayeredMap<FdbEntry>;
  /** Local addresses → owning device (the kernel's `local` table). */
  readonly localAddresses: ReadonlyMap<string, { readonly device: Device; readonly address: InterfaceAddress }>;
  readonly bridgePorts: ReadonlyMap<string, readonly Device[]>;
  readonly vxlanByPort: ReadonlyMap<number, VxlanDevice>;
  readonly ipip: IpipDevice | undefined;
  readonly flanneld: { readonly process: FlanneldUdpProcess; readonly leases: LpmIndex<FlannelLease> } | undefined;
}

/** Something answering ARP on an underlay segment. */
export type SegmentStation =
  | { readonly kind: "node"; readonly node: string; readonly device: IfName; readonly ip: Ipv4; readonly mac: Mac }
  | { readonly kind: "router"; readonly router: string; readonly iface: RouterInterface };

/** Indexes over one underlay segment. */
export interface SegmentIndex {
  readonly byIp: ReadonlyMap<string, SegmentStation>;
  readonly byMac: ReadonlyMap<string, SegmentStation>;
}

/** Indexes over a whole cluster. */
export interface ClusterIndex {
  readonly cluster: Cluster;
  readonly nodes: ReadonlyMap<string, ClusterNode>;
  readonly nodeByIp: ReadonlyMap<string, ClusterNode>;
  readonly podsByName: ReadonlyMap<string, PodInfo>;
  readonly podsByIp: ReadonlyMap<string, PodInfo>;
  /** Key `node|hostInterface` → pod: identifies Calico workload interfaces. */
  readonly workloadInterfaces: ReadonlyMap<string, PodInfo>;
  readonly segments: ReadonlyMap<string, SegmentIndex>;
  /** Key `clusterIp|proto|port`. */
  readonly servicesByClusterIp: ReadonlyMap<string, { readonly service: Service; readonly port: ServicePort }>;
  /** Key `proto|nodePort`. */
  readonly servicesByNodePort: ReadonlyMap<string, { readonly service: Service; readonly port: ServicePort }>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly NetworkPolicy[]>;
  /** Looks up (and lazily indexes) a namespace. */
  netns(node: string, id: NetnsId): NetnsIndex | undefined;
}

/**
 * Entries (route, neighbour, FDB objects) that many namespaces share. Builders
 * reuse one immutable object per remote node in every node's table, so a
 * 1000-node flannel cluster has a million route references but only a thousand
 * distinct routes. Indexing the shared objects once per cluster, plus a small
 * per-namespace list of shared entries it does NOT have, keeps per-node index
 * memory proportional to local state and the hot tables in CPU cache.
 */
export interface SharedEntries {
  readonly routes: ReadonlySet<Route>;
  readonly routeLpm: LpmIndex<Route>;
  readonly neighbours: ReadonlySet<NeighbourEntry>;
  readonly neighbourMap: ReadonlyMap<string, ReadonlyMap<string, readonly NeighbourEntry[]>>;
  readonly fdb: ReadonlySet<FdbEntry>;
  readonly fdbMap: ReadonlyMap<string, ReadonlyMap<string, readonly FdbEntry[]>>;
}

/** LPM over a namespace's own routes, optionally layered over a shared index minus exclusions. */
export interface LayeredLpm<T> {
  readonly local: LpmIndex<T>;
  readonly shared?: { readonly index: LpmIndex<T>; readonly excluded: ReadonlySet<T> };
  /** Union of prefix lengths, longest first. */
  readonly lengths: readonly number[];
}

/** Two-level keyed map (table → key → entry), optionally layered like {@link LayeredLpm}. */
export interface LayeredMap<T> {
  readonly local: ReadonlyMap<string, ReadonlyMap<string, T>>;
  readonly shared?: { readonly map: ReadonlyMap<string, ReadonlyMap<string, readonly T[]>>; readonly excluded: ReadonlySet<T> };
}

/** Longest-prefix lookup in a layered LPM (all items at the winning prefix length). */
export function layeredLookup<T>(l: LayeredLpm<T>, ip: number): readonly T[] | undefined {
  if (!l.shared) return lpmLookup(l.local, ip);
  const { index, excluded } = l.shared;
  for (const len of l.lengths) {
    const key = len === 0 ? 0 : len === 32 ? ip : ip >>> (32 - len);
    const local = l.local.maps.get(len)?.get(key);
    const shared = index.maps.get(len)?.get(key);
    let kept = shared;
    if (shared && excluded.size > 0) {
      // Usually one shared route per prefix: avoid allocating unless something is excluded.
      if (shared.length === 1) kept = excluded.has(shared[0] as T) ? undefined : shared;
      else kept = shared.filter((x) => !excluded.has(x));
    }
    if (local && kept && kept.length > 0) return [...local, ...kept];
    if (local) return local;
    if (kept && kept.length > 0) return kept;
  }
  return undefined;
}

/** Keyed lookup in a layered map. */
export function layeredGet<T>(m: LayeredMap<T>, table: string, key: string): T | undefined {
  const hit = m.local.get(table)?.get(key);
  if (hit || !m.shared) return hit;
  const list = m.shared.map.get(table)?.get(key);
  if (!list) return undefined;
  for (const x of list) if (!m.shared.excluded.has(x)) return x;
  return undefined;
}

function tableMap<T>(items: Iterable<T>, tableOf: (x: T) => string, keyOf: (x: T) => string): Map<string, Map<string, T>> {
  const out = new Map<string, Map<string, T>>();
  for (const x of items) {
    const t = tableOf(x);
    let inner = out.get(t);
    if (!inner) out.set(t, (inner = new Map()));
    inner.set(keyOf(x), x);
  }
  return out;
}

function tableListMap<T>(items: Iterable<T>, tableOf: (x: T) => string, keyOf: (x: T) => string): Map<string, Map<string, T[]>> {
  const out = new Map<string, Map<string, T[]>>();
  for (const x of items) {
    const t = tableOf(x);
    let inner = out.get(t);
    if (!inner) out.set(t, (inner = new Map()));
    const k = keyOf(x);
    const list = inner.get(k);
    if (list) list.push(x);
    else inner.set(k, [x]);
  }
  return out;
}

/**
 * Splits a namespace's entries into local ones and shared ones; returns the
 * exclusions (shared entries it lacks) when layering pays off, else undefined.
 */
function split<T>(items: readonly T[], shared: ReadonlySet<T> | undefined): { local: T[]; excluded: Set<T> } | undefined {
  if (!shared || shared.size === 0) return undefined;
  const local: T[] = [];
  const present = new Set<T>();
  for (const x of items) {
    if (shared.has(x)) present.add(x);
    else local.push(x);
  }
  // Layer only when the namespace holds most shared entries (few exclusions to store).
  if (present.size * 2 < shared.size) return undefined;
  const excluded = new Set<T>();
  for (const x of shared) if (!present.has(x)) excluded.add(x);
  return { local, excluded };
}

function mergeLengths(a: readonly number[], b: readonly number[]): number[] {
  return [...new Set([...a, ...b])].sort((x, y) => y - x);
}

const fdbTable = (f: FdbEntry) => f.master ?? f.dev;

const netnsCache = new WeakMap<Netns, NetnsIndex>();
const clusterCache = new WeakMap<Cluster, ClusterIndex>();

/**
 * Indexes one namespace (memoised per Netns object). With `shared`, entries the
 * namespace shares with others are looked up in the cluster-wide shared index.
 */
export function indexNetns(node: string, netns: Netns, shared?: SharedEntries): NetnsIndex {
  const cached = netnsCache.get(netns);
  if (cached && cached.node === node) return cached;
  const devices = new Map<string, Device>();
  const localAddresses = new Map<string, { device: Device; address: InterfaceAddress }>();
  const bridgePorts = new Map<string, Device[]>();
  const vxlanByPort = new Map<number, VxlanDevice>();
  let ipip: IpipDevice | undefined;
  for (const d of netns.devices) {
    devices.set(d.name, d);
    for (const a of d.addresses) if (!localAddresses.has(a.ip)) localAddresses.set(a.ip, { device: d, address: a });
    if (d.master) {
      const ports = bridgePorts.get(d.master) ?? [];
      ports.push(d);
      bridgePorts.set(d.master, ports);
    }
    if (d.kind === "vxlan") vxlanByPort.set(d.dstPort, d);
    if (d.kind === "ipip") ipip = d;
  }
  const routeSplit = split(netns.routes, shared?.routes);
  const localRoutes = buildLpm(routeSplit ? routeSplit.local : netns.routes, (r) => r.dst);
  const routes: LayeredLpm<Route> =
    routeSplit && shared
      ? { local: localRoutes, shared: { index: shared.routeLpm, excluded: routeSplit.excluded }, lengths: mergeLengths(localRoutes.lengths, shared.routeLpm.lengths) }
      : { local: localRoutes, lengths: localRoutes.lengths };
  const neighSplit = split(netns.neighbours, shared?.neighbours);
  const neighbours: LayeredMap<NeighbourEntry> = {
    local: tableMap(neighSplit ? neighSplit.local : netns.neighbours, (n) => n.dev, (n) => n.ip),
    ...(neighSplit && shared ? { shared: { map: shared.neighbourMap, excluded: neighSplit.excluded } } : {}),
  };
  const fdbSplit = split(netns.fdb, shared?.fdb);
  const fdb: LayeredMap<FdbEntry> = {
    local: tableMap(fdbSplit ? fdbSplit.local : netns.fdb, fdbTable, (f) => f.mac),
    ...(fdbSplit && shared ? { shared: { map: shared.fdbMap, excluded: fdbSplit.excluded } } : {}),
  };
  const proc = netns.userspace.find((p) => p.kind === "flanneld-udp");
  const index: NetnsIndex = {
    netns,
    node,
    devices,
    devicesByIfindex: [...netns.devices].sort((a, b) => a.ifindex - b.ifindex),
    routes,
    rejected: buildLpm(netns.rejectedRoutes, (r) => r.route.dst),
    neighbours,
    fdb,
    localAddresses,
    bridgePorts,
    vxlanByPort,
    ipip,
    flanneld: proc ? { process: proc, leases: buildLpm(proc.leases, (l) => l.subnet) } : undefined,
  };
  netnsCache.set(netns, index);
  return index;
}

/** Indexes a cluster (memoised per Cluster object); namespaces are indexed lazily on first visit. */
export function indexCluster(cluster: Cluster): ClusterIndex {
  const cached = clusterCache.get(cluster);
  if (cached) return cached;
  const nodes = new Map<string, ClusterNode>();
  const nodeByIp = new Map<string, ClusterNode>();
  const netnsById = new Map<string, Map<string, Netns>>();
  const indexed = new Map<string, Map<string, NetnsIndex>>();
  const segments = new Map<string, { byIp: Map<string, SegmentStation>; byMac: Map<string, SegmentStation> }>();
  const segmentOf = (name: string) => {
    let s = segments.get(name);
    if (!s) {
      s = { byIp: new Map(), byMac: new Map() };
      segments.set(name, s);
    }
    return s;
  };
  for (const node of cluster.nodes) {
    nodes.set(node.name, node);
    nodeByIp.set(node.ip, node);
    netnsById.set(node.name, new Map(node.namespaces.map((ns) => [ns.id, ns])));
    const host = node.namespaces.find((ns) => ns.id === "host");
    for (const d of host?.devices ?? []) {
      if (d.kind !== "physical") continue;
      const seg = segmentOf(d.segment);
      for (const a of d.addresses) {
        const station: SegmentStation = { kind: "node", node: node.name, device: d.name, ip: a.ip, mac: d.mac };
        seg.byIp.set(a.ip, station);
        seg.byMac.set(d.mac, station);
      }
    }
  }
  const shared = sharedEntries(cluster);
  const router = cluster.underlay.router;
  for (const iface of router?.interfaces ?? []) {
    const station: SegmentStation = { kind: "router", router: router?.name ?? "router", iface };
    const seg = segmentOf(iface.segment);
    seg.byIp.set(iface.ip, station);
    seg.byMac.set(iface.mac, station);
  }
  const podsByName = new Map<string, PodInfo>();
  const podsByIp = new Map<string, PodInfo>();
  const workloadInterfaces = new Map<string, PodInfo>();
  for (const p of cluster.pods) {
    podsByName.set(p.name, p);
    podsByIp.set(p.ip, p);
    workloadInterfaces.set(`${p.node}|${p.hostInterface}`, p);
  }
  const servicesByClusterIp = new Map<string, { service: Service; port: ServicePort }>();
  const servicesByNodePort = new Map<string, { service: Service; port: ServicePort }>();
  for (const service of cluster.services) {
    for (const port of service.ports) {
      servicesByClusterIp.set(`${service.clusterIp}|${port.protocol}|${port.port}`, { service, port });
      if (service.type === "NodePort" && port.nodePort !== undefined) {
        servicesByNodePort.set(`${port.protocol}|${port.nodePort}`, { service, port });
      }
    }
  }
  const policiesByNamespace = new Map<string, NetworkPolicy[]>();
  for (const pol of cluster.networkPolicies) {
    const list = policiesByNamespace.get(pol.namespace) ?? [];
    list.push(pol);
    policiesByNamespace.set(pol.namespace, list);
  }
  const index: ClusterIndex = {
    cluster,
    nodes,
    nodeByIp,
    podsByName,
    podsByIp,
    workloadInterfaces,
    segments,
    servicesByClusterIp,
    servicesByNodePort,
    policiesByNamespace,
    netns(node, id) {
      const hit = indexed.get(node)?.get(id);
      if (hit) return hit;
      const ns = netnsById.get(node)?.get(id);
      if (!ns) return undefined;
      const built = indexNetns(node, ns, shared);
      let perNode = indexed.get(node);
      if (!perNode) indexed.set(node, (perNode = new Map()));
      perNode.set(id, built);
      return built;
    },
  };
  clusterCache.set(cluster, index);
  return index;
}

/** Finds entry objects referenced by two or more namespaces and indexes them once. */
function sharedEntries(cluster: Cluster): SharedEntries {
  const routeCount = new Map<Route, number>();
  const neighCount = new Map<NeighbourEntry, number>();
  const fdbCount = new Map<FdbEntry, number>();
  const bump = <T>(m: Map<T, number>, x: T) => m.set(x, (m.get(x) ?? 0) + 1);
  for (const node of cluster.nodes) {
    for (const ns of node.namespaces) {
      for (const r of ns.routes) bump(routeCount, r);
      for (const n of ns.neighbours) bump(neighCount, n);
      for (const f of ns.fdb) bump(fdbCount, f);
    }
  }
  const many = <T>(m: Map<T, number>) => new Set([...m].filter(([, c]) => c > 1).map(([x]) => x));
  const routes = many(routeCount);
  const neighbours = many(neighCount);
  const fdb = many(fdbCount);
  return {
    routes,
    routeLpm: buildLpm([...routes], (r) => r.dst),
    neighbours,
    neighbourMap: tableListMap(neighbours, (n) => n.dev, (n) => n.ip),
    fdb,
    fdbMap: tableListMap(fdb, fdbTable, (f) => f.mac),
  };
}

/**
 * Indexes a cluster and every namespace eagerly. Walks index lazily anyway; call
 * this to move the one-off cost out of the first walks (benchmarks, servers).
 */
export function prepareCluster(cluster: Cluster): Cluster {
  const idx = indexCluster(cluster);
  for (const node of cluster.nodes) for (const ns of node.namespaces) idx.netns(node.name, ns.id);
  return cluster;
}

/** Kernel route lookup: longest prefix, then lowest metric (`ip route get`). */
export function lookupRoute(ns: NetnsIndex, dst: Ipv4): Route | undefined {
  const hits = layeredLookup(ns.routes, ipv4ToNumber(dst) as number);
  if (!hits || hits.length === 0) return undefined;
  let best = hits[0] as Route;
  for (const r of hits) if ((r.metric ?? 0) < (best.metric ?? 0)) best = r;
  return best;
}

/** A route an agent tried and failed to install that would have matched `dst`. */
export function lookupRejectedRoute(ns: NetnsIndex, dst: Ipv4): RejectedRoute | undefined {
  return lpmLookup(ns.rejected, ipv4ToNumber(dst) as number)?.[0];
}

const SCOPE_VALUE: Record<AddressScope, number> = { global: 0, link: 253, host: 254 };

/** The scope of a route as the kernel stores it (gateway routes are universe, device routes link). */
export function routeScope(r: Route): AddressScope {
  return r.scope ?? (r.via ? "global" : "link");
}

function inSubnet(a: InterfaceAddress, ip: Ipv4): boolean {
  const mask = a.prefixLen === 0 ? 0 : (0xffffffff << (32 - a.prefixLen)) >>> 0;
  return (((ipv4ToNumber(a.ip) as number) & mask) >>> 0) === (((ipv4ToNumber(ip) as number) & mask) >>> 0);
}

/**
 * Source-address selection, following the kernel's inet_select_addr(): prefer an
 * address on the output device in the same subnet as `dst`, else the device's
 * first address of acceptable scope, else the first non-link-scope address of any
 * device in ifindex order. This is why the seed's traceroute shows 10.244.2.0
 * (node2's flannel.1) for hop 2.
 */
export function selectSourceAddress(ns: NetnsIndex, dev: IfName | undefined, dst: Ipv4 | undefined, scope: AddressScope): Ipv4 | undefined {
  const limit = SCOPE_VALUE[scope];
  const device = dev ? ns.devices.get(dev) : undefined;
  if (device) {
    let fallback: Ipv4 | undefined;
    for (const a of device.addresses) {
      if (SCOPE_VALUE[a.scope] > limit) continue;
      if (!dst || inSubnet(a, dst)) return a.ip;
      fallback ??= a.ip;
    }
    if (fallback) return fallback;
  }
  for (const d of ns.devicesByIfindex) {
    for (const a of d.addresses) {
      if (a.scope !== "link" && SCOPE_VALUE[a.scope] <= limit) return a.ip;
    }
  }
  return undefined;
}

/** The bridge device a port belongs to. */
export function bridgeOf(ns: NetnsIndex, port: Device): BridgeDevice | undefined {
  if (!port.master) return undefined;
  const br = ns.devices.get(port.master);
  return br?.kind === "bridge" ? br : undefined;
}
