/**
 * The drawable topology of a cluster: boxes (nodes, namespaces), devices and
 * the links between them, with ids that match {@link Hop.location} through
 * {@link deviceKey}, so a diagram can highlight the device of the current hop.
 */
import { eui64LinkLocal } from "./addresses";
import { indexCluster } from "./cluster-index";
import type { Cluster, Device, DeviceRef, NetnsId } from "./model";

/** `node/netns/device`: the id of a device in {@link ClusterTopology}. */
export function deviceKey(ref: DeviceRef): string {
  return `${ref.node}/${ref.netns}/${ref.device}`;
}

/** One interface to draw. */
export interface TopologyDevice {
  readonly id: string;
  readonly ref: DeviceRef;
  readonly kind: Device["kind"] | "router-port";
  readonly name: string;
  /** `ip link`-style label, e.g. `6: veth76d1fce3@if3`. */
  readonly label: string;
  readonly mac?: string;
  readonly mtu: number | null;
  /** `a.b.c.d/len` */
  readonly addresses: readonly string[];
  /** IPv6 link-local address the kernel derives from the MAC (what `ip addr` shows as inet6). */
  readonly linkLocal?: string;
  /** Kind-specific facts (VNI, port, master, proxy_arp …). */
  readonly details: readonly string[];
}

/** A network namespace box. */
export interface TopologyNamespace {
  readonly id: string;
  readonly node: string;
  readonly netns: NetnsId;
  readonly kind: "host" | "pod";
  readonly label: string;
  readonly pod?: { readonly name: string; readonly namespace: string; readonly ip: string; readonly labels: Readonly<Record<string, string>> };
  readonly deviceIds: readonly string[];
}

/** A node box, a host outside the cluster (`external`), or the underlay router. */
export interface TopologyNode {
  readonly id: string;
  readonly kind: "node" | "external" | "router";
  readonly name: string;
  readonly ip: string | null;
  readonly podCidr: string | null;
  readonly namespaceIds: readonly string[];
}

/** An edge. `to` may be a device id or a segment id (`segment:<cidr>`). */
export interface TopologyLink {
  readonly id: string;
  readonly kind: "veth" | "bridge-port" | "underlay" | "tunnel";
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** Everything a diagram needs. */
export interface ClusterTopology {
  readonly cluster: { readonly name: string; readonly mode: string; readonly description: string };
  readonly nodes: readonly TopologyNode[];
  readonly namespaces: readonly TopologyNamespace[];
  readonly devices: readonly TopologyDevice[];
  readonly segments: readonly { readonly id: string; readonly cidr: string }[];
  readonly links: readonly TopologyLink[];
}

function details(d: Device): string[] {
  switch (d.kind) {
    case "vxlan":
      return [`vxlan id ${d.vni}`, `local ${d.local}`, `dev ${d.underlay}`, `dstport ${d.dstPort}`, d.learning ? "learning" : "nolearning"];
    case "veth":
      return [...(d.master ? [`master ${d.master}`] : []), ...(d.proxyArp ? ["proxy_arp=1"] : [])];
    case "ipip":
      return [`ipip any remote any local any`, `ttl ${d.ttl === 0 ? "inherit" : d.ttl}`, d.pmtudisc ? "pmtudisc" : "nopmtudisc"];
    case "tun":
      return [`tun (owned by ${d.owner})`];
    case "physical":
      return [`segment ${d.segment}`];
    default:
      return [];
  }
}

/**
 * Describes what to draw: nodes with their host and pod namespaces, every
 * device, veth/bridge/underlay links and one tunnel link per pair of nodes
 * that have tunnel state towards each other (O(n²) on large clusters: meant
 * for lesson-sized topologies).
 */
export function describeTopology(cluster: Cluster): ClusterTopology {
  const idx = indexCluster(cluster);
  const nodes: TopologyNode[] = [];
  const namespaces: TopologyNamespace[] = [];
  const devices: TopologyDevice[] = [];
  const links: TopologyLink[] = [];
  const seenVeth = new Set<string>();
  for (const node of cluster.nodes) {
    const nsIds: string[] = [];
    for (const ns of node.namespaces) {
      const nsId = `${node.name}/${ns.id}`;
      nsIds.push(nsId);
      const devIds: string[] = [];
      for (const d of ns.devices) {
        const ref: DeviceRef = { node: node.name, netns: ns.id, device: d.name };
        const id = deviceKey(ref);
        devIds.push(id);
        const peerIndex = d.kind === "veth" ? `@if${d.peer.ifindex}` : "";
        const m = "mac" in d ? d.mac : undefined;
        devices.push({
          id,
          ref,
          kind: d.kind,
          name: d.name,
          label: `${d.ifindex}: ${d.name}${peerIndex}`,
          ...(m ? { mac: m, linkLocal: `${eui64LinkLocal(m)}/64` } : {}),
          mtu: d.mtu,
          addresses: d.addresses.map((a) => `${a.ip}/${a.prefixLen}`),
          details: details(d),
        });
        if (d.kind === "veth") {
          const peerId = deviceKey({ node: node.name, netns: d.peer.netns, device: d.peer.device });
          const key = [id, peerId].sort().join("|");
          if (!seenVeth.has(key)) {
            seenVeth.add(key);
            links.push({ id: `veth:${key}`, kind: "veth", from: id, to: peerId, label: "veth pair" });
          }
        }
        if (d.master) {
          links.push({ id: `port:${id}`, kind: "bridge-port", from: id, to: deviceKey({ node: node.name, netns: ns.id, device: d.master }), label: `master ${d.master}` });
        }
        if (d.kind === "physical") {
          links.push({ id: `underlay:${id}`, kind: "underlay", from: id, to: `segment:${d.segment}`, label: d.segment });
        }
      }
      const pod = ns.id === "host" ? undefined : idx.podsByName.get(ns.id.slice(4));
      namespaces.push({
        id: nsId,
        node: node.name,
        netns: ns.id,
        kind: ns.id === "host" ? "host" : "pod",
        label: ns.id === "host" ? (node.external ? `${node.name} (outside the cluster)` : `${node.name} (root netns)`) : `pod ${ns.id.slice(4)}`,
        ...(pod ? { pod: { name: pod.name, namespace: pod.namespace, ip: pod.ip, labels: pod.labels } } : {}),
        deviceIds: devIds,
      });
    }
    nodes.push({ id: node.name, kind: node.external ? "external" : "node", name: node.name, ip: node.ip, podCidr: node.podCidr ?? null, namespaceIds: nsIds });
  }
  const router = cluster.underlay.router;
  if (router) {
    const devIds: string[] = [];
    for (const i of router.interfaces) {
      const ref: DeviceRef = { node: router.name, netns: "host", device: i.name };
      const id = deviceKey(ref);
      devIds.push(id);
      devices.push({ id, ref, kind: "router-port", name: i.name, label: `${i.name} (${i.ip})`, mac: i.mac, mtu: null, addresses: [i.ip], details: [`segment ${i.segment}`] });
      links.push({ id: `underlay:${id}`, kind: "underlay", from: id, to: `segment:${i.segment}`, label: i.segment });
    }
    namespaces.push({ id: `${router.name}/host`, node: router.name, netns: "host", kind: "host", label: `${router.name} (underlay router)`, deviceIds: devIds });
    nodes.push({ id: router.name, kind: "router", name: router.name, ip: null, podCidr: null, namespaceIds: [`${router.name}/host`] });
  }
  // Tunnel links: derived from the state that makes the tunnel work (FDB, routes via tunnel devices, flannel leases).
  const tunnelSeen = new Set<string>();
  const addTunnel = (a: string, b: string, label: string) => {
    const key = [a, b].sort().join("|");
    if (a === b || tunnelSeen.has(key)) return;
    tunnelSeen.add(key);
    links.push({ id: `tunnel:${key}`, kind: "tunnel", from: a, to: b, label });
  };
  for (const node of cluster.nodes) {
    const host = node.namespaces.find((n) => n.id === "host");
    if (!host) continue;
    for (const f of host.fdb) {
      if (!f.dst) continue;
      const peer = idx.nodeByIp.get(f.dst);
      if (!peer) continue;
      addTunnel(deviceKey({ node: node.name, netns: "host", device: f.dev }), deviceKey({ node: peer.name, netns: "host", device: f.dev }), `VXLAN ${f.dev}`);
    }
    for (const r of host.routes) {
      const dev = r.dev ? host.devices.find((d) => d.name === r.dev) : undefined;
      if (dev?.kind !== "ipip" || !r.via) continue;
      const peer = idx.nodeByIp.get(r.via);
      if (peer) addTunnel(deviceKey({ node: node.name, netns: "host", device: dev.name }), deviceKey({ node: peer.name, netns: "host", device: dev.name }), "IP-in-IP");
    }
    for (const p of host.userspace) {
      for (const l of p.leases) addTunnel(deviceKey({ node: node.name, netns: "host", device: p.tun }), deviceKey({ node: l.node, netns: "host", device: p.tun }), `flanneld UDP ${p.port}`);
    }
  }
  return {
    cluster: { name: cluster.name, mode: cluster.mode, description: cluster.description },
    nodes,
    namespaces,
    devices,
    segments: cluster.underlay.segments.map((s) => ({ id: `segment:${s.name}`, cidr: s.cidr })),
    links,
  };
}
