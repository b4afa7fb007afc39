/**
 * Flannel builders (VXLAN, UDP, host-gw) and Canal (flannel VXLAN + Calico CNI/policy).
 *
 * They program what flanneld programs (flannel Documentation/backends.md,
 * pkg/backend/vxlan/vxlan_network.go): for VXLAN, per remote node one route
 * `<subnet> via <subnet>.0 dev flannel.1 onlink`, one PERMANENT ARP entry
 * `<subnet>.0 → VtepMAC` and one FDB entry `VtepMAC dst <node IP>`; flannel.1 gets
 * `<subnet>.0/32` and MTU = NIC MTU − 50. The UDP backend opens TUN flannel0
 * (NIC MTU − 28, address `<subnet>.0/32`, plus the route `<network> dev flannel0`
 * that flanneld adds itself: pkg/backend/udp/udp_network_amd64.go configureIface)
 * and forwards in userspace on UDP 8285. host-gw adds `<subnet> via <node IP>`, which the kernel accepts only
 * for a gateway on a directly connected subnet.
 */
import { addressInCidr, cidr, compareCidrBase, ifName, mac, PacketWalkInputError, type Cidr, type IfName, type Ipv4, type Mac } from "../addresses";
import type {
  BridgeDevice,
  Cluster,
  CniMode,
  Device,
  FdbEntry,
  FlannelLease,
  NeighbourEntry,
  Netns,
  PodInfo,
  RejectedRoute,
  Route,
  TunDevice,
  UserspaceProcess,
  VxlanDevice,
} from "../model";
import { assembleCluster, calicoVethName, CALICO_HOST_MAC, hostNetns, hostVeth, loopback, podNetns, type PodStyle } from "./netns";
import {
  allocateNodeSubnets,
  assignPodIps,
  baseHostRoutes,
  buildUnderlay,
  deterministicMac,
  extraDevices,
  flannelVethName,
  mergeSortedRoutes,
  normaliseSpec,
  sortRoutes,
  type ClusterSpec,
  type NormalNode,
} from "./spec";

/** Flannel `net-conf.json` knobs (defaults from the upstream kube-flannel.yml and backends.md). */
export interface FlannelOptions {
  /** `Network` (default 10.244.0.0/16). */
  readonly network?: string;
  /** `SubnetLen` (default 24). */
  readonly subnetLen?: number;
  /** VXLAN `VNI` (default 1). */
  readonly vni?: number;
  /** VXLAN `Port` (default: kernel default 8472) or UDP backend `Port` (default 8285). */
  readonly port?: number;
  /** VXLAN `DirectRouting`: plain routes to nodes on the same subnet (default false). */
  readonly directRouting?: boolean;
  /** Override the computed MTU of the tunnel/pod interfaces. */
  readonly mtu?: number;
  /** Outer UDP checksum on the VXLAN device (kernel default on, shown as `udpcsum` in the seed). */
  readonly udpChecksum?: boolean;
}

type Backend = "vxlan" | "udp" | "host-gw";

const VXLAN_OVERHEAD = 50;
const UDP_OVERHEAD = 28;
/** Linux's default VXLAN port (IANA assigned 4789 later; the kernel kept 8472 for compatibility). */
export const LINUX_VXLAN_DEFAULT_PORT = 8472;
/** flanneld's default UDP backend port. */
export const FLANNEL_UDP_DEFAULT_PORT = 8285;

function flannelCluster(backend: Backend, spec: ClusterSpec, opts: FlannelOptions, style: PodStyle, mode: CniMode, description: string): Cluster {
  const { nodes, pods, externals } = normaliseSpec(spec);
  const network = cidr(opts.network ?? "10.244.0.0/16", "options.network");
  const subnetLen = opts.subnetLen ?? 24;
  const subnets = allocateNodeSubnets(nodes, network, subnetLen);
  const subnetOf = new Map(nodes.map((n, i) => [n.name, subnets[i] as Cidr]));
  // host-local IPAM: .1 is the bridge/gateway, pods start at .2 (the seed's pods are .2 and .3).
  const podIps = assignPodIps(pods, subnetOf, 2);
  const underlay = buildUnderlay([...nodes, ...externals]);
  const vni = opts.vni ?? 1;
  const port = opts.port ?? (backend === "udp" ? FLANNEL_UDP_DEFAULT_PORT : LINUX_VXLAN_DEFAULT_PORT);
  const vtepName = `flannel.${vni}` as IfName;
  const vtepMacs = nodes.map((n) => (n.spec.vtepMac ? mac(n.spec.vtepMac, `nodes[${n.index}].vtepMac`) : deterministicMac(`vtep|${n.name}`)));
  const leases: FlannelLease[] = nodes.map((n, i) => ({ subnet: subnets[i] as Cidr, publicIp: n.ip, node: n.name, ...(backend === "vxlan" ? { vtepMac: vtepMacs[i] as Mac } : {}) }));

  // Objects shared by every node (immutable): keeps 1000-node clusters at O(n) objects.
  const order = nodes.map((_, i) => i).sort((a, b) => compareCidrBase(subnets[a] as Cidr, subnets[b] as Cidr));
  const vxlanRoute = subnets.map((s): Route => ({ dst: s, type: "unicast", via: addressInCidr(s, 0), dev: vtepName, onlink: true }));
  const vxlanNeigh = subnets.map((s, i): NeighbourEntry => ({ ip: addressInCidr(s, 0), dev: vtepName, mac: vtepMacs[i] as Mac, state: "PERMANENT" }));
  const vxlanFdb = nodes.map((n, i): FdbEntry => ({ mac: vtepMacs[i] as Mac, dev: vtepName, dst: n.ip, self: true, permanent: true }));
  const directRouteCache = new Map<string, Route>();
  const directRoute = (nic: IfName, j: number): Route => {
    const key = `${nic}|${j}`;
    let r = directRouteCache.get(key);
    if (!r) {
      r = { dst: subnets[j] as Cidr, type: "unicast", via: (nodes[j] as NormalNode).ip, dev: nic };
      directRouteCache.set(key, r);
    }
    return r;
  };

  const podsByNode = new Map<string, number[]>();
  pods.forEach((p, i) => {
    const list = podsByNode.get(p.node) ?? [];
    list.push(i);
    podsByNode.set(p.node, list);
  });

  const podInfos: PodInfo[] = [];
  const namespaces: Netns[][] = [];
  const notes: string[] = [];

  for (const n of nodes) {
    const i = n.index;
    const subnet = subnets[i] as Cidr;
    const mtu = opts.mtu ?? n.mtu - (backend === "vxlan" ? VXLAN_OVERHEAD : backend === "udp" ? UDP_OVERHEAD : 0);
    const base = baseHostRoutes(n);
    const lo = loopback();
    const nicDev: Device = { kind: "physical", name: n.nic, ifindex: 2, mtu: n.mtu, mac: n.mac, addresses: [{ ip: n.ip, prefixLen: n.prefixLen, scope: "global" }], up: true, segment: n.subnet };
    const extras = extraDevices(n, 3);
    let ifindex = 3 + extras.devices.length;
    const devices: Device[] = [lo, nicDev, ...extras.devices];
    const localRoutes: Route[] = [base.connected, ...base.extras, ...extras.routes];
    const remoteRoutes: Route[] = [];
    const neighbours: NeighbourEntry[] = [];
    const fdb: FdbEntry[] = [];
    const rejected: RejectedRoute[] = [];
    const userspace: UserspaceProcess[] = [];

    if (backend === "vxlan") {
      const vtep: VxlanDevice = {
        kind: "vxlan",
        name: vtepName,
        ifindex: ifindex++,
        mtu,
        mac: vtepMacs[i] as Mac,
        // flanneld gives the VTEP <subnet>.0/32 only as a source for host→pod traffic.
        addresses: [{ ip: addressInCidr(subnet, 0), prefixLen: 32, scope: "global" }],
        up: true,
        vni,
        local: n.ip,
        underlay: n.nic,
        dstPort: port,
        srcPortRange: [32768, 60999],
        learning: false,
        udpChecksum: opts.udpChecksum ?? true,
        ttl: 0,
      };
      devices.push(vtep);
      for (const j of order) {
        if (j === i) continue;
        const peer = nodes[j] as NormalNode;
        if (opts.directRouting && peer.subnet === n.subnet) {
          remoteRoutes.push(directRoute(n.nic, j));
        } else {
          remoteRoutes.push(vxlanRoute[j] as Route);
          neighbours.push(vxlanNeigh[j] as NeighbourEntry);
          fdb.push(vxlanFdb[j] as FdbEntry);
        }
      }
    } else if (backend === "udp") {
      const tun: TunDevice = {
        kind: "tun",
        name: "flannel0" as IfName,
        ifindex: ifindex++,
        mtu,
        // flanneld (v0.11.0 and later) gives the TUN device a /32 "so that no broadcast routes are
        // created" (pkg/backend/udp/udp_network_amd64.go, configureIface); the address is only the
        // source of host-to-pod traffic. Before v0.11.0 it was <subnet>.0/<network prefix>.
        addresses: [{ ip: addressInCidr(subnet, 0), prefixLen: 32, scope: "global" }],
        up: true,
        owner: "flanneld",
      };
      devices.push(tun);
      // A /32 creates no prefix route, so configureIface adds the whole network itself
      // (netlink.RouteAdd, SCOPE_UNIVERSE, default protocol boot): `ip route` prints
      // `10.244.0.0/16 dev flannel0`, with no `proto kernel` and no `src`.
      localRoutes.push({ dst: network, type: "unicast", dev: tun.name, scope: "global" });
      userspace.push({ kind: "flanneld-udp", tun: tun.name, port, bindIp: n.ip, leases: leases.filter((_, j) => j !== i) });
    } else {
      for (const j of order) {
        if (j === i) continue;
        const peer = nodes[j] as NormalNode;
        if (peer.subnet === n.subnet) {
          remoteRoutes.push(directRoute(n.nic, j));
        } else {
          rejected.push({
            route: { dst: subnets[j] as Cidr, type: "unicast", via: peer.ip, dev: n.nic },
            by: "flanneld",
            error: `"network is unreachable": gateway ${peer.ip} is not on a subnet directly connected to ${n.nic} (${n.subnet}); host-gw requires every node on one L2 segment`,
          });
        }
      }
      if (rejected.length > 0) notes.push(`${n.name}: flanneld (host-gw) failed to install ${rejected.length} route(s) to nodes outside ${n.subnet}`);
    }

    const nodePods = podsByNode.get(n.name) ?? [];
    const podNamespaces: Netns[] = [];
    let bridge: BridgeDevice | undefined;
    if (style === "bridge") {
      bridge = {
        kind: "bridge",
        name: "cni0" as IfName,
        ifindex: ifindex++,
        mtu,
        mac: n.spec.bridgeMac ? mac(n.spec.bridgeMac, `nodes[${i}].bridgeMac`) : deterministicMac(`cni0|${n.name}`),
        addresses: [{ ip: addressInCidr(subnet, 1), prefixLen: subnetLen, scope: "global" }],
        up: true,
      };
      devices.push(bridge);
      localRoutes.push({ dst: subnet, type: "unicast", dev: bridge.name, proto: "kernel", scope: "link", src: addressInCidr(subnet, 1) });
      fdb.push({ mac: bridge.mac, dev: bridge.name, master: bridge.name, permanent: true });
    }
    for (const pi of nodePods) {
      const pod = pods[pi];
      const ip = podIps[pi] as Ipv4;
      if (!pod) continue;
      const defaultName = style === "bridge" ? flannelVethName(pod) : calicoVethName(pod.namespace, pod.name);
      const defaultMac = style === "bridge" ? deterministicMac(`hostveth|${pod.namespace}|${pod.name}`) : CALICO_HOST_MAC;
      const hMac = pod.spec.hostInterface?.mac ? mac(pod.spec.hostInterface.mac, `${pod.path}.hostInterface.mac`) : defaultMac;
      const veth = hostVeth(pod, { name: defaultName, mac: hMac, ifindex: ifindex++ }, mtu, style, bridge?.name);
      devices.push(veth);
      podNamespaces.push(
        podNetns(pod, ip, mtu, style, bridge ? { subnet, gateway: addressInCidr(subnet, 1), network } : undefined, { name: veth.name, ifindex: veth.ifindex }),
      );
      if (bridge) {
        fdb.push({ mac: pod.mac, dev: veth.name, master: bridge.name, permanent: false });
        fdb.push({ mac: veth.mac, dev: veth.name, master: bridge.name, permanent: true });
      } else {
        localRoutes.push({ dst: `${ip}/32` as Cidr, type: "unicast", dev: veth.name, scope: "link" });
      }
      podInfos.push({ name: pod.name, namespace: pod.namespace, node: n.name, ip, labels: pod.labels, hostInterface: veth.name });
    }
    checkUniqueDevices(devices, i);
    const routes = [base.defaultRoute, ...mergeSortedRoutes(sortRoutes(localRoutes), remoteRoutes)];
    namespaces.push([hostNetns(devices, routes, neighbours, fdb, userspace, rejected), ...podNamespaces]);
  }

  return assembleCluster({
    spec,
    externals,
    mode,
    description,
    clusterCidr: network,
    nodes,
    podCidrs: subnets,
    namespaces,
    pods: podInfos,
    policyEngine: style === "calico" ? "calico" : "none",
    underlay,
    notes,
  });
}


/** Rejects two devices with one name or one ifindex in a namespace (what `ip link add` refuses). */
export function checkUniqueDevices(devices: readonly Device[], nodeIndex: number): void {
  const names = new Set<string>();
  const indexes = new Set<number>();
  for (const d of devices) {
    if (names.has(d.name)) throw new PacketWalkInputError(`two devices named ${d.name} on this node`, `nodes[${nodeIndex}]`);
    if (indexes.has(d.ifindex)) throw new PacketWalkInputError(`two devices with ifindex ${d.ifindex} (${d.name}) on this node`, `nodes[${nodeIndex}]`);
    names.add(d.name);
    indexes.add(d.ifindex);
    ifName(d.name);
  }
}

/** Flannel with the VXLAN backend (the default; the seed's cluster). */
export function buildFlannelVxlanCluster(spec: ClusterSpec, options: FlannelOptions = {}): Cluster {
  return flannelCluster(
    "vxlan",
    spec,
    options,
    "bridge",
    "flannel-vxlan",
    `Flannel VXLAN: pods on bridge cni0, the kernel's flannel.${options.vni ?? 1} encapsulates in UDP ${options.port ?? LINUX_VXLAN_DEFAULT_PORT}; flanneld only programs routes, ARP and FDB`,
  );
}

/** Flannel with the UDP backend: TUN flannel0 and flanneld forwarding in userspace. */
export function buildFlannelUdpCluster(spec: ClusterSpec, options: FlannelOptions = {}): Cluster {
  return flannelCluster(
    "udp",
    spec,
    options,
    "bridge",
    "flannel-udp",
    `Flannel UDP (debug-only backend): packets go through TUN flannel0 to flanneld in userspace and out as UDP ${options.port ?? FLANNEL_UDP_DEFAULT_PORT}`,
  );
}

/** Flannel host-gw: plain routes via peer node IPs; needs all nodes on one L2 segment. */
export function buildFlannelHostGwCluster(spec: ClusterSpec, options: FlannelOptions = {}): Cluster {
  return flannelCluster("host-gw", spec, options, "bridge", "flannel-host-gw", "Flannel host-gw: no encapsulation, each node routes pod subnets via the peer node's IP (L2 adjacency required)");
}

/** Canal: Calico's CNI plugin and policy (cali* veths, 169.254.1.1) with flannel VXLAN for the path between nodes. */
export function buildCanalCluster(spec: ClusterSpec, options: FlannelOptions = {}): Cluster {
  return flannelCluster(
    "vxlan",
    spec,
    options,
    "calico",
    "canal",
    "Canal: Calico CNI and NetworkPolicy on cali* interfaces, flannel VXLAN (flannel.1, UDP 8472) between nodes",
  );
}
