/**
 * Namespace assembly shared by the plugin builders: pod namespaces as the CNI
 * plugins configure them, host-side veths, and the final Cluster record.
 */
import { ifName, type Cidr, type IfName, type Ipv4, type Mac } from "../addresses";
import { sha1Hex } from "../hash";
import type {
  Cluster,
  CniMode,
  ClusterNode,
  Device,
  FdbEntry,
  LoopbackDevice,
  NeighbourEntry,
  Netns,
  PodInfo,
  RejectedRoute,
  Route,
  UserspaceProcess,
  VethDevice,
} from "../model";
import { buildPolicies, buildServices, type ClusterSpec, type NormalNode, type NormalPod } from "./spec";

/** Ifindex of eth0 inside a pod namespace (1 is lo; the seed's pods show `3: eth0@ifN`). */
export const POD_ETH0_IFINDEX = 3;

/** Calico's host-side MAC for every cali* interface (Calico FAQ: all cali* show ee:ee:ee:ee:ee:ee). */
export const CALICO_HOST_MAC = "ee:ee:ee:ee:ee:ee" as Mac;

/** Calico's link-local gateway every pod routes to, answered by proxy ARP. */
export const CALICO_GATEWAY = "169.254.1.1" as Ipv4;

/** `cali` + first 11 hex digits of sha1("<namespace>.<pod>"), as Calico's CNI plugin names host veths. */
export function calicoVethName(namespace: string, pod: string): IfName {
  return `cali${sha1Hex(`${namespace}.${pod}`).slice(0, 11)}` as IfName;
}

/** The loopback device every namespace has. */
export function loopback(): LoopbackDevice {
  return { kind: "loopback", name: "lo" as IfName, ifindex: 1, mtu: 65536, addresses: [{ ip: "127.0.0.1" as Ipv4, prefixLen: 8, scope: "host" }], up: true };
}

/** How the pod's side is wired: a bridge plugin (flannel) or Calico's routed /32 with 169.254.1.1. */
export type PodStyle = "bridge" | "calico";

/** Builds a pod's namespace: lo + eth0 (veth) with the routes its CNI plugin installs. */
export function podNetns(
  pod: NormalPod,
  ip: Ipv4,
  mtu: number,
  style: PodStyle,
  bridge: { readonly subnet: Cidr; readonly gateway: Ipv4; readonly network: Cidr } | undefined,
  host: { readonly name: IfName; readonly ifindex: number },
): Netns {
  const eth0: VethDevice = {
    kind: "veth",
    name: "eth0" as IfName,
    ifindex: POD_ETH0_IFINDEX,
    mtu,
    mac: pod.mac,
    addresses: [{ ip, prefixLen: style === "calico" || !bridge ? 32 : Number(bridge.subnet.split("/")[1]), scope: "global" }],
    up: true,
    peer: { netns: "host", device: host.name, ifindex: host.ifindex },
    proxyArp: false,
  };
  let routes: Route[];
  if (style === "calico" || !bridge) {
    routes = [
      { dst: "0.0.0.0/0" as Cidr, type: "unicast", via: CALICO_GATEWAY, dev: eth0.name },
      { dst: `${CALICO_GATEWAY}/32` as Cidr, type: "unicast", dev: eth0.name, scope: "link" },
    ];
  } else {
    // flannel's CNI config: bridge plugin with isDefaultGateway plus a route to the whole flannel network.
    routes = [
      { dst: "0.0.0.0/0" as Cidr, type: "unicast", via: bridge.gateway, dev: eth0.name },
      { dst: bridge.network, type: "unicast", via: bridge.gateway, dev: eth0.name },
      { dst: bridge.subnet, type: "unicast", dev: eth0.name, proto: "kernel", scope: "link", src: ip },
    ];
  }
  return { id: `pod:${pod.name}`, devices: [loopback(), eth0], routes, neighbours: [], fdb: [], ipForward: false, userspace: [], rejectedRoutes: [] };
}

/** The host end of a pod's veth pair. */
export function hostVeth(
  pod: NormalPod,
  defaults: { readonly name: IfName; readonly mac: Mac; readonly ifindex: number },
  mtu: number,
  style: PodStyle,
  master: IfName | undefined,
): VethDevice {
  const h = pod.spec.hostInterface;
  return {
    kind: "veth",
    name: h?.name ? ifName(h.name, `${pod.path}.hostInterface.name`) : defaults.name,
    ifindex: h?.ifindex ?? defaults.ifindex,
    mtu,
    mac: defaults.mac,
    addresses: [],
    up: true,
    ...(master ? { master } : {}),
    peer: { netns: `pod:${pod.name}`, device: "eth0" as IfName, ifindex: POD_ETH0_IFINDEX },
    // Calico enables proxy_arp so the pod's ARP for 169.254.1.1 gets the host's MAC.
    proxyArp: style === "calico",
  };
}

/** The host namespace record. */
export function hostNetns(
  devices: readonly Device[],
  routes: readonly Route[],
  neighbours: readonly NeighbourEntry[],
  fdb: readonly FdbEntry[],
  userspace: readonly UserspaceProcess[] = [],
  rejectedRoutes: readonly RejectedRoute[] = [],
): Netns {
  return { id: "host", devices, routes, neighbours, fdb, ipForward: true, userspace, rejectedRoutes };
}

/** A host off the cluster: lo and its NIC, the connected and default routes, no forwarding. */
function externalHost(n: NormalNode): ClusterNode {
  const nic: Device = { kind: "physical", name: n.nic, ifindex: 2, mtu: n.mtu, mac: n.mac, addresses: [{ ip: n.ip, prefixLen: n.prefixLen, scope: "global" }], up: true, segment: n.subnet };
  const routes: Route[] = [
    { dst: "0.0.0.0/0" as Cidr, type: "unicast", via: n.gateway, dev: n.nic },
    { dst: n.subnet, type: "unicast", dev: n.nic, proto: "kernel", scope: "link", src: n.ip },
  ];
  const host: Netns = { id: "host", devices: [loopback(), nic], routes, neighbours: [], fdb: [], ipForward: false, userspace: [], rejectedRoutes: [] };
  return { name: n.name, ip: n.ip, external: true, namespaces: [host] };
}

/** Assembles the Cluster record (Services and policies are derived here). */
export function assembleCluster(args: {
  readonly spec: ClusterSpec;
  readonly externals: readonly NormalNode[];
  readonly mode: CniMode;
  readonly description: string;
  readonly clusterCidr: Cidr;
  readonly nodes: readonly NormalNode[];
  readonly podCidrs: readonly Cidr[];
  readonly namespaces: readonly (readonly Netns[])[];
  readonly pods: readonly PodInfo[];
  readonly policyEngine: "none" | "calico";
  readonly underlay: Cluster["underlay"];
  readonly notes: readonly string[];
}): Cluster {
  const nodes: ClusterNode[] = args.nodes.map((n, i) => ({
    name: n.name,
    ip: n.ip,
    podCidr: args.podCidrs[i] as Cidr,
    namespaces: args.namespaces[i] ?? [],
  }));
  for (const host of args.externals) nodes.push(externalHost(host));
  return {
    name: args.spec.name ?? args.mode,
    description: args.spec.description ?? args.description,
    mode: args.mode,
    clusterCidr: args.clusterCidr,
    nodes,
    pods: args.pods,
    services: buildServices(args.spec.services ?? [], args.pods, args.clusterCidr),
    networkPolicies: buildPolicies(args.spec.networkPolicies ?? []),
    policyEngine: args.policyEngine,
    kubeProxy: args.spec.kubeProxy ?? true,
    underlay: args.underlay,
    notes: [...args.notes, ...(args.spec.notes ?? [])],
  };
}
