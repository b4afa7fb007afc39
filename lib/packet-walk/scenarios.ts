/**
 * Named scenarios. `seed-flannel-vxlan` reproduces the worked example of seed
 * 001 (a Flannel VXLAN cluster on two OpenStack VMs); every other scenario
 * reuses the same two machines and pods with another dataplane, so a learner
 * can compare paths hop by hop.
 */
import { PacketWalkInputError } from "./addresses";
import type { Cluster, CniMode } from "./model";
import { buildCluster } from "./builders";
import type { ClusterSpec, ExternalHostSpec, NetworkPolicySpec, NodeSpec, PodSpec, ServiceSpec } from "./builders/spec";

/** A scenario's catalogue entry. */
export interface ScenarioInfo {
  readonly name: string;
  readonly mode: CniMode;
  /** One line for `--list` and the lesson picker. */
  readonly description: string;
  /** Suggested walk (source, destination, protocol, port). */
  readonly example: { readonly from: string; readonly to: string; readonly protocol?: "icmp" | "tcp" | "udp"; readonly port?: number };
}

/** Pod names exactly as `kubectl get pods -o wide` prints them in the seed. */
export const SEED_PODS = {
  appNode1: "httpd-app-675b65488d-9w69v",
  testNode1: "httpd-test-fd769fcb7-nnm99",
  appNode2: "httpd-app-675b65488d-6kgk6",
  testNode2: "httpd-test-fd769fcb7-nbqsn",
} as const;

/** Modelling choices and inconsistencies found in seed 001, carried into the seed cluster's notes. */
export const SEED_NOTES: readonly string[] = [
  "The source article says packets from cni0 go to 'gateway 10.244.1.0'; 10.244.1.0 is node1's own flannel.1 address. The route table (10.244.2.0/24 via 10.244.2.0 dev flannel.1) and the traceroute (hop 2 = 10.244.2.0) show the next hop is node2's flannel.1; the model follows the tables.",
  "The source article concludes VXLAN decapsulation 'should be done by flanneld'. In the VXLAN backend the kernel vxlan driver of flannel.1 encapsulates and decapsulates; flanneld only programs routes, ARP and FDB. The captures agree: flannel.1 shows inner packets, ens3 shows VXLAN.",
  "ens3 MTU is 1450 (an OpenStack tenant network), not 1500, so flannel.1, cni0, the veths and pod eth0 are 1450 - 50 = 1400, as printed.",
  "`ip -d link show flannel.1` prints `ttl inherit`: iproute2 of that era printed TTL 0 that way; for VXLAN, TTL 0 means 'route hop limit' (64) and flannel sets no TTL. Outer TTL is modelled as 64 (newer iproute2 prints `ttl auto`). The traceroute is the same either way because the nodes are L2 neighbours.",
  "Both route tables contain 10.244.0.0/24 via 10.244.0.0 dev flannel.1 (the master's subnet) but the master's node IP and VtepMAC are not printed. The routes are kept; without ARP/FDB entries a walk to 10.244.0.x stops at neighbour resolution.",
  "node1's routes come from `route -n`, which hides proto, src and onlink; they are modelled like node2's `ip route` (proto dhcp, src, onlink on flannel routes).",
  "The httpd-test pods' eth0 MACs are not printed: deterministic locally administered MACs stand in. Their host veths are inferred from `@if3`, link-netnsid and brctl (veth16e5e638 on node1, vethd0184a65 on node2).",
  "Pod labels are not printed; app=<deployment> is assumed. The traceroute's reverse DNS (10-244-2-2.httpd-app.default.svc.cluster.local) implies a Service httpd-app in namespace default, but its ClusterIP is not shown, so only the service scenario has one (with an invented ClusterIP).",
  "Shell prompts say root@k8s on both nodes while kubectl calls them node1/node2; the Kubernetes names are used.",
  "`udpcsum` is printed for flannel.1, so the outer UDP checksum is computed (current kernels only send a zero checksum over IPv4 when the device is created with `noudpcsum`; flannel does not ask for that).",
];

const COMMON_NODE1: NodeSpec = {
  name: "node1",
  ip: "30.0.1.160/24",
  nic: "ens3",
  mac: "fa:16:3e:69:98:f3",
  mtu: 1450,
  gateway: "30.0.1.1",
  defaultRoute: { proto: "dhcp", metric: 100, withSrc: true },
  extraDevices: [{ name: "docker0", kind: "bridge", mac: "02:42:62:9b:ec:f4", mtu: 1500, addresses: ["172.17.0.1/16"], linkdown: true }],
  extraRoutes: [{ dst: "169.254.169.254", via: "30.0.1.1", dev: "ens3", proto: "dhcp", src: "30.0.1.160", metric: 100 }],
};

const COMMON_NODE2: NodeSpec = {
  name: "node2",
  ip: "30.0.1.47/24",
  nic: "ens3",
  mac: "fa:16:3e:eb:3a:5e",
  mtu: 1450,
  gateway: "30.0.1.1",
  defaultRoute: { proto: "dhcp", metric: 100, withSrc: true },
  extraDevices: [{ name: "docker0", kind: "bridge", mac: "02:42:9c:0c:bb:08", mtu: 1500, addresses: ["172.17.0.1/16"], linkdown: true }],
  extraRoutes: [{ dst: "169.254.169.254", via: "30.0.1.1", dev: "ens3", proto: "dhcp", src: "30.0.1.47", metric: 100 }],
};

const MASTER_ROUTE = { dst: "10.244.0.0/24", via: "10.244.0.0", dev: "flannel.1", onlink: true } as const;

const SEED_NODE1: NodeSpec = {
  ...COMMON_NODE1,
  podCidr: "10.244.1.0/24",
  vtepMac: "2a:95:ed:10:e4:56",
  bridgeMac: "36:a5:21:90:7c:9a",
  extraRoutes: [...(COMMON_NODE1.extraRoutes ?? []), MASTER_ROUTE],
};

const SEED_NODE2: NodeSpec = {
  ...COMMON_NODE2,
  podCidr: "10.244.2.0/24",
  vtepMac: "72:c8:ad:5f:87:07",
  bridgeMac: "de:fb:ba:bd:46:44",
  extraRoutes: [...(COMMON_NODE2.extraRoutes ?? []), MASTER_ROUTE],
};

const APP_LABELS = { app: "httpd-app", "pod-template-hash": "675b65488d" };
const TEST_LABELS = { app: "httpd-test", "pod-template-hash": "fd769fcb7" };

/** The seed's pods with every printed detail (IPs, MACs, host veths and their ifindexes). */
const SEED_POD_SPECS: readonly PodSpec[] = [
  { name: SEED_PODS.appNode1, node: "node1", ip: "10.244.1.2", mac: "4a:1f:b9:9d:30:75", labels: APP_LABELS, hostInterface: { name: "veth76d1fce3", mac: "16:ae:4d:3a:e9:d8", ifindex: 6 } },
  { name: SEED_PODS.testNode1, node: "node1", ip: "10.244.1.3", labels: TEST_LABELS, hostInterface: { name: "veth16e5e638", mac: "f6:93:97:52:2e:5a", ifindex: 7 } },
  { name: SEED_PODS.appNode2, node: "node2", ip: "10.244.2.2", mac: "0e:da:e9:4e:f0:bf", labels: APP_LABELS, hostInterface: { name: "veth79a7513f", mac: "de:88:ba:a5:77:cb", ifindex: 6 } },
  { name: SEED_PODS.testNode2, node: "node2", ip: "10.244.2.3", labels: TEST_LABELS, hostInterface: { name: "vethd0184a65", mac: "5a:6f:a9:bc:09:27", ifindex: 7 } },
];

/**
 * The same pods for other dataplanes: names, nodes, labels and eth0 MACs. Flannel-style
 * plugins keep the seed's IPs and host veths (same bridge plugin); Calico picks its own
 * IPs and names its host interfaces cali<hash>.
 */
function layoutPods(style: "flannel" | "canal" | "calico"): PodSpec[] {
  return SEED_POD_SPECS.map((p) => ({
    name: p.name,
    node: p.node,
    labels: p.labels ?? {},
    ...(p.mac ? { mac: p.mac } : {}),
    ...(style !== "calico" && p.ip ? { ip: p.ip } : {}),
    ...(style === "flannel" && p.hostInterface ? { hostInterface: p.hostInterface } : {}),
  }));
}

/** The seed machines for other flannel backends and Canal: same cni0/flannel.1 MACs where the device exists; no master route (not every mode has flannel.1). */
const FLANNEL_LAYOUT_NODES: readonly NodeSpec[] = [
  { ...COMMON_NODE1, podCidr: "10.244.1.0/24", bridgeMac: "36:a5:21:90:7c:9a", vtepMac: "2a:95:ed:10:e4:56" },
  { ...COMMON_NODE2, podCidr: "10.244.2.0/24", bridgeMac: "de:fb:ba:bd:46:44", vtepMac: "72:c8:ad:5f:87:07" },
];

/** A machine off the cluster (a laptop on the office network) that calls a NodePort. */
const OUTSIDE_CLIENT: ExternalHostSpec = { name: "client", ip: "30.0.9.20/24", gateway: "30.0.9.1" };

const SERVICES: readonly ServiceSpec[] = [
  {
    name: "httpd-app",
    namespace: "default",
    type: "NodePort",
    clusterIp: "10.96.148.103",
    ports: [{ name: "http", protocol: "tcp", port: 80, targetPort: 80, nodePort: 30080 }],
    selector: { app: "httpd-app" },
  },
  {
    name: "httpd-empty",
    namespace: "default",
    type: "ClusterIP",
    clusterIp: "10.96.201.17",
    ports: [{ name: "http", protocol: "tcp", port: 80, targetPort: 8080 }],
    selector: { app: "httpd-missing" },
  },
];

const POLICIES: readonly NetworkPolicySpec[] = [
  {
    name: "httpd-app-allow-test",
    namespace: "default",
    podSelector: { app: "httpd-app" },
    policyTypes: ["Ingress"],
    ingress: [{ peers: [{ podSelector: { app: "httpd-test" } }], ports: [{ protocol: "tcp", port: 80 }] }],
  },
];

interface ScenarioDef extends ScenarioInfo {
  readonly build: () => Cluster;
}

const CROSS_NODE3: NodeSpec = { name: "node3", ip: "30.0.2.31/24", nic: "ens3", mtu: 1450, gateway: "30.0.2.1" };

const DEFS: readonly ScenarioDef[] = [
  {
    name: "seed-flannel-vxlan",
    mode: "flannel-vxlan",
    description: "The example cluster exactly: Flannel VXLAN on node1 30.0.1.160 / node2 30.0.1.47 (ens3 MTU 1450), flannel.1 VNI 1 UDP 8472",
    example: { from: "10.244.1.2", to: "10.244.2.2" },
    build: () =>
      buildCluster("flannel-vxlan", {
        name: "seed-flannel-vxlan",
        description: "The example Flannel VXLAN cluster from the article 'Kubernetes的flannel网络' on 电子发烧友 (two OpenStack VMs, ens3 MTU 1450)",
        nodes: [SEED_NODE1, SEED_NODE2],
        pods: SEED_POD_SPECS,
        notes: SEED_NOTES,
      }),
  },
  {
    name: "flannel-udp",
    mode: "flannel-udp",
    description: "Same machines with flannel's UDP backend: TUN flannel0, flanneld forwards in userspace over UDP 8285",
    example: { from: "10.244.1.2", to: "10.244.2.2" },
    build: () => buildCluster("flannel-udp", { name: "flannel-udp", nodes: FLANNEL_LAYOUT_NODES, pods: layoutPods("flannel") }),
  },
  {
    name: "flannel-host-gw",
    mode: "flannel-host-gw",
    description: "Same machines with flannel host-gw: routes via the peer node IP on ens3, no encapsulation",
    example: { from: "10.244.1.2", to: "10.244.2.2" },
    build: () => buildCluster("flannel-host-gw", { name: "flannel-host-gw", nodes: FLANNEL_LAYOUT_NODES, pods: layoutPods("flannel") }),
  },
  {
    name: "flannel-host-gw-different-subnets",
    mode: "flannel-host-gw",
    description: "host-gw with node2 moved to 30.0.2.47/24 behind a router: the route cannot be installed, pod traffic dies",
    example: { from: "10.244.1.2", to: "10.244.2.2" },
    build: () =>
      buildCluster("flannel-host-gw", {
        name: "flannel-host-gw-different-subnets",
        nodes: [
          FLANNEL_LAYOUT_NODES[0] as NodeSpec,
          {
            ...(FLANNEL_LAYOUT_NODES[1] as NodeSpec),
            ip: "30.0.2.47/24",
            gateway: "30.0.2.1",
            podCidr: "10.244.2.0/24",
            extraRoutes: [{ dst: "169.254.169.254", via: "30.0.2.1", dev: "ens3", proto: "dhcp", src: "30.0.2.47", metric: 100 }],
          },
        ],
        pods: layoutPods("flannel"),
        notes: ["node2 is moved to 30.0.2.0/24 (invented) to show why host-gw needs L2 adjacency."],
      }),
  },
  {
    name: "flannel-vxlan-service",
    mode: "flannel-vxlan",
    description: "The example cluster plus Service httpd-app (ClusterIP 10.96.148.103:80, NodePort 30080) and an endpoint-less Service",
    example: { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 },
    build: () =>
      buildCluster("flannel-vxlan", {
        name: "flannel-vxlan-service",
        nodes: [SEED_NODE1, SEED_NODE2],
        pods: SEED_POD_SPECS,
        services: SERVICES,
        externalHosts: [OUTSIDE_CLIENT],
        notes: [
          ...SEED_NOTES,
          "ClusterIPs 10.96.148.103 and 10.96.201.17 and NodePort 30080 are invented (the source article prints no Service).",
          "The outside client 30.0.9.20 on 30.0.9.0/24, reached through the underlay router, is invented to show a NodePort from off the cluster.",
        ],
      }),
  },
  {
    name: "flannel-vxlan-network-policy",
    mode: "flannel-vxlan",
    description: "The example cluster with a NetworkPolicy that flannel alone does not enforce",
    example: { from: SEED_PODS.appNode1, to: "10.244.2.2", protocol: "tcp", port: 80 },
    build: () =>
      buildCluster("flannel-vxlan", {
        name: "flannel-vxlan-network-policy",
        nodes: [SEED_NODE1, SEED_NODE2],
        pods: SEED_POD_SPECS,
        networkPolicies: POLICIES,
        notes: SEED_NOTES,
      }),
  },
  {
    name: "calico-ipip",
    mode: "calico-ipip",
    description: "Same machines with Calico IPIP: cali* veths, 169.254.1.1 proxy ARP, tunl0 IP-in-IP (protocol 4)",
    example: { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 },
    build: () => buildCluster("calico-ipip", { name: "calico-ipip", nodes: [COMMON_NODE1, COMMON_NODE2], pods: layoutPods("calico") }),
  },
  {
    name: "calico-bgp",
    mode: "calico-bgp",
    description: "Same machines with Calico BGP and no encapsulation: BIRD routes via the peer node IP",
    example: { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 },
    build: () => buildCluster("calico-bgp", { name: "calico-bgp", nodes: [COMMON_NODE1, COMMON_NODE2], pods: layoutPods("calico") }),
  },
  {
    name: "calico-crosssubnet",
    mode: "calico-crosssubnet",
    description: "Calico CrossSubnet: node1/node2 share 30.0.1.0/24 (plain routes), node3 on 30.0.2.0/24 is reached over IPIP",
    example: { from: SEED_PODS.appNode1, to: "httpd-app-675b65488d-r4x8m" },
    build: () =>
      buildCluster("calico-crosssubnet", {
        name: "calico-crosssubnet",
        nodes: [COMMON_NODE1, COMMON_NODE2, CROSS_NODE3],
        pods: [...layoutPods("calico"), { name: "httpd-app-675b65488d-r4x8m", node: "node3", labels: APP_LABELS }],
        notes: ["node3 (30.0.2.31/24) and its pod are invented to show the cross-subnet case."],
      }),
  },
  {
    name: "calico-vxlan",
    mode: "calico-vxlan",
    description: "Same machines with Calico VXLAN: vxlan.calico, VNI 4096, UDP 4789",
    example: { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 },
    build: () => buildCluster("calico-vxlan", { name: "calico-vxlan", nodes: [COMMON_NODE1, COMMON_NODE2], pods: layoutPods("calico") }),
  },
  {
    name: "canal",
    mode: "canal",
    description: "Same machines with Canal: Calico CNI (cali*, 169.254.1.1) and flannel VXLAN between nodes",
    example: { from: "10.244.1.2", to: "10.244.2.2" },
    build: () => buildCluster("canal", { name: "canal", nodes: FLANNEL_LAYOUT_NODES, pods: layoutPods("canal") }),
  },
  {
    name: "canal-network-policy",
    mode: "canal",
    description: "Canal with policy httpd-app-allow-test: only httpd-test pods may reach httpd-app on TCP 80",
    example: { from: SEED_PODS.appNode1, to: "10.244.2.2", protocol: "tcp", port: 80 },
    build: () => buildCluster("canal", { name: "canal-network-policy", nodes: FLANNEL_LAYOUT_NODES, pods: layoutPods("canal"), networkPolicies: POLICIES }),
  },
];

const cache = new Map<string, Cluster>();

/**
 * The name a learner sees for each scenario (mode switchers, summaries, captions, the mode
 * comparison). Scenario ids are identifiers for lessons and tests and stay as they are.
 */
const SCENARIO_LABELS: Readonly<Record<string, string>> = {
  "seed-flannel-vxlan": "Flannel VXLAN",
  "flannel-udp": "Flannel UDP",
  "flannel-host-gw": "Flannel host-gw",
  "flannel-host-gw-different-subnets": "Flannel host-gw, nodes in different subnets",
  "flannel-vxlan-service": "Flannel VXLAN with Services",
  "flannel-vxlan-network-policy": "Flannel VXLAN with a NetworkPolicy",
  "calico-ipip": "Calico IP-in-IP",
  "calico-bgp": "Calico BGP, no encapsulation",
  "calico-crosssubnet": "Calico CrossSubnet",
  "calico-vxlan": "Calico VXLAN",
  canal: "Canal",
  "canal-network-policy": "Canal with a NetworkPolicy",
};

/** The reader-facing name of a scenario; an unknown id is returned unchanged. */
export function scenarioLabel(name: string): string {
  return SCENARIO_LABELS[name] ?? name;
}

/** Every named scenario with a one-line description. */
export function listScenarios(): readonly ScenarioInfo[] {
  return DEFS.map(({ name, mode, description, example }) => ({ name, mode, description, example }));
}

/** The cluster of a named scenario (built once, then shared: clusters are immutable). */
export function getScenario(name: string): Cluster {
  const hit = cache.get(name);
  if (hit) return hit;
  const def = DEFS.find((d) => d.name === name);
  if (!def) throw new PacketWalkInputError(`unknown scenario "${name}"; known: ${DEFS.map((d) => d.name).join(", ")}`, "scenario");
  const cluster = def.build();
  cache.set(name, cluster);
  return cluster;
}

/** The spec of the seed cluster, for callers that want to vary it (e.g. another dataplane). */
export function seedClusterSpec(): ClusterSpec {
  return { name: "seed-flannel-vxlan", nodes: [SEED_NODE1, SEED_NODE2], pods: SEED_POD_SPECS, notes: SEED_NOTES };
}
