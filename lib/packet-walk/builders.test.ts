import { describe, expect, it } from "vitest";
import { cidrParts, numberToIpv4, prefixMask, type Ipv4 } from "./addresses";
import { buildCluster, buildFlannelVxlanCluster, CNI_MODES } from "./builders";
import type { ClusterSpec } from "./builders/spec";
import { sha1Hex } from "./hash";
import type { Cluster, Device, Netns, Route, VxlanDevice } from "./model";
import { getScenario } from "./scenarios";
import { formatRouteLine } from "./walk";

function host(c: Cluster, node: string): Netns {
  const ns = c.nodes.find((n) => n.name === node)?.namespaces.find((n) => n.id === "host");
  if (!ns) throw new Error(`no host netns on ${node}`);
  return ns;
}
function pod(c: Cluster, name: string): Netns {
  for (const n of c.nodes) for (const ns of n.namespaces) if (ns.id === `pod:${name}`) return ns;
  throw new Error(`no pod ${name}`);
}
function dev(ns: Netns, name: string): Device {
  const d = ns.devices.find((x) => x.name === name);
  if (!d) throw new Error(`no device ${name}`);
  return d;
}

/** `route -n` rows: Destination Gateway Genmask Flags Metric Iface. */
function routeN(r: Route): string {
  const { base, prefixLen } = cidrParts(r.dst);
  const flags = `U${r.via ? "G" : ""}${prefixLen === 32 ? "H" : ""}`;
  return [numberToIpv4(base), r.via ?? "0.0.0.0", numberToIpv4(prefixMask(prefixLen)), flags, String(r.metric ?? 0), r.dev ?? ""].join(" ");
}

describe("seed-flannel-vxlan reproduces seed 001's command outputs", () => {
  const c = getScenario("seed-flannel-vxlan");

  it("node2 `ip route` is line for line the seed's", () => {
    expect(host(c, "node2").routes.map(formatRouteLine)).toEqual([
      "default via 30.0.1.1 dev ens3 proto dhcp src 30.0.1.47 metric 100",
      "10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink",
      "10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink",
      "10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1",
      "30.0.1.0/24 dev ens3 proto kernel scope link src 30.0.1.47",
      "169.254.169.254 via 30.0.1.1 dev ens3 proto dhcp src 30.0.1.47 metric 100",
      "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown",
    ]);
  });

  it("node1 `route -n` is row for row the seed's", () => {
    expect(host(c, "node1").routes.map(routeN)).toEqual([
      "0.0.0.0 30.0.1.1 0.0.0.0 UG 100 ens3",
      "10.244.0.0 10.244.0.0 255.255.255.0 UG 0 flannel.1",
      "10.244.1.0 0.0.0.0 255.255.255.0 U 0 cni0",
      "10.244.2.0 10.244.2.0 255.255.255.0 UG 0 flannel.1",
      "30.0.1.0 0.0.0.0 255.255.255.0 U 0 ens3",
      "169.254.169.254 30.0.1.1 255.255.255.255 UGH 100 ens3",
      "172.17.0.0 0.0.0.0 255.255.0.0 U 0 docker0",
    ]);
  });

  it("node1 `ip addr`: indexes, names, MTUs, MACs and addresses", () => {
    const rows = host(c, "node1").devices.map((d) => [d.ifindex, d.name, d.mtu, "mac" in d ? d.mac : "", d.addresses.map((a) => `${a.ip}/${a.prefixLen}`).join(" ")].join(" "));
    expect(rows).toEqual([
      "1 lo 65536  127.0.0.1/8",
      "2 ens3 1450 fa:16:3e:69:98:f3 30.0.1.160/24",
      "3 docker0 1500 02:42:62:9b:ec:f4 172.17.0.1/16",
      "4 flannel.1 1400 2a:95:ed:10:e4:56 10.244.1.0/32",
      "5 cni0 1400 36:a5:21:90:7c:9a 10.244.1.1/24",
      "6 veth76d1fce3 1400 16:ae:4d:3a:e9:d8 ",
      "7 veth16e5e638 1400 f6:93:97:52:2e:5a ",
    ]);
  });

  it("node2 `ip addr` devices", () => {
    const n2 = host(c, "node2");
    expect(dev(n2, "ens3")).toMatchObject({ ifindex: 2, mtu: 1450, mac: "fa:16:3e:eb:3a:5e" });
    expect(dev(n2, "flannel.1")).toMatchObject({ ifindex: 4, mtu: 1400, mac: "72:c8:ad:5f:87:07", addresses: [{ ip: "10.244.2.0", prefixLen: 32 }] });
    expect(dev(n2, "cni0")).toMatchObject({ ifindex: 5, mtu: 1400, mac: "de:fb:ba:bd:46:44", addresses: [{ ip: "10.244.2.1", prefixLen: 24 }] });
    expect(dev(n2, "veth79a7513f")).toMatchObject({ ifindex: 6, mac: "de:88:ba:a5:77:cb", master: "cni0" });
    expect(dev(n2, "vethd0184a65")).toMatchObject({ ifindex: 7, mac: "5a:6f:a9:bc:09:27", master: "cni0" });
  });

  it("`ip -d link show flannel.1`: vxlan id 1 local 30.0.1.160 dev ens3 dstport 8472 nolearning udpcsum", () => {
    const v = dev(host(c, "node1"), "flannel.1") as VxlanDevice;
    expect(v).toMatchObject({ kind: "vxlan", vni: 1, local: "30.0.1.160", underlay: "ens3", dstPort: 8472, learning: false, udpChecksum: true });
  });

  it("pod httpd-app on node1: `3: eth0@if6`, MTU 1400, the seed's MAC, IP and routes", () => {
    const ns = pod(c, "httpd-app-675b65488d-9w69v");
    const eth0 = dev(ns, "eth0");
    expect(eth0).toMatchObject({ kind: "veth", ifindex: 3, mtu: 1400, mac: "4a:1f:b9:9d:30:75", peer: { netns: "host", device: "veth76d1fce3", ifindex: 6 } });
    expect(eth0.addresses).toEqual([{ ip: "10.244.1.2", prefixLen: 24, scope: "global" }]);
    expect(ns.routes.map(formatRouteLine)).toEqual([
      "default via 10.244.1.1 dev eth0",
      "10.244.0.0/16 via 10.244.1.1 dev eth0",
      "10.244.1.0/24 dev eth0 proto kernel scope link src 10.244.1.2",
    ]);
    expect(dev(pod(c, "httpd-app-675b65488d-6kgk6"), "eth0")).toMatchObject({ mac: "0e:da:e9:4e:f0:bf", peer: { device: "veth79a7513f", ifindex: 6 } });
  });

  it("`brctl show`: bridge id 8000.<cni0 MAC> with the two veths", () => {
    for (const [node, id, ports] of [["node1", "8000.36a521907c9a", ["veth16e5e638", "veth76d1fce3"]], ["node2", "8000.defbbabd4644", ["veth79a7513f", "vethd0184a65"]]] as const) {
      const ns = host(c, node);
      const br = dev(ns, "cni0");
      expect(`8000.${("mac" in br ? br.mac : "").replaceAll(":", "")}`).toBe(id);
      expect(ns.devices.filter((d) => d.master === "cni0").map((d) => d.name).sort()).toEqual([...ports]);
    }
  });

  it("flanneld's per-node state matches the node annotations (VtepMAC, public-ip)", () => {
    const n1 = host(c, "node1");
    // node1 annotation: backend-data {"VNI":1,"VtepMAC":"2a:95:ed:10:e4:56"}, public-ip 30.0.1.160 → programmed on node2.
    const n2 = host(c, "node2");
    expect(n2.neighbours).toContainEqual({ ip: "10.244.1.0", dev: "flannel.1", mac: "2a:95:ed:10:e4:56", state: "PERMANENT" });
    expect(n2.fdb).toContainEqual({ mac: "2a:95:ed:10:e4:56", dev: "flannel.1", dst: "30.0.1.160", self: true, permanent: true });
    expect(n1.neighbours).toContainEqual({ ip: "10.244.2.0", dev: "flannel.1", mac: "72:c8:ad:5f:87:07", state: "PERMANENT" });
  });
});

const twoNodes = (extra: Partial<ClusterSpec> = {}): ClusterSpec => ({
  nodes: [
    { name: "a", ip: "172.16.0.10/24" },
    { name: "b", ip: "172.16.0.11/24" },
  ],
  pods: [
    { name: "pa", node: "a" },
    { name: "pb", node: "b" },
  ],
  ...extra,
});

describe("flannel builders follow flannel's defaults", () => {
  it("VXLAN: MTU 1500-50, VNI 1, port 8472, flannel.1 <subnet>.0/32, one route+ARP+FDB per peer", () => {
    const c = buildCluster("flannel-vxlan", twoNodes());
    const a = host(c, "a");
    expect(dev(a, "flannel.1")).toMatchObject({ mtu: 1450, vni: 1, dstPort: 8472, addresses: [{ ip: "10.244.0.0", prefixLen: 32 }] });
    expect(dev(a, "cni0")).toMatchObject({ mtu: 1450, addresses: [{ ip: "10.244.0.1", prefixLen: 24 }] });
    expect(a.routes.map(formatRouteLine)).toContain("10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink");
    expect(a.neighbours).toHaveLength(1);
    expect(a.fdb.filter((f) => f.dst)).toHaveLength(1);
    expect(c.pods.map((p) => p.ip)).toEqual(["10.244.0.2", "10.244.1.2"]);
  });
  it("VXLAN DirectRouting: plain routes to same-subnet peers", () => {
    const c = buildFlannelVxlanCluster(twoNodes(), { directRouting: true });
    expect(host(c, "a").routes.map(formatRouteLine)).toContain("10.244.1.0/24 via 172.16.0.11 dev ens3");
  });
  it("UDP: TUN flannel0 with MTU 1500-28, a /32 address, flanneld's own network route and flanneld on 8285", () => {
    const c = buildCluster("flannel-udp", twoNodes());
    const a = host(c, "a");
    // flannel v0.11.0+ configureIface (pkg/backend/udp/udp_network_amd64.go): /32 address, route added by flanneld.
    expect(dev(a, "flannel0")).toMatchObject({ kind: "tun", mtu: 1472, addresses: [{ ip: "10.244.0.0", prefixLen: 32 }] });
    const lines = a.routes.map(formatRouteLine);
    expect(lines).toContain("10.244.0.0/16 dev flannel0");
    expect(lines.filter((l) => l.includes("flannel0"))).toEqual(["10.244.0.0/16 dev flannel0"]);
    expect(lines.some((l) => /flannel0 proto kernel/.test(l))).toBe(false);
    expect(a.userspace[0]).toMatchObject({ kind: "flanneld-udp", port: 8285, bindIp: "172.16.0.10" });
  });
  it("host-gw: full MTU, routes via the peer's IP; peers on another subnet cannot be routed", () => {
    const c = buildCluster("flannel-host-gw", twoNodes());
    expect(dev(host(c, "a"), "cni0").mtu).toBe(1500);
    expect(host(c, "a").routes.map(formatRouteLine)).toContain("10.244.1.0/24 via 172.16.0.11 dev ens3");
    const split = buildCluster("flannel-host-gw", { nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.1.10/24" }] });
    expect(host(split, "a").routes.some((r) => r.dst === "10.244.1.0/24")).toBe(false);
    expect(host(split, "a").rejectedRoutes[0]?.route.via).toBe("172.16.1.10");
  });
});

describe("Calico builders follow Calico's defaults", () => {
  it("IPIP: /26 blocks from 192.168.0.0/16, tunl0 MTU 1480, cali<sha1> with ee:ee:ee:ee:ee:ee and proxy ARP, 169.254.1.1 in the pod", () => {
    const c = buildCluster("calico-ipip", twoNodes());
    expect(c.nodes.map((n) => n.podCidr)).toEqual(["192.168.0.0/26", "192.168.0.64/26"]);
    const a = host(c, "a");
    expect(dev(a, "tunl0")).toMatchObject({ kind: "ipip", mtu: 1480, ttl: 0, addresses: [{ ip: "192.168.0.0", prefixLen: 32 }] });
    const routes = a.routes.map(formatRouteLine);
    expect(routes).toContain("blackhole 192.168.0.0/26 proto bird");
    expect(routes).toContain("192.168.0.64/26 via 172.16.0.11 dev tunl0 proto bird onlink");
    const cali = `cali${sha1Hex("default.pa").slice(0, 11)}`;
    expect(routes).toContain(`192.168.0.1 dev ${cali} scope link`);
    expect(dev(a, cali)).toMatchObject({ kind: "veth", mac: "ee:ee:ee:ee:ee:ee", proxyArp: true, mtu: 1480 });
    expect(a.devices.some((d) => d.kind === "bridge")).toBe(false);
    expect(pod(c, "pa").routes.map(formatRouteLine)).toEqual(["default via 169.254.1.1 dev eth0", "169.254.1.1 dev eth0 scope link"]);
    expect(dev(pod(c, "pa"), "eth0").addresses).toEqual([{ ip: "192.168.0.1", prefixLen: 32, scope: "global" }]);
  });
  it("VXLAN: vxlan.calico VNI 4096 on UDP 4789, MTU 1450, routes via the remote tunnel address", () => {
    const a = host(buildCluster("calico-vxlan", twoNodes()), "a");
    expect(dev(a, "vxlan.calico")).toMatchObject({ kind: "vxlan", vni: 4096, dstPort: 4789, mtu: 1450, learning: false });
    expect(a.routes.map(formatRouteLine)).toContain("192.168.0.64/26 via 192.168.0.64 dev vxlan.calico onlink");
    expect(a.neighbours.map((n) => n.ip)).toEqual(["192.168.0.64"]);
    expect(a.fdb.map((f) => f.dst)).toEqual(["172.16.0.11"]);
  });
  it("BGP: plain `via <node> dev ens3 proto bird`, no tunnel device, full MTU", () => {
    const a = host(buildCluster("calico-bgp", twoNodes()), "a");
    expect(a.routes.map(formatRouteLine)).toContain("192.168.0.64/26 via 172.16.0.11 dev ens3 proto bird");
    expect(a.devices.some((d) => d.kind === "ipip" || d.kind === "vxlan")).toBe(false);
  });
  it("CrossSubnet: plain routes inside the subnet, tunl0 across subnets", () => {
    const c = buildCluster("calico-crosssubnet", { nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }, { name: "c", ip: "172.16.1.10/24" }] });
    const routes = host(c, "a").routes.map(formatRouteLine);
    expect(routes).toContain("192.168.0.64/26 via 172.16.0.11 dev ens3 proto bird");
    expect(routes).toContain("192.168.0.128/26 via 172.16.1.10 dev tunl0 proto bird onlink");
  });
  it("Canal: flannel.1 between nodes, cali* for pods, no cni0, Calico policy", () => {
    const c = buildCluster("canal", twoNodes());
    const a = host(c, "a");
    expect(c.policyEngine).toBe("calico");
    expect(a.devices.map((d) => d.kind)).toEqual(["loopback", "physical", "vxlan", "veth"]);
    expect(a.routes.map(formatRouteLine)).toContain(`10.244.0.2 dev cali${sha1Hex("default.pa").slice(0, 11)} scope link`);
  });
});

describe("builder validation names the bad field", () => {
  it.each([
    [{ nodes: [{ name: "a", ip: "172.16.0.10" }] }, /nodes\[0\]\.ip/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], pods: [{ name: "p", node: "zz" }] }, /pods\[0\]\.node/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], pods: [{ name: "p", node: "a", ip: "10.9.9.9" }] }, /pods\[0\]\.ip.*outside/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], pods: [{ name: "p", node: "a" }, { name: "p", node: "a" }] }, /pods\[1\]\.name/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24", podCidr: "10.244.1.0/23" }] }, /nodes\[0\]\.podCidr/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], services: [{ name: "s", type: "NodePort", clusterIp: "10.96.0.5", ports: [{ port: 80, nodePort: 8080 }], selector: {} }] }, /services\[0\]\.ports\[0\]\.nodePort/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], externalHosts: [{ name: "a", ip: "172.16.9.9/24" }] }, /externalHosts\[0\]\.name.*duplicate/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], externalHosts: [{ name: "x", ip: "172.16.0.10/24" }] }, /externalHosts\[0\]\.ip/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], externalHosts: [{ name: "x", ip: "172.16.0.20/24", gateway: "172.16.0.2" }] }, /externalHosts\[0\]\.gateway.*disagree/],
    [{ nodes: [{ name: "a", ip: "172.16.0.10/24" }], externalHosts: [{ name: "x", ip: "172.16.9.9/24" }], pods: [{ name: "p", node: "x" }] }, /pods\[0\]\.node.*outside the cluster/],
  ] as [ClusterSpec, RegExp][])("%#", (spec, re) => {
    expect(() => buildCluster("flannel-vxlan", spec)).toThrow(re);
  });
  it("puts an outside host on its own segment behind the router, with no pod subnet and no forwarding, in every mode", () => {
    for (const mode of CNI_MODES) {
      const c = buildCluster(mode, twoNodes({ externalHosts: [{ name: "laptop", ip: "172.16.9.9/24" }] }));
      const laptop = c.nodes.find((n) => n.name === "laptop")!;
      expect(laptop).toMatchObject({ external: true, ip: "172.16.9.9" });
      expect(laptop.podCidr).toBeUndefined();
      expect(laptop.namespaces.map((ns) => ns.id)).toEqual(["host"]);
      expect(laptop.namespaces[0]!.ipForward).toBe(false);
      expect(laptop.namespaces[0]!.routes.map(formatRouteLine)).toEqual(["default via 172.16.9.1 dev ens3", "172.16.9.0/24 dev ens3 proto kernel scope link src 172.16.9.9"]);
      expect(c.underlay.router?.interfaces.map((i) => i.ip)).toContain("172.16.9.1");
      // The plugins never program anything for it.
      for (const n of c.nodes.filter((x) => !x.external)) {
        expect(n.namespaces.flatMap((ns) => ns.routes).some((r) => r.via === "172.16.9.9")).toBe(false);
      }
    }
  });
  it("keeps the pool away from node addresses (Calico)", () => {
    expect(() => buildCluster("calico-ipip", { nodes: [{ name: "a", ip: "192.168.5.5/24" }] })).toThrow(/nodes\[0\]\.ip/);
  });
  it("derives Service endpoints from the selector", () => {
    const c = buildCluster("flannel-vxlan", twoNodes({
      pods: [{ name: "pa", node: "a", labels: { app: "x" } }, { name: "pb", node: "b", labels: { app: "y" } }],
      services: [{ name: "s", clusterIp: "10.96.0.5", ports: [{ port: 80 }], selector: { app: "x" } }],
    }));
    expect(c.services[0]?.endpoints.map((e) => e.pod)).toEqual(["pa"]);
    expect(c.services[0]?.ports[0]).toMatchObject({ protocol: "tcp", targetPort: 80 });
    expect(c.services[0]?.clusterIp).toBe("10.96.0.5" as Ipv4);
  });
});
