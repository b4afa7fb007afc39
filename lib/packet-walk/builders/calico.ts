/**
 * Calico builders: IPIP, BGP (no encapsulation), CrossSubnet and VXLAN.
 *
 * What calico-node programs (Calico docs: "Configure overlay networking",
 * "Configure MTU", FAQ): each node owns /26 blocks of the IP pool (default
 * 192.168.0.0/16), installs `blackhole <block> proto bird` for its own block and
 * `<pod IP> dev cali<hash> scope link` per local pod. Pods route everything to
 * 169.254.1.1, which the host answers by proxy ARP on the cali* interface (MAC
 * ee:ee:ee:ee:ee:ee); there is no bridge. Remote blocks go
 *  - IPIP: `via <node IP> dev tunl0 proto bird onlink` (IP protocol 4, MTU −20),
 *  - BGP: `via <node IP> dev <nic> proto bird` (same subnet only),
 *  - CrossSubnet: BGP route within a subnet, IPIP (or VXLAN) across subnets,
 *  - VXLAN: `via <remote tunnel IP> dev vxlan.calico onlink` with ARP/FDB entries,
 *    VNI 4096 on UDP 4789 (MTU −50).
 */
import { addressInCidr, cidr, compareCidrBase, cidrContains, mac, PacketWalkInputError, type Cidr, type IfName, type Ipv4, type Mac } from "../addresses";
import type { Cluster, CniMode, Device, FdbEntry, IpipDevice, NeighbourEntry, Netns, PodInfo, RejectedRoute, Route, VxlanDevice } from "../model";
import { checkUniqueDevices } from "./flannel";
import { assembleCluster, calicoVethName, CALICO_HOST_MAC, hostNetns, hostVeth, loopback, podNetns } from "./netns";
import {
  allocateNodeSubnets,
  assignPodIps,
  baseHostRoutes,
  buildUnderlay,
  deterministicMac,
  extraDevices,
  mergeSortedRoutes,
  normaliseSpec,
  sortRoutes,
  type ClusterSpec,
  type NormalNode,
} from "./spec";

/** IPPool / FelixConfiguration knobs with upstream defaults. */
export interface CalicoOptions {
  /** IP pool CIDR (default 192.168.0.0/16, as in the upstream manifests). */
  readonly pool?: string;
  /** IPAM block size (default 26). */
  readonly blockSize?: number;
  /** Felix `vxlanVNI` (default 4096). */
  readonly vni?: number;
  /** Felix `vxlanPort` (default 4789). */
  readonly vxlanPort?: number;
  /** Override the pod/tunnel MTU (default: NIC MTU − encapsulation overhead). */
  readonly mtu?: number;
  /** CrossSubnet only: which encapsulation to use across subnets (default ipip). */
  readonly crossSubnetEncapsulation?: "ipip" | "vxlan";
}

type CalicoKind = "ipip" | "bgp" | "crosssubnet" | "vxlan";

/** Calico's default VXLAN VNI. */
export const CALICO_VXLAN_VNI = 4096;
/** Calico's default VXLAN port (the IANA port, unlike flannel's kernel default 8472). */
export const CALICO_VXLAN_PORT = 4789;

function calicoCluster(kind: CalicoKind, spec: ClusterSpec, opts: CalicoOptions, mode: CniMode, description: string): Cluster {
  const { nodes, pods, externals } = normaliseSpec(spec);
  const pool = cidr(opts.pool ?? "192.168.0.0/16", "options.pool");
  for (const n of nodes) {
    if (cidrContains(pool, n.ip)) throw new PacketWalkInputError(`node address ${n.ip} is inside the IP pool ${pool}`, `nodes[${n.index}].ip`);
  }
  const blockSize = opts.blockSize ?? 26;
  const blocks = allocateNodeSubnets(nodes, pool, blockSize);
  const blockOf = new Map(nodes.map((n, i) => [n.name, blocks[i] as Cidr]));
  const encap: "ipip" | "vxlan" | "none" = kind === "vxlan" ? "vxlan" : kind === "bgp" ? "none" : kind === "crosssubnet" ? (opts.crossSubnetEncapsulation ?? "ipip") : "ipip";
  // The tunnel address is the first address Calico IPAM hands out on the node's block; pods follow.
  const tunnelIps = blocks.map((b) => addressInCidr(b, 0));
  const podIps = assignPodIps(pods, blockOf, 1);
  const underlay = buildUnderlay([...nodes, ...externals]);
  const vni = opts.vni ?? CALICO_VXLAN_VNI;
  const vxlanPort = opts.vxlanPort ?? CALICO_VXLAN_PORT;
  const vtepMacs = nodes.map((n) => (n.spec.vtepMac ? mac(n.spec.vtepMac, `nodes[${n.index}].vtepMac`) : deterministicMac(`vxlan.calico|${n.name}`)));
  const overhead = encap === "ipip" ? 20 : encap === "vxlan" ? 50 : 0;
  const tunl0 = "tunl0" as IfName;
  const vxlanName = "vxlan.calico" as IfName;

  const order = nodes.map((_, i) => i).sort((a, b) => compareCidrBase(blocks[a] as Cidr, blocks[b] as Cidr));
  const ipipRoute = blocks.map((b, j): Route => ({ dst: b, type: "unicast", via: (nodes[j] as NormalNode).ip, dev: tunl0, proto: "bird", onlink: true }));
  const vxlanRoute = blocks.map((b, j): Route => ({ dst: b, type: "unicast", via: tunnelIps[j] as Ipv4, dev: vxlanName, onlink: true }));
  const vxlanNeigh = nodes.map((_, j): NeighbourEntry => ({ ip: tunnelIps[j] as Ipv4, dev: vxlanName, mac: vtepMacs[j] as Mac, state: "PERMANENT" }));
  const vxlanFdb = nodes.map((n, j): FdbEntry => ({ mac: vtepMacs[j] as Mac, dev: vxlanName, dst: n.ip, self: true, permanent: true }));
  const bgpCache = new Map<string, Route>();
  const bgpRoute = (nic: IfName, j: number): Route => {
    const key = `${nic}|${j}`;
    let r = bgpCache.get(key);
    if (!r) {
      r = { dst: blocks[j] as Cidr, type: "unicast", via: (nodes[j] as NormalNode).ip, dev: nic, proto: "bird" };
      bgpCache.set(key, r);
    }
    return r;
  };

  const podsByNode = new Map<string, number[]>();
  pods.forEach((p, i) => podsByNode.set(p.node, [...(podsByNode.get(p.node) ?? []), i]));
  const namespaces: Netns[][] = [];
  const podInfos: PodInfo[] = [];
  const notes: string[] = [];

  for (const n of nodes) {
    const i = n.index;
    const block = blocks[i] as Cidr;
    const mtu = opts.mtu ?? n.mtu - overhead;
    const base = baseHostRoutes(n);
    const nicDev: Device = { kind: "physical", name: n.nic, ifindex: 2, mtu: n.mtu, mac: n.mac, addresses: [{ ip: n.ip, prefixLen: n.prefixLen, scope: "global" }], up: true, segment: n.subnet };
    const extras = extraDevices(n, 3);
    let ifindex = 3 + extras.devices.length;
    const devices: Device[] = [loopback(), nicDev, ...extras.devices];
    const localRoutes: Route[] = [base.connected, ...base.extras, ...extras.routes, { dst: block, type: "blackhole", proto: "bird" }];
    const remote: Route[] = [];
    const neighbours: NeighbourEntry[] = [];
    const fdb: FdbEntry[] = [];
    const rejected: RejectedRoute[] = [];

    if (encap === "ipip") {
      const dev: IpipDevice = {
        kind: "ipip",
        name: tunl0,
        ifindex: ifindex++,
        mtu: opts.mtu ?? n.mtu - 20,
        addresses: [{ ip: tunnelIps[i] as Ipv4, prefixLen: 32, scope: "global" }],
        up: true,
        ttl: 0,
        pmtudisc: false,
      };
      devices.push(dev);
    } else if (encap === "vxlan") {
      const dev: VxlanDevice = {
        kind: "vxlan",
        name: vxlanName,
        ifindex: ifindex++,
        mtu: opts.mtu ?? n.mtu - 50,
        mac: vtepMacs[i] as Mac,
        addresses: [{ ip: tunnelIps[i] as Ipv4, prefixLen: 32, scope: "global" }],
        up: true,
        vni,
        local: n.ip,
        underlay: n.nic,
        dstPort: vxlanPort,
        srcPortRange: [32768, 60999],
        learning: false,
        udpChecksum: true,
        ttl: 0,
      };
      devices.push(dev);
    }

    for (const j of order) {
      if (j === i) continue;
      const peer = nodes[j] as NormalNode;
      const sameSubnet = peer.subnet === n.subnet;
      const plain = kind === "bgp" || (kind === "crosssubnet" && sameSubnet);
      if (plain) {
        if (sameSubnet) {
          remote.push(bgpRoute(n.nic, j));
        } else {
          rejected.push({
            route: { dst: blocks[j] as Cidr, type: "unicast", via: peer.ip, dev: n.nic, proto: "bird" },
            by: "bird",
            error: `next hop ${peer.ip} is not on a subnet directly connected to ${n.nic} (${n.subnet}), so BIRD cannot install the learned route; plain BGP across subnets needs the underlay routers to peer, or IPIP/VXLAN CrossSubnet`,
          });
        }
      } else if (encap === "ipip") {
        remote.push(ipipRoute[j] as Route);
      } else if (encap === "vxlan") {
        remote.push(vxlanRoute[j] as Route);
        neighbours.push(vxlanNeigh[j] as NeighbourEntry);
        fdb.push(vxlanFdb[j] as FdbEntry);
      }
    }
    if (rejected.length > 0) notes.push(`${n.name}: BIRD could not install ${rejected.length} route(s) learned from peers outside ${n.subnet}`);

    const podNs: Netns[] = [];
    for (const pi of podsByNode.get(n.name) ?? []) {
      const pod = pods[pi];
      if (!pod) continue;
      const ip = podIps[pi] as Ipv4;
      const veth = hostVeth(pod, { name: calicoVethName(pod.namespace, pod.name), mac: CALICO_HOST_MAC, ifindex: ifindex++ }, mtu, "calico", undefined);
      devices.push(veth);
      localRoutes.push({ dst: `${ip}/32` as Cidr, type: "unicast", dev: veth.name, scope: "link" });
      podNs.push(podNetns(pod, ip, mtu, "calico", undefined, { name: veth.name, ifindex: veth.ifindex }));
      podInfos.push({ name: pod.name, namespace: pod.namespace, node: n.name, ip, labels: pod.labels, hostInterface: veth.name });
    }
    checkUniqueDevices(devices, i);
    const routes = [base.defaultRoute, ...mergeSortedRoutes(sortRoutes(localRoutes), remote)];
    namespaces.push([hostNetns(devices, routes, neighbours, fdb, [], rejected), ...podNs]);
  }

  return assembleCluster({
    spec,
    externals,
    mode,
    description,
    clusterCidr: pool,
    nodes,
    podCidrs: blocks,
    namespaces,
    pods: podInfos,
    policyEngine: "calico",
    underlay,
    notes,
  });
}


/** Calico with IPIP always on (tunl0, IP protocol 4). */
export function buildCalicoIpipCluster(spec: ClusterSpec, options: CalicoOptions = {}): Cluster {
  return calicoCluster("ipip", spec, options, "calico-ipip", "Calico IPIP: routes via tunl0, IP-in-IP (protocol 4) between nodes, pods on cali* with gateway 169.254.1.1 (proxy ARP)");
}

/** Calico BGP without encapsulation: BIRD installs plain routes learned from peers. */
export function buildCalicoBgpCluster(spec: ClusterSpec, options: CalicoOptions = {}): Cluster {
  return calicoCluster("bgp", spec, options, "calico-bgp", "Calico BGP (no encapsulation): BIRD installs `<block> via <node IP>` routes; nodes must share a subnet or the underlay must peer");
}

/** Calico CrossSubnet: plain routes inside a subnet, IPIP (or VXLAN) across subnets. */
export function buildCalicoCrossSubnetCluster(spec: ClusterSpec, options: CalicoOptions = {}): Cluster {
  return calicoCluster("crosssubnet", spec, options, "calico-crosssubnet", "Calico CrossSubnet: no encapsulation between nodes of one subnet, IPIP between subnets");
}

/** Calico VXLAN: vxlan.calico, VNI 4096, UDP 4789. */
export function buildCalicoVxlanCluster(spec: ClusterSpec, options: CalicoOptions = {}): Cluster {
  return calicoCluster("vxlan", spec, options, "calico-vxlan", "Calico VXLAN: vxlan.calico (VNI 4096, UDP 4789) between nodes, pods on cali* with gateway 169.254.1.1");
}
