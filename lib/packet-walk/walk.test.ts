import { describe, expect, it } from "vitest";
import { buildCluster, buildFlannelHostGwCluster } from "./builders";
import type { Cluster, Device, Netns } from "./model";
import type { Header, IpHeader } from "./packet";
import { getScenario, SEED_PODS } from "./scenarios";
import { traceroute } from "./traceroute";
import { walkPacket, walkReply, type Hop, type WalkResult } from "./walk";

const ipHeaders = (h: Hop): IpHeader[] => h.headers.filter((x): x is IpHeader => x.type === "ip");
const innermostTtl = (h: Hop): number => ipHeaders(h).at(-1)?.ttl ?? -1;

/** Consecutive distinct node:device pairs the packet touched (the path a diagram animates). */
function devicePath(r: WalkResult): string[] {
  const out: string[] = [];
  for (const h of r.hops) {
    const key = `${h.location.node}:${h.location.device}`;
    if (out.at(-1) !== key) out.push(key);
  }
  return out;
}
const wireHop = (r: WalkResult, node: string, device: string, dir: "tx" | "rx"): Hop => {
  const h = r.hops.find((x) => x.wire === dir && x.location.node === node && x.location.device === device);
  if (!h) throw new Error(`no ${dir} hop on ${node}:${device}`);
  return h;
};
const types = (hs: readonly Header[]) => hs.map((h) => h.type).join(",");
const count = (r: WalkResult, action: Hop["action"]) => r.hops.filter((h) => h.action === action).length;

/** Returns a copy of `c` with one host namespace rewritten (clusters are immutable data). */
function editHost(c: Cluster, node: string, f: (ns: Netns) => Netns): Cluster {
  return { ...c, nodes: c.nodes.map((n) => (n.name !== node ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id === "host" ? f(ns) : ns)) })) };
}
const editDevice = (ns: Netns, name: string, f: (d: Device) => Device): Netns => ({ ...ns, devices: ns.devices.map((d) => (d.name === name ? f(d) : d)) });

describe("seed-flannel-vxlan: ping 10.244.1.2 → 10.244.2.2 as in seed 001", () => {
  const c = getScenario("seed-flannel-vxlan");
  const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });

  it("is delivered into the destination pod's namespace", () => {
    expect(r.delivered).toBe(true);
    expect(r.final?.location).toEqual({ node: "node2", netns: `pod:${SEED_PODS.appNode2}`, device: "eth0" });
  });

  it("follows eth0 → veth → cni0 → flannel.1 → ens3 → ens3 → flannel.1 → cni0 → veth → eth0", () => {
    expect(devicePath(r)).toEqual([
      "node1:eth0", "node1:veth76d1fce3", "node1:cni0", "node1:flannel.1", "node1:ens3",
      "node2:ens3", "node2:flannel.1", "node2:cni0", "node2:veth79a7513f", "node2:eth0",
    ]);
  });

  it("puts the full VXLAN stack on node1's ens3: outer 30.0.1.160→30.0.1.47 UDP 8472 VNI 1, inner pod IPs", () => {
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(types(h.headers)).toBe("eth,ip,udp,vxlan,eth,ip,icmp");
    expect(h.headers[0]).toMatchObject({ src: "fa:16:3e:69:98:f3", dst: "fa:16:3e:eb:3a:5e" });
    expect(h.headers[1]).toMatchObject({ src: "30.0.1.160", dst: "30.0.1.47", proto: "udp", ttl: 64 });
    expect(h.headers[2]).toMatchObject({ dport: 8472, checksum: "computed" });
    expect((h.headers[2] as { sport: number }).sport).toBeGreaterThanOrEqual(32768);
    expect(h.headers[3]).toEqual({ type: "vxlan", vni: 1 });
    expect(h.headers[4]).toMatchObject({ src: "2a:95:ed:10:e4:56", dst: "72:c8:ad:5f:87:07" });
    expect(h.headers[5]).toMatchObject({ src: "10.244.1.2", dst: "10.244.2.2", ttl: 63, proto: "icmp" });
    // 84-byte ping (20 IP + 8 ICMP + 56 data) + 50 bytes of VXLAN overhead = 134, under ens3's 1450.
    expect(h.size).toMatchObject({ ipBytes: 134, wireBytes: 148, mtu: 1450, exceedsMtu: false });
  });

  it("shows only the inner frame on flannel.1 (the seed's capture found no VXLAN there)", () => {
    expect(types(wireHop(r, "node1", "flannel.1", "tx").headers)).toBe("eth,ip,icmp");
    expect(types(wireHop(r, "node2", "flannel.1", "rx").headers)).toBe("eth,ip,icmp");
    expect(wireHop(r, "node1", "flannel.1", "tx").size).toMatchObject({ ipBytes: 84, mtu: 1400 });
  });

  it("decapsulates in the kernel on node2's flannel.1 and decrements TTL only where the kernel routes", () => {
    const decap = r.hops.find((h) => h.action === "decapsulate");
    expect(decap?.location).toMatchObject({ node: "node2", device: "flannel.1" });
    expect(decap?.detail).toMatch(/kernel/);
    expect(count(r, "encapsulate")).toBe(1);
    expect(count(r, "decapsulate")).toBe(1);
    expect(innermostTtl(r.hops[0] as Hop)).toBe(64);
    expect(r.final?.packet.ttl).toBe(62);
    const routes = r.hops.filter((h) => h.action === "route-lookup" && h.location.netns === "host" && h.detail.startsWith("forward"));
    expect(routes.map((h) => h.entry?.text)).toEqual(["10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1"]);
  });

  it("quotes the deciding entries and real commands", () => {
    const arp = r.hops.find((h) => h.action === "arp-lookup" && h.location.device === "flannel.1");
    expect(arp?.entry?.text).toBe("10.244.2.0 dev flannel.1 lladdr 72:c8:ad:5f:87:07 PERMANENT");
    expect(arp?.command).toBe("ip neigh show dev flannel.1");
    const fdb = r.hops.find((h) => h.action === "fdb-lookup");
    expect(fdb?.entry?.text).toBe("72:c8:ad:5f:87:07 dev flannel.1 dst 30.0.1.47 self permanent");
    expect(fdb?.command).toBe("bridge fdb show dev flannel.1");
    expect(wireHop(r, "node1", "ens3", "tx").command).toBe("tcpdump -eni ens3 udp port 8472");
    expect(r.hops[0]?.command).toBe(`kubectl exec -it ${SEED_PODS.appNode1} -- ip route get 10.244.2.2`);
    expect(r.hops.map((h) => h.id)).toEqual(r.hops.map((_, i) => `hop-${i}`));
  });

  it("reproduces the seed's traceroute: 10.244.1.1, 10.244.2.0, 10.244.2.2", () => {
    const tr = traceroute(c, "10.244.1.2", "10.244.2.2");
    expect(tr.reached).toBe(true);
    expect(tr.hops.map((h) => h.responder)).toEqual(["10.244.1.1", "10.244.2.0", "10.244.2.2"]);
    // Linux traceroute's default probe is 60 bytes: 20 IP + 8 UDP + 32.
    expect(tr.hops[0]?.walk.initial.payload).toMatchObject({ kind: "udp", dport: 33434 });
    expect(wireHop(tr.hops[2]!.walk, "node1", "flannel.1", "tx").size.ipBytes).toBe(60);
  });

  it("walks the echo reply back to the sender", () => {
    const back = walkReply(c, r);
    expect(back.delivered).toBe(true);
    expect(back.final?.location).toEqual({ node: "node1", netns: `pod:${SEED_PODS.appNode1}`, device: "eth0" });
    expect(back.final?.packet).toMatchObject({ src: "10.244.2.2", dst: "10.244.1.2", payload: { kind: "icmp", type: 0 } });
    expect(wireHop(back, "node2", "ens3", "tx").headers[1]).toMatchObject({ src: "30.0.1.47", dst: "30.0.1.160" });
  });

  it("bridges same-node pod traffic without routing (TTL unchanged)", () => {
    const local = walkPacket(c, { from: SEED_PODS.appNode1, to: "10.244.1.3" });
    expect(local.delivered).toBe(true);
    expect(devicePath(local)).toEqual(["node1:eth0", "node1:veth76d1fce3", "node1:cni0", "node1:veth16e5e638", "node1:eth0"]);
    expect(local.final?.packet.ttl).toBe(64);
    expect(count(local, "bridge-forward")).toBe(1);
  });

  it("uses flannel.1's /32 address as the source of host-to-pod traffic", () => {
    const fromHost = walkPacket(c, { from: "node1", to: "10.244.2.2" });
    expect(fromHost.delivered).toBe(true);
    expect(fromHost.initial.src).toBe("10.244.1.0");
  });
});

describe("other dataplanes on the seed's machines", () => {
  it("flannel-udp: flannel0 → flanneld (userspace) → UDP 8285, 28 bytes overhead, TTL also decremented by flanneld", () => {
    const c = getScenario("flannel-udp");
    const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.delivered).toBe(true);
    expect(devicePath(r)).toContain("node1:flannel0");
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(types(h.headers)).toBe("eth,ip,udp,ip,icmp");
    expect(h.headers[2]).toMatchObject({ sport: 8285, dport: 8285 });
    expect(h.size.ipBytes).toBe(84 + 28);
    expect(count(r, "to-userspace")).toBe(2);
    expect(r.final?.packet.ttl).toBe(60);
    expect(traceroute(c, "10.244.1.2", "10.244.2.2").hops.map((x) => x.responder)).toEqual(["10.244.1.1", null, null, "10.244.2.0", "10.244.2.2"]);
  });

  it("flannel-udp: routes into flannel0 by the network route flanneld installs, with flannel0's /32 as the host's source", () => {
    const c = getScenario("flannel-udp");
    const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    const routeTexts = r.hops.filter((h) => h.entry?.kind === "route").map((h) => h.entry?.text);
    expect(routeTexts).toContain("10.244.0.0/16 dev flannel0");
    expect(routeTexts.some((t) => /flannel0 proto kernel|flannel0 .*src /.test(t ?? ""))).toBe(false);
    const fromHost = walkPacket(c, { from: "node1", to: "10.244.2.2" });
    expect(fromHost.delivered).toBe(true);
    expect(fromHost.initial.src).toBe("10.244.1.0");
  });

  it("flannel-host-gw: no encapsulation, routed via node2's IP", () => {
    const c = getScenario("flannel-host-gw");
    const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.delivered).toBe(true);
    expect(count(r, "encapsulate")).toBe(0);
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(types(h.headers)).toBe("eth,ip,icmp");
    expect(h.headers[0]).toMatchObject({ dst: "fa:16:3e:eb:3a:5e" });
    expect(h.headers[1]).toMatchObject({ src: "10.244.1.2", dst: "10.244.2.2", ttl: 63 });
    expect(traceroute(c, "10.244.1.2", "10.244.2.2").hops.map((x) => x.responder)).toEqual(["10.244.1.1", "30.0.1.47", "10.244.2.2"]);
  });

  it("flannel-host-gw-different-subnets: dropped, blaming the route the kernel refused", () => {
    const r = walkPacket(getScenario("flannel-host-gw-different-subnets"), { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.delivered).toBe(false);
    expect(r.drop?.code).toBe("next-hop-not-on-link");
    expect(r.drop?.reason).toMatch(/10\.244\.2\.0\/24 via 30\.0\.2\.47 dev ens3/);
    expect(r.drop?.reason).toMatch(/L2 segment/);
    expect(r.drop?.location.node).toBe("router");
  });

  it("calico-ipip: proxy ARP for 169.254.1.1, IP protocol 4 between the node IPs, TTL inherited", () => {
    const r = walkPacket(getScenario("calico-ipip"), { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 });
    expect(r.delivered).toBe(true);
    const arp = r.hops[1];
    expect(arp?.entry?.text).toBe("169.254.1.1 dev eth0 lladdr ee:ee:ee:ee:ee:ee REACHABLE");
    expect(arp?.detail).toMatch(/proxy ARP/);
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(types(h.headers)).toBe("eth,ip,ip,icmp");
    expect(h.headers[1]).toMatchObject({ src: "30.0.1.160", dst: "30.0.1.47", proto: "ipip", protoNumber: 4, ttl: 63 });
    expect(h.headers[2]).toMatchObject({ src: "192.168.0.1", dst: "192.168.0.65", ttl: 63 });
    expect(h.size.ipBytes).toBe(84 + 20);
    expect(devicePath(r)).toEqual(expect.arrayContaining(["node1:tunl0", "node2:tunl0"]));
    expect(r.hops.some((h2) => h2.location.device.startsWith("cali"))).toBe(true);
  });

  it("calico-bgp: plain routed packets, BIRD's route", () => {
    const r = walkPacket(getScenario("calico-bgp"), { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 });
    expect(r.delivered).toBe(true);
    expect(count(r, "encapsulate")).toBe(0);
    expect(types(wireHop(r, "node1", "ens3", "tx").headers)).toBe("eth,ip,icmp");
    expect(r.hops.some((h) => h.entry?.text === "192.168.0.64/26 via 30.0.1.47 dev ens3 proto bird")).toBe(true);
  });

  it("calico-vxlan: vxlan.calico, UDP 4789, VNI 4096", () => {
    const r = walkPacket(getScenario("calico-vxlan"), { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 });
    expect(r.delivered).toBe(true);
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(types(h.headers)).toBe("eth,ip,udp,vxlan,eth,ip,icmp");
    expect(h.headers[2]).toMatchObject({ dport: 4789 });
    expect(h.headers[3]).toEqual({ type: "vxlan", vni: 4096 });
    expect(devicePath(r)).toContain("node1:vxlan.calico");
  });

  it("calico-crosssubnet: plain inside 30.0.1.0/24, IPIP through the router to node3", () => {
    const c = getScenario("calico-crosssubnet");
    const same = walkPacket(c, { from: SEED_PODS.appNode1, to: SEED_PODS.appNode2 });
    expect(same.delivered && count(same, "encapsulate") === 0).toBe(true);
    const cross = walkPacket(c, { from: SEED_PODS.appNode1, to: "httpd-app-675b65488d-r4x8m" });
    expect(cross.delivered).toBe(true);
    expect(count(cross, "encapsulate")).toBe(1);
    expect(devicePath(cross)).toEqual(expect.arrayContaining(["router:eth0", "router:eth1", "node3:tunl0"]));
    expect(wireHop(cross, "node1", "ens3", "tx").headers[1]).toMatchObject({ dst: "30.0.2.31", proto: "ipip" });
  });

  it("canal: cali* interfaces and flannel VXLAN (8472, VNI 1) between nodes, Calico policy checks on the way", () => {
    const r = walkPacket(getScenario("canal"), { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.delivered).toBe(true);
    const h = wireHop(r, "node1", "ens3", "tx");
    expect(h.headers[2]).toMatchObject({ dport: 8472 });
    expect(h.headers[3]).toEqual({ type: "vxlan", vni: 1 });
    expect(count(r, "policy")).toBe(2);
    expect(devicePath(r).some((d) => d.includes("cni0"))).toBe(false);
  });
});

describe("Services (kube-proxy iptables)", () => {
  const c = getScenario("flannel-vxlan-service");

  it("DNATs a ClusterIP to an endpoint and un-DNATs the reply back to the ClusterIP", () => {
    const r = walkPacket(c, { from: SEED_PODS.testNode1, to: "10.96.148.103", protocol: "tcp", port: 80 }, { endpointIndex: 1 });
    expect(r.delivered).toBe(true);
    const dnat = r.hops.find((h) => h.action === "dnat");
    expect(dnat?.entry).toMatchObject({ kind: "iptables", table: "nat" });
    expect(dnat?.entry?.text).toMatch(/^-A KUBE-SEP-[A-Z2-7]{16} -p tcp -m tcp -j DNAT --to-destination 10\.244\.2\.2:80$/);
    expect(r.final?.location.node).toBe("node2");
    expect(r.final?.packet).toMatchObject({ src: "10.244.1.3", dst: "10.244.2.2" });
    expect(r.conntrack).toHaveLength(1);
    const back = walkReply(c, r);
    expect(back.delivered).toBe(true);
    expect(back.final?.location.netns).toBe(`pod:${SEED_PODS.testNode1}`);
    expect(back.final?.packet).toMatchObject({ src: "10.96.148.103", dst: "10.244.1.3", payload: { sport: 80, flags: ["SYN", "ACK"] } });
    expect(back.hops.find((h) => h.action === "un-dnat")?.location.node).toBe("node1");
  });

  it("un-DNATs a same-node reply on the bridge (br_netfilter)", () => {
    const r = walkPacket(c, { from: SEED_PODS.testNode1, to: "10.96.148.103", protocol: "tcp", port: 80 }, { endpointIndex: 0 });
    const back = walkReply(c, r);
    expect(back.hops.find((h) => h.action === "un-dnat")?.location.device).toBe("cni0");
    expect(back.final?.packet.src).toBe("10.96.148.103");
  });

  it("NodePort: DNAT + masquerade on the receiving node, both undone for the reply", () => {
    const r = walkPacket(c, { from: "node1", to: "30.0.1.47", protocol: "tcp", port: 30080 }, { endpointIndex: 0 });
    expect(r.delivered).toBe(true);
    expect(r.hops.find((h) => h.action === "dnat")?.entry).toMatchObject({ chains: expect.arrayContaining(["KUBE-NODEPORTS"]) });
    // Endpoint 0 is on node1: node2 masquerades so the reply comes back through it.
    expect(r.final?.packet.src).toBe("10.244.2.0");
    const back = walkReply(c, r);
    expect(back.delivered).toBe(true);
    expect(back.final?.location).toMatchObject({ node: "node1", netns: "host" });
    expect(back.final?.packet).toMatchObject({ src: "30.0.1.47", dst: "30.0.1.160", payload: { sport: 30080 } });
    expect(back.hops.map((h) => h.action)).toEqual(expect.arrayContaining(["un-snat", "un-dnat"]));
  });

  it("NodePort from a client outside the cluster: through the underlay router, DNAT and masquerade on the node it calls, the reply back to the client", () => {
    const r = walkPacket(c, { from: "client", to: "30.0.1.47", protocol: "tcp", port: 30080 }, { endpointIndex: 0 });
    expect(r.delivered).toBe(true);
    expect(r.source).toMatchObject({ node: "client", netns: "host", ip: "30.0.9.20" });
    // The client runs no kube-proxy: nothing is translated before node2.
    const dnat = r.hops.find((h) => h.action === "dnat");
    expect(dnat?.location).toMatchObject({ node: "node2", device: "ens3" });
    expect(r.hops.filter((h) => h.location.node === "client").map((h) => h.action)).toEqual(["route-lookup", "arp-lookup", "send"]);
    expect(r.hops.some((h) => h.location.node === "router" && h.action === "route-lookup")).toBe(true);
    // The endpoint (on node1) sees node2's flannel.1 address, not the client's.
    expect(r.final?.location.node).toBe("node1");
    expect(r.final?.packet.src).toBe("10.244.2.0");
    const back = walkReply(c, r);
    expect(back.delivered).toBe(true);
    expect(back.final?.location).toMatchObject({ node: "client", netns: "host", device: "ens3" });
    expect(back.final?.packet).toMatchObject({ src: "30.0.1.47", dst: "30.0.9.20", payload: { sport: 30080 } });
  });

  it("a ClusterIP is not reachable from outside the cluster: the client's default route sends it to a router that has no route", () => {
    const r = walkPacket(c, { from: "client", to: "10.96.148.103", protocol: "tcp", port: 80 });
    expect(r.delivered).toBe(false);
    expect(r.drop?.location.node).toBe("router");
    expect(r.drop?.reason).toMatch(/ClusterIP of Service default\/httpd-app, which exists only in kube-proxy's rules.*use a NodePort/);
    // The router answers with ICMP network unreachable, which it can route back to the client (kernel-checked).
    expect(r.drop?.icmp).toEqual({ type: 3, code: 0, source: "30.0.9.1", reachesSender: true });
    // A pod's packet gets the same answer, but the router has no route back to a pod.
    const lost = walkPacket(getScenario("flannel-host-gw-different-subnets"), { from: SEED_PODS.appNode1, to: "10.244.2.2" });
    expect(lost.drop?.icmp).toMatchObject({ type: 3, code: 0, reachesSender: false });
    expect(r.hops.some((h) => h.action === "dnat")).toBe(false);
    // A pod IP from outside: the router knows node subnets only.
    expect(walkPacket(c, { from: "client", to: "10.244.1.2", protocol: "tcp", port: 80 }).drop?.reason).toMatch(/not pod CIDRs/);
  });

  it("refuses a pod's walk to the outside client (outgoing NAT is not modelled) with a clear error", () => {
    expect(() => walkPacket(c, { from: SEED_PODS.appNode1, to: "client" })).toThrow(/outside the cluster.*outgoing NAT/);
    // A node's own traffic to it needs no NAT and is walked.
    expect(walkPacket(c, { from: "node1", to: "client" }).delivered).toBe(true);
  });

  it("drops traffic to a Service without endpoints with an actionable reason", () => {
    const r = walkPacket(c, { from: SEED_PODS.testNode1, to: "10.96.201.17", protocol: "tcp", port: 80 });
    expect(r.drop?.code).toBe("no-endpoints");
    expect(r.drop?.reason).toMatch(/default\/httpd-empty has no ready endpoints/);
    expect(r.hops.at(-1)?.command).toBe("kubectl get endpoints httpd-empty -n default");
  });

  it("explains why a ClusterIP does not answer ping", () => {
    const r = walkPacket(c, { from: SEED_PODS.testNode1, to: "10.96.148.103" });
    expect(r.delivered).toBe(false);
    expect(r.hops.some((h) => h.action === "note" && /ClusterIP/.test(h.detail))).toBe(true);
  });

  it("masquerades hairpin traffic (a pod reaching itself through its Service)", () => {
    const r = walkPacket(c, { from: SEED_PODS.appNode1, to: "10.96.148.103", protocol: "tcp", port: 80 }, { endpointIndex: 0 });
    expect(r.delivered).toBe(true);
    expect(r.final?.packet.src).toBe("10.244.1.1");
    const back = walkReply(c, r);
    expect(back.delivered).toBe(true);
    expect(back.final?.packet).toMatchObject({ src: "10.96.148.103", dst: "10.244.1.2" });
  });
});

describe("NetworkPolicy", () => {
  it("Calico (Canal) denies what the policy does not allow and names the policy", () => {
    const c = getScenario("canal-network-policy");
    const denied = walkPacket(c, { from: SEED_PODS.appNode1, to: "10.244.2.2", protocol: "tcp", port: 80 });
    expect(denied.drop?.code).toBe("policy-denied");
    expect(denied.drop?.policy?.selectedBy).toEqual(["default/httpd-app-allow-test"]);
    expect(denied.drop?.reason).toMatch(/default\/httpd-app-allow-test/);
    expect(denied.drop?.location).toMatchObject({ node: "node2" });
    const allowed = walkPacket(c, { from: SEED_PODS.testNode1, to: "10.244.2.2", protocol: "tcp", port: 80 });
    expect(allowed.delivered).toBe(true);
    expect(walkPacket(c, { from: SEED_PODS.testNode1, to: "10.244.2.2", protocol: "tcp", port: 22 }).drop?.code).toBe("policy-denied");
    expect(walkPacket(c, { from: SEED_PODS.testNode1, to: "10.244.2.2" }).drop?.code).toBe("policy-denied");
    // The reply of an allowed connection passes as ESTABLISHED even though nothing allows app → test explicitly.
    expect(walkReply(c, allowed).delivered).toBe(true);
  });

  it("flannel alone does not enforce it (delivered, with a note)", () => {
    const r = walkPacket(getScenario("flannel-vxlan-network-policy"), { from: SEED_PODS.appNode1, to: "10.244.2.2", protocol: "tcp", port: 80 });
    expect(r.delivered).toBe(true);
    expect(r.hops.find((h) => h.action === "policy")?.detail).toMatch(/NOT enforced/);
  });
});

describe("drops a learner can act on", () => {
  const seed = getScenario("seed-flannel-vxlan");

  it("TTL expired: ICMP time exceeded from the routing node", () => {
    const r = walkPacket(seed, { from: "10.244.1.2", to: "10.244.2.2", ttl: 1 });
    expect(r.drop).toMatchObject({ code: "ttl-expired", icmp: { type: 11, code: 0, source: "10.244.1.1", reachesSender: true } });
  });

  it("MTU exceeded with DF at the sender (EMSGSIZE) and on a forwarding hop (ICMP frag needed)", () => {
    const local = walkPacket(seed, { from: "10.244.1.2", to: "10.244.2.2", payloadBytes: 1400 });
    expect(local.drop?.code).toBe("mtu-exceeded");
    expect(local.drop?.reason).toMatch(/1428-byte packet exceeds eth0 MTU 1400/);
    // Misconfigured host-gw: pods think the MTU is 1500 but ens3 is 1450.
    const c = buildFlannelHostGwCluster({ nodes: [{ name: "a", ip: "172.16.0.10/24", mtu: 1450 }, { name: "b", ip: "172.16.0.11/24", mtu: 1450 }], pods: [{ name: "pa", node: "a" }, { name: "pb", node: "b" }] }, { mtu: 1500 });
    const fwd = walkPacket(c, { from: "pa", to: "pb", payloadBytes: 1472 });
    expect(fwd.drop).toMatchObject({ code: "mtu-exceeded", icmp: { type: 3, code: 4, source: "10.244.0.1" } });
    expect(fwd.drop?.location).toMatchObject({ node: "a", device: "ens3" });
    const noDf = walkPacket(c, { from: "pa", to: "pb", payloadBytes: 1472, dontFragment: false });
    expect(noDf.delivered).toBe(true);
    expect(noDf.hops.some((h) => h.action === "note" && /fragments/.test(h.detail))).toBe(true);
  });

  it("no route", () => {
    const c = editHost(seed, "node1", (ns) => ({ ...ns, routes: ns.routes.filter((r) => r.dst !== "0.0.0.0/0" && r.dst !== "10.244.2.0/24") }));
    const r = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.drop?.code).toBe("no-route");
    expect(r.drop?.location.node).toBe("node1");
  });

  it("underlay router without pod routes", () => {
    const r = walkPacket(seed, { from: "10.244.1.2", to: "8.8.8.8" });
    expect(r.drop?.code).toBe("underlay-no-route");
  });

  it("missing neighbour on flannel.1 (the seed's master subnet has a route but no ARP/FDB entry)", () => {
    const r = walkPacket(seed, { from: "10.244.1.2", to: "10.244.0.5" });
    expect(r.drop?.code).toBe("neighbour-unresolved");
    expect(r.drop?.location).toMatchObject({ node: "node1", device: "flannel.1" });
    // The forwarded packet is answered when ARP gives up, as the kernel lab shows (tests/kernel, missing-arp case).
    expect(r.drop?.icmp).toEqual({ type: 3, code: 1, source: "10.244.1.1", reachesSender: true });
  });

  it("an unresolved neighbour for the node's own packet: the socket gets the error, no ICMP", () => {
    const r = walkPacket(seed, { from: "node1", to: "10.244.0.5" });
    expect(r.drop?.code).toBe("neighbour-unresolved");
    expect(r.drop?.icmp).toBeUndefined();
  });

  it("missing FDB entry, VNI mismatch and a down device", () => {
    const noFdb = editHost(seed, "node1", (ns) => ({ ...ns, fdb: ns.fdb.filter((f) => f.dev !== "flannel.1") }));
    expect(walkPacket(noFdb, { from: "10.244.1.2", to: "10.244.2.2" }).drop?.code).toBe("no-fdb-entry");
    const vni = editHost(seed, "node2", (ns) => editDevice(ns, "flannel.1", (d) => (d.kind === "vxlan" ? { ...d, vni: 2 } : d)));
    const r = walkPacket(vni, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(r.drop).toMatchObject({ code: "vni-mismatch", location: { node: "node2", device: "flannel.1" } });
    const down = editHost(seed, "node1", (ns) => editDevice(ns, "flannel.1", (d) => ({ ...d, up: false })));
    expect(walkPacket(down, { from: "10.244.1.2", to: "10.244.2.2" }).drop?.code).toBe("device-down");
  });

  it("Calico's blackhole for unassigned addresses of its own block", () => {
    const r = walkPacket(getScenario("calico-ipip"), { from: SEED_PODS.appNode1, to: "192.168.0.30" });
    expect(r.drop?.code).toBe("blackhole");
    expect(r.drop?.reason).toMatch(/blackhole 192\.168\.0\.0\/26/);
  });

  it("rejects bad input with the field name", () => {
    expect(() => walkPacket(seed, { from: "nope", to: "10.244.2.2" })).toThrow(/from/);
    expect(() => walkPacket(seed, { from: "10.244.1.2", to: "10.244.2.2", port: 70000, protocol: "tcp" })).toThrow(/port/);
    expect(() => walkReply(seed, walkPacket(seed, { from: "10.244.1.2", to: "8.8.8.8" }))).toThrow(/dropped/);
  });

  it("does not mutate the cluster", () => {
    const c = buildCluster("flannel-vxlan", { nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }], pods: [{ name: "pa", node: "a" }, { name: "pb", node: "b" }] });
    const before = JSON.stringify(c);
    walkReply(c, walkPacket(c, { from: "pa", to: "pb", protocol: "tcp", port: 80 }));
    expect(JSON.stringify(c)).toBe(before);
  });
});

describe("behaviour the kernel differential test (tests/kernel) established", () => {
  const seed = getScenario("seed-flannel-vxlan");
  const svc = getScenario("flannel-vxlan-service");
  const lastIp = (h: Hop): IpHeader => ipHeaders(h).at(-1) as IpHeader;

  it("a frame a bridge passes up to the host is captured on the bridge (wire rx)", () => {
    const w = walkPacket(seed, { from: "10.244.1.2", to: "10.244.2.2" });
    const up = wireHop(w, "node1", "cni0", "rx");
    expect(up.action).toBe("bridge-forward");
  });

  it("echo replies carry no DF bit (the kernel's ICMP socket uses IP_PMTUDISC_DONT)", () => {
    const w = walkPacket(seed, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(lastIp(wireHop(w, "node1", "eth0", "tx")).df).toBe(true);
    const r = walkReply(seed, w);
    expect(r.hops.filter((h) => h.wire).every((h) => lastIp(h).df === false)).toBe(true);
  });

  it("a SYN-ACK carries the MSS option: route MTU − 40, 44-byte packet", () => {
    const w = walkPacket(svc, { from: "10.244.1.3", to: "10.244.2.2", protocol: "tcp", port: 80 });
    const r = walkReply(svc, w);
    const h = r.hops.find((x) => x.wire === "tx");
    if (!h) throw new Error("no wire hop");
    const tcp = h.headers.find((x) => x.type === "tcp");
    expect(tcp && tcp.type === "tcp" ? tcp.mss : undefined).toBe(1360);
    expect(lastIp(h).totalLength).toBe(44);
  });

  it("a node connecting to a ClusterIP takes its source from the route to the ClusterIP, then masquerades", () => {
    const w = walkPacket(svc, { from: "node1", to: "10.96.148.103", protocol: "tcp", port: 80 }, { endpointIndex: 1 });
    expect(w.conntrack[0]?.original.src).toBe("30.0.1.160");
    expect(w.conntrack[0]?.snat?.ip).toBe("10.244.1.0");
    const r = walkReply(svc, w);
    expect(r.delivered).toBe(true);
    expect(r.final?.location).toMatchObject({ node: "node1", netns: "host" });
  });

  it("kube-proxy's REJECT answers from the node's address towards the client, after the frame was passed up", () => {
    const w = walkPacket(svc, { from: "10.244.1.2", to: "10.96.201.17", protocol: "tcp", port: 80 });
    expect(w.drop?.code).toBe("no-endpoints");
    expect(w.drop?.icmp).toMatchObject({ type: 3, code: 3, source: "10.244.1.1" });
    expect(wireHop(w, "node1", "cni0", "rx")).toBeDefined();
  });

  it("a Service endpoint behind the same bridge is reached by bridging (br_netfilter), not routing", () => {
    const w = walkPacket(svc, { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }, { endpointIndex: 0 });
    expect(w.final?.packet.dst).toBe("10.244.1.2");
    const atPod = wireHop(w, "node1", "eth0", "rx");
    expect(lastIp(atPod).ttl).toBe(64);
    // The client's own MAC stays the source; only the destination MAC is rewritten.
    const srcMac = (h: Hop): string => (h.headers[0]?.type === "eth" ? h.headers[0].src : "");
    expect(srcMac(atPod)).toBe(srcMac(wireHop(w, "node1", "veth16e5e638", "rx")));
    expect(w.hops.filter((h) => h.wire && h.location.device === "cni0").map((h) => h.wire)).toEqual(["tx"]);
  });
});
