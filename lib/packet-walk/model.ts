/**
 * The cluster data model: plain, serialisable, immutable data.
 *
 * Everything a walk consults is here, shaped like what `ip link`, `ip route`,
 * `ip neigh`, `bridge fdb` and `iptables -t nat` would print on a real node, so a
 * hop can quote the exact table entry that decided it. Builders derive this data;
 * the walker never mutates it (indexes are memoised on the side).
 */
import type { Cidr, IfName, Ipv4, Mac } from "./addresses";

/** A network namespace id: the node's root namespace or a pod's own namespace. */
export type NetnsId = "host" | `pod:${string}`;

/** Identifies one interface in one namespace on one node (what a diagram highlights). */
export interface DeviceRef {
  /** Kubernetes node name (or the underlay router's name). */
  readonly node: string;
  /** `host` for the node's root namespace, `pod:<name>` for a pod. */
  readonly netns: NetnsId;
  /** Interface name as `ip link` prints it (without the `@ifN` suffix). */
  readonly device: IfName;
}

/** The address scopes `ip addr` prints; they steer source-address selection. */
export type AddressScope = "global" | "link" | "host";

/** One `inet` line of `ip addr`. */
export interface InterfaceAddress {
  readonly ip: Ipv4;
  readonly prefixLen: number;
  readonly scope: AddressScope;
}

interface DeviceBase {
  readonly name: IfName;
  /** Kernel ifindex inside its namespace (the N in `N: name@ifM`). */
  readonly ifindex: number;
  readonly mtu: number;
  readonly addresses: readonly InterfaceAddress[];
  /** Administrative/operational state; a down device drops traffic. */
  readonly up: boolean;
  /** Bridge this device is enslaved to (`master cni0`). */
  readonly master?: IfName;
  /**
   * `net.ipv4.conf.<dev>.rp_filter` (absent = 0). The kernel applies the larger of this and the
   * namespace's `all` value ({@link Netns.rpFilter}): 1 strict, 2 loose.
   */
  readonly rpFilter?: RpFilterMode;
}

/** Reverse-path filtering: 0 off, 1 strict (the route back to the source must leave by the receiving device), 2 loose (any route back). */
export type RpFilterMode = 0 | 1 | 2;

/** `lo`. */
export interface LoopbackDevice extends DeviceBase {
  readonly kind: "loopback";
}

/** A physical (or VM) NIC on an underlay L2 segment, e.g. `ens3`. */
export interface PhysicalDevice extends DeviceBase {
  readonly kind: "physical";
  readonly mac: Mac;
  /** Name of the {@link UnderlaySegment} (broadcast domain) the NIC is plugged into. */
  readonly segment: string;
}

/** One end of a veth pair. */
export interface VethDevice extends DeviceBase {
  readonly kind: "veth";
  readonly mac: Mac;
  /** The other end: its namespace, name and ifindex (printed as `@ifN`). */
  readonly peer: { readonly netns: NetnsId; readonly device: IfName; readonly ifindex: number };
  /** `net.ipv4.conf.<dev>.proxy_arp`; Calico sets it on cali* so 169.254.1.1 resolves. */
  readonly proxyArp: boolean;
}

/** A Linux bridge such as `cni0`; its ports are the devices whose `master` is this bridge. */
export interface BridgeDevice extends DeviceBase {
  readonly kind: "bridge";
  readonly mac: Mac;
}

/** A kernel VXLAN device (`ip -d link show flannel.1`). */
export interface VxlanDevice extends DeviceBase {
  readonly kind: "vxlan";
  readonly mac: Mac;
  /** VXLAN Network Identifier (`vxlan id 1`). */
  readonly vni: number;
  /** Source address of encapsulated packets (`local 30.0.1.160`). */
  readonly local: Ipv4;
  /** Underlay device (`dev ens3`). */
  readonly underlay: IfName;
  /** UDP destination port (`dstport 8472`). */
  readonly dstPort: number;
  /** Source-port range for the flow hash (`srcport 0 0` = kernel's ip_local_port_range). */
  readonly srcPortRange: readonly [number, number];
  /** `learning`/`nolearning`: flannel and Calico turn learning off and program the FDB. */
  readonly learning: boolean;
  /** `udpcsum`: compute the outer UDP checksum (kernel default for IPv4 since 2016). */
  readonly udpChecksum: boolean;
  /** Outer TTL; 0 means "use the route's hop limit" (64), which old iproute2 printed as `ttl inherit`. */
  readonly ttl: number;
}

/** A TUN device (`flannel0`) whose packets are read and written by a userspace process. */
export interface TunDevice extends DeviceBase {
  readonly kind: "tun";
  /** The process holding the TUN file descriptor. */
  readonly owner: "flanneld";
}

/** An IP-in-IP tunnel device (`tunl0`, IP protocol 4). */
export interface IpipDevice extends DeviceBase {
  readonly kind: "ipip";
  /** Outer TTL; 0 = inherit the inner packet's TTL (what `ttl inherit` means for ipip). */
  readonly ttl: number;
  /** `pmtudisc`/`nopmtudisc`; with nopmtudisc the outer DF bit is copied from the inner packet. */
  readonly pmtudisc: boolean;
}

/** Any interface the model knows. */
export type Device = LoopbackDevice | PhysicalDevice | VethDevice | BridgeDevice | VxlanDevice | TunDevice | IpipDevice;

/** Route types from `ip route` (`blackhole` is what BIRD installs for Calico's own block). */
export type RouteType = "unicast" | "blackhole" | "unreachable";

/** One line of `ip route`. */
export interface Route {
  /** Destination prefix; `0.0.0.0/0` is printed as `default`. */
  readonly dst: Cidr;
  readonly type: RouteType;
  /** Gateway (`via`). */
  readonly via?: Ipv4;
  /** Output device (`dev`). */
  readonly dev?: IfName;
  /** `onlink`: trust the gateway is reachable on `dev` even without a connected route. */
  readonly onlink?: boolean;
  readonly scope?: AddressScope;
  /** Who installed it: kernel, dhcp, boot, static, bird (Calico BGP) ... */
  readonly proto?: string;
  /** Preferred source address (`src`). */
  readonly src?: Ipv4;
  readonly metric?: number;
  /** Printed as `linkdown` when the device has no carrier. */
  readonly linkdown?: boolean;
}

/** Neighbour (ARP) states as `ip neigh` prints them. */
export type NeighbourState = "PERMANENT" | "REACHABLE" | "STALE" | "NOARP";

/** One line of `ip neigh`. */
export interface NeighbourEntry {
  readonly ip: Ipv4;
  readonly dev: IfName;
  readonly mac: Mac;
  readonly state: NeighbourState;
}

/** One line of `bridge fdb show`: a bridge MAC-table entry or a VXLAN remote (`dst`). */
export interface FdbEntry {
  readonly mac: Mac;
  readonly dev: IfName;
  /** VXLAN only: the remote VTEP's underlay IP. */
  readonly dst?: Ipv4;
  /** Bridge only: the bridge the port belongs to. */
  readonly master?: IfName;
  /** `self`: entry lives in the device's own table (VXLAN) rather than the bridge's. */
  readonly self?: boolean;
  readonly permanent: boolean;
}

/** A flannel subnet lease: which node owns which pod subnet (flanneld's view of the cluster). */
export interface FlannelLease {
  readonly subnet: Cidr;
  readonly publicIp: Ipv4;
  readonly node: string;
  /** VXLAN backend only: the remote flannel.1 MAC (lease annotation `VtepMAC`). */
  readonly vtepMac?: Mac;
}

/** flanneld's UDP backend: reads flannel0, sends UDP to the peer's flanneld. */
export interface FlanneldUdpProcess {
  readonly kind: "flanneld-udp";
  readonly tun: IfName;
  /** UDP port bound on the node IP; also the destination port (default 8285). */
  readonly port: number;
  readonly bindIp: Ipv4;
  /** Leases of other nodes (flanneld's in-process route table). */
  readonly leases: readonly FlannelLease[];
}

/** Userspace dataplane processes that own part of a namespace's forwarding. */
export type UserspaceProcess = FlanneldUdpProcess;

/** A route flanneld/BIRD tried to install but the kernel refused (e.g. host-gw across subnets). */
export interface RejectedRoute {
  readonly route: Route;
  /** The kernel's complaint, as an operator would see it in logs. */
  readonly error: string;
  /** Which agent tried (`flanneld`, `bird`). */
  readonly by: string;
}

/** One network namespace with its devices and tables. */
export interface Netns {
  readonly id: NetnsId;
  readonly devices: readonly Device[];
  readonly routes: readonly Route[];
  readonly neighbours: readonly NeighbourEntry[];
  readonly fdb: readonly FdbEntry[];
  /** `net.ipv4.ip_forward`: nodes route, pods do not. */
  readonly ipForward: boolean;
  /** `net.ipv4.conf.all.rp_filter` (absent = 0, what the builders and the lab use). */
  readonly rpFilter?: RpFilterMode;
  readonly userspace: readonly UserspaceProcess[];
  readonly rejectedRoutes: readonly RejectedRoute[];
}

/**
 * A Kubernetes node: its root namespace plus the namespaces of its pods. A host outside
 * the cluster on the same underlay (`external`) has the same shape with only its root
 * namespace, no pod subnet, no kube-proxy and no CNI.
 */
export interface ClusterNode {
  readonly name: string;
  /** The node's underlay (InternalIP) address. */
  readonly ip: Ipv4;
  /** Pod subnet this node hands out (flannel /24 or Calico /26 block); absent on an outside host. */
  readonly podCidr?: Cidr;
  /** A machine off the cluster (a learner's laptop, a load balancer): it runs no kube-proxy. */
  readonly external?: boolean;
  /** [host, ...pod namespaces]. */
  readonly namespaces: readonly Netns[];
}

/** Kubernetes label map. */
export type Labels = Readonly<Record<string, string>>;

/** Pod metadata (its namespace lives in {@link ClusterNode.namespaces} as `pod:<name>`). */
export interface PodInfo {
  readonly name: string;
  /** Kubernetes namespace (not the network namespace). */
  readonly namespace: string;
  readonly node: string;
  readonly ip: Ipv4;
  readonly labels: Labels;
  /**
   * Ports with a listening socket in the pod. Absent = every port listens (the walk's default);
   * present, a TCP SYN to another port is answered with RST and a UDP datagram with ICMP port unreachable.
   */
  readonly listening?: readonly { readonly protocol: L4Protocol; readonly port: number }[];
  /** Host-side interface of the pod's veth pair (vethXXXX or caliXXXX). */
  readonly hostInterface: IfName;
}

/** Transport protocols a Service or policy can match. */
export type L4Protocol = "tcp" | "udp";

/** One port of a Service. */
export interface ServicePort {
  readonly name: string;
  readonly protocol: L4Protocol;
  readonly port: number;
  readonly targetPort: number;
  readonly nodePort?: number;
}

/** One ready endpoint (pod IP) behind a Service. */
export interface ServiceEndpoint {
  readonly ip: Ipv4;
  readonly pod: string;
  readonly node: string;
}

/** A Kubernetes Service as kube-proxy (iptables mode) programs it. */
export interface Service {
  readonly name: string;
  readonly namespace: string;
  readonly type: "ClusterIP" | "NodePort";
  readonly clusterIp: Ipv4;
  readonly ports: readonly ServicePort[];
  readonly selector: Labels;
  readonly endpoints: readonly ServiceEndpoint[];
}

/** One `from`/`to` peer of a NetworkPolicy rule. */
export interface PolicyPeer {
  readonly podSelector?: Labels;
  readonly namespaceSelector?: Labels;
  readonly ipBlock?: { readonly cidr: Cidr; readonly except?: readonly Cidr[] };
}

/** One port of a NetworkPolicy rule. */
export interface PolicyPort {
  readonly protocol: L4Protocol;
  /** Omitted = all ports of that protocol. */
  readonly port?: number;
}

/** One ingress or egress rule: peers AND ports; omitted lists match everything. */
export interface PolicyRule {
  readonly peers?: readonly PolicyPeer[];
  readonly ports?: readonly PolicyPort[];
}

/** A Kubernetes NetworkPolicy (networking.k8s.io/v1 semantics). */
export interface NetworkPolicy {
  readonly name: string;
  readonly namespace: string;
  /** matchLabels; `{}` selects every pod of the namespace. */
  readonly podSelector: Labels;
  readonly policyTypes: readonly ("Ingress" | "Egress")[];
  readonly ingress: readonly PolicyRule[];
  readonly egress: readonly PolicyRule[];
}

/** An underlay broadcast domain (one L2 segment / IP subnet). */
export interface UnderlaySegment {
  readonly name: string;
  readonly cidr: Cidr;
}

/** One interface of the underlay router. */
export interface RouterInterface {
  readonly name: IfName;
  readonly segment: string;
  readonly ip: Ipv4;
  readonly mac: Mac;
}

/**
 * A firewall rule on an underlay segment (a switch ACL, a cloud security group): frames carrying
 * this IP protocol (and UDP destination port) are dropped on the segment, silently. It applies to
 * every frame on the segment, including those the router sends onto it.
 */
export interface UnderlayFilter {
  /** The {@link UnderlaySegment} name. */
  readonly segment: string;
  /** `udp` (with `dport`), or `ipip` (IP protocol 4, Calico's IP-in-IP). */
  readonly protocol: "udp" | "ipip";
  /** UDP destination port (8472 flannel VXLAN, 4789 Calico VXLAN, 8285 flannel UDP). */
  readonly dport?: number;
}

/** The physical network's router joining segments; it knows only underlay subnets, never pod CIDRs. */
export interface UnderlayRouter {
  readonly name: string;
  readonly interfaces: readonly RouterInterface[];
}

/** The supported dataplanes. */
export type CniMode =
  | "flannel-vxlan"
  | "flannel-udp"
  | "flannel-host-gw"
  | "calico-ipip"
  | "calico-bgp"
  | "calico-crosssubnet"
  | "calico-vxlan"
  | "canal";

/** A whole cluster: the single input of {@link walkPacket}. */
export interface Cluster {
  readonly name: string;
  readonly description: string;
  readonly mode: CniMode;
  /** Pod network (flannel `Network` or the Calico IP pool). */
  readonly clusterCidr: Cidr;
  readonly nodes: readonly ClusterNode[];
  readonly pods: readonly PodInfo[];
  readonly services: readonly Service[];
  readonly networkPolicies: readonly NetworkPolicy[];
  /** Who enforces NetworkPolicy: flannel alone enforces nothing. */
  readonly policyEngine: "none" | "calico";
  /** kube-proxy iptables mode present on every node. */
  readonly kubeProxy: boolean;
  readonly underlay: {
    readonly segments: readonly UnderlaySegment[];
    readonly router?: UnderlayRouter;
    /** Firewall rules on segments (absent = none). */
    readonly filters?: readonly UnderlayFilter[];
  };
  /** Human notes about modelling choices and seed inconsistencies. */
  readonly notes: readonly string[];
}

/** Builds the namespace id of a pod. */
export function podNetnsId(podName: string): NetnsId {
  return `pod:${podName}`;
}
