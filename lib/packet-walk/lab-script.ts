/**
 * Lab emitter: the shell script that builds a modelled cluster on one Linux host
 * out of network namespaces, so the kernel itself can be asked what it does with
 * the walk's packet (tests/kernel compares the two hop by hop).
 *
 * Layout on the host (every name starts with the prefix, `cnia-` by default, so
 * nothing can clash with the host's own namespaces or devices):
 *
 * - `<prefix><node>`: a node's root namespace (`host` in the model);
 * - `<prefix><node>.<pod>`: one per pod;
 * - `<prefix>underlay`: one Linux bridge per underlay segment (`seg0`, `seg1`…);
 *   each node NIC is one end of a veth pair whose other end is a port there;
 * - `<prefix>underlay.<router>`: the underlay router, forwarding between segments.
 *
 * Nothing is put in the host's root namespace, so deleting the namespaces
 * (the cleanup script) removes everything the setup script created.
 *
 * Pure: builds text, runs nothing.
 */
import { PacketWalkInputError } from "./addresses";
import { kubeEndpointChain, kubeExternalChain, kubeServiceChain, servicePortName, endpointProbability } from "./kube-proxy";
import type { Cluster, Device, NetnsId, Route, Service, ServicePort, VethDevice } from "./model";

/** Options of {@link labScript} and {@link labCleanupScript}. */
export interface LabOptions {
  /** Prefix of every namespace name (default `cnia-`); tests use a per-run prefix. */
  readonly prefix?: string;
  /**
   * Kernels without the `ipip` module cannot create `tunl0`; with `"veth"` one end of
   * a veth pair of the same name, MAC-less role, MTU and address stands in (its
   * peer is parked in the underlay namespace so it has carrier), so the routes
   * through it can still be checked with `ip route get`; packets through it are not
   * IP-in-IP. (The dummy driver would be simpler but is a module too.)
   */
  readonly ipipStandIn?: "veth";
}

/** The default namespace prefix. */
export const LAB_DEFAULT_PREFIX = "cnia-";

const SAFE_WORD = /^[A-Za-z0-9_.,:/@%+=-]+$/;

/** Quotes one word for POSIX sh: left bare when it has no special characters, else single-quoted. */
export function shellQuote(word: string): string {
  if (word !== "" && SAFE_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function validateNetnsName(name: string): string {
  // ip netns stores each namespace as a file under /run/netns.
  if (name.includes("/") || name.includes("\0") || name === "." || name === ".." || name.length > 255) {
    throw new PacketWalkInputError(`"${name}" cannot be a network namespace name (no "/", at most 255 bytes)`);
  }
  return name;
}

/** The host-side name of every namespace the lab creates, keyed by model location. */
export interface LabNames {
  readonly underlay: string;
  readonly router?: string;
  /** Namespace of a node's root namespace or one of its pods. */
  netns(node: string, netns: NetnsId): string;
  /** Every namespace, in creation order (cleanup deletes exactly these). */
  readonly all: readonly string[];
}

/** Names of the lab's namespaces for a cluster (what the harness `ip netns exec`s into). */
export function labNames(cluster: Cluster, options: LabOptions = {}): LabNames {
  const prefix = options.prefix ?? LAB_DEFAULT_PREFIX;
  const underlay = validateNetnsName(`${prefix}underlay`);
  const router = cluster.underlay.router ? validateNetnsName(`${prefix}underlay.${cluster.underlay.router.name}`) : undefined;
  const netns = (node: string, id: NetnsId): string =>
    validateNetnsName(id === "host" ? `${prefix}${node}` : `${prefix}${node}.${id.slice("pod:".length)}`);
  const all = [underlay, ...(router ? [router] : []), ...cluster.nodes.flatMap((n) => n.namespaces.map((ns) => netns(n.name, ns.id)))];
  const seen = new Set<string>();
  for (const name of all) {
    if (seen.has(name)) throw new PacketWalkInputError(`two parts of the cluster would share the namespace name "${name}"`);
    seen.add(name);
  }
  return { underlay, ...(router ? { router } : {}), netns, all };
}

/** Text for a `#` comment: a newline in a name must not end the comment. */
function oneLine(text: string): string {
  return text.replace(/[\x00-\x1f\x7f]/g, " ");
}

/** `ip -n NS …` */
function ipn(ns: string, args: string): string {
  return `ip -n ${shellQuote(ns)} ${args}`;
}

/** sysctl inside a namespace; the slash form because device names may contain dots (flannel.1). */
function sysctl(ns: string, key: string, value: string | number): string {
  return `ip netns exec ${shellQuote(ns)} sysctl -qw ${shellQuote(`${key}=${value}`)}`;
}

function routeArgs(r: Route): string {
  const parts: string[] = [];
  if (r.type !== "unicast") parts.push(r.type);
  parts.push(r.dst === "0.0.0.0/0" ? "default" : r.dst);
  if (r.via) parts.push("via", r.via);
  if (r.dev) parts.push("dev", shellQuote(r.dev));
  if (r.onlink) parts.push("onlink");
  // ip route add defaults a gateway-less route to scope link; the model's unset scope means global (universe).
  if (r.scope && r.scope !== "global") parts.push("scope", r.scope);
  else if (!r.via && r.type === "unicast") parts.push("scope", "global");
  if (r.proto) parts.push("proto", shellQuote(r.proto));
  if (r.src) parts.push("src", r.src);
  if (r.metric !== undefined) parts.push("metric", String(r.metric));
  return parts.join(" ");
}

/** The kube-proxy `iptables-restore` input (nat and filter tables) for one node. */
export function kubeProxyRules(cluster: Cluster): string {
  const nat: string[] = [];
  const natChains = new Set<string>(["KUBE-SERVICES", "KUBE-POSTROUTING", "KUBE-MARK-MASQ", "KUBE-NODEPORTS"]);
  const filter: string[] = [];
  const svcRules: string[] = [];
  const nodePortRules: string[] = [];
  const chainRules: string[] = [];
  const add = (chain: string): string => {
    natChains.add(chain);
    return chain;
  };
  const sorted = [...cluster.services].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  for (const service of sorted) {
    for (const port of service.ports) emitServicePort(service, port);
  }
  function emitServicePort(service: Service, port: ServicePort): void {
    const name = servicePortName(service, port);
    const proto = port.protocol;
    if (service.endpoints.length === 0) {
      // kube-proxy rejects in the filter table so clients get "Connection refused", not a timeout.
      filter.push(`-A KUBE-SERVICES -d ${service.clusterIp}/32 -p ${proto} -m comment --comment "${name} has no endpoints" -m ${proto} --dport ${port.port} -j REJECT --reject-with icmp-port-unreachable`);
      if (port.nodePort !== undefined) {
        filter.push(`-A KUBE-EXTERNAL-SERVICES -p ${proto} -m comment --comment "${name} has no endpoints" -m addrtype --dst-type LOCAL -m ${proto} --dport ${port.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
      }
      return;
    }
    const svc = add(kubeServiceChain(service, port));
    svcRules.push(`-A KUBE-SERVICES -d ${service.clusterIp}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${port.port} -j ${svc}`);
    // ClusterIP traffic from outside the pod network is masqueraded so the reply comes back through this node.
    chainRules.push(`-A ${svc} ! -s ${cluster.clusterCidr} -d ${service.clusterIp}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${port.port} -j KUBE-MARK-MASQ`);
    service.endpoints.forEach((ep, i) => {
      const sep = add(kubeEndpointChain(service, port, ep));
      const p = endpointProbability(i, service.endpoints.length);
      chainRules.push(`-A ${svc} -m comment --comment "${name} -> ${ep.ip}:${port.targetPort}"${p === undefined ? "" : ` -m statistic --mode random --probability ${p.toFixed(11)}`} -j ${sep}`);
      chainRules.push(`-A ${sep} -s ${ep.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`);
      chainRules.push(`-A ${sep} -p ${proto} -m comment --comment "${name}" -m ${proto} -j DNAT --to-destination ${ep.ip}:${port.targetPort}`);
    });
    if (port.nodePort !== undefined) {
      const ext = add(kubeExternalChain(service, port));
      nodePortRules.push(`-A KUBE-NODEPORTS -p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${port.nodePort} -j ${ext}`);
      // externalTrafficPolicy: Cluster: every NodePort connection is masqueraded.
      chainRules.push(`-A ${ext} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`);
      chainRules.push(`-A ${ext} -j ${svc}`);
    }
  }
  nat.push("*nat");
  for (const c of natChains) nat.push(`:${c} - [0:0]`);
  nat.push(
    `-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING`,
    "-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
    "-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
    "-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully`,
    ...svcRules,
    // Last in KUBE-SERVICES, as kube-proxy writes it: NodePorts only after every ClusterIP rule.
    `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS`,
    ...nodePortRules,
    ...chainRules,
    "COMMIT",
  );
  const filterTable = [
    "*filter",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-EXTERNAL-SERVICES - [0:0]",
    `-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`,
    `-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    `-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES`,
    ...filter,
    "COMMIT",
  ];
  return `${[...nat, ...filterTable].join("\n")}\n`;
}

function deviceLinkAdd(ns: string, d: Device, options: LabOptions, standInPeer: () => { ns: string; name: string }): string[] {
  const name = shellQuote(d.name);
  switch (d.kind) {
    case "loopback":
      return [];
    case "bridge":
      return [ipn(ns, `link add ${name} index ${d.ifindex} type bridge`)];
    case "vxlan": {
      const args = [`id ${d.vni}`, `local ${d.local}`, `dev ${shellQuote(d.underlay)}`, `dstport ${d.dstPort}`];
      if (d.srcPortRange[0] !== 0 || d.srcPortRange[1] !== 0) args.push(`srcport ${d.srcPortRange[0]} ${d.srcPortRange[1]}`);
      args.push(d.learning ? "learning" : "nolearning", d.udpChecksum ? "udpcsum" : "noudpcsum");
      // 0 = the route's hop limit (what `ttl auto` means for VXLAN).
      args.push(d.ttl === 0 ? "ttl auto" : `ttl ${d.ttl}`);
      return [ipn(ns, `link add ${name} index ${d.ifindex} type vxlan ${args.join(" ")}`)];
    }
    case "tun":
      // No flanneld here: the TUN device exists (routes through it can be checked), nobody reads it.
      return [ipn(ns, `tuntap add dev ${name} mode tun`)];
    case "ipip":
      if (options.ipipStandIn === "veth") {
        const peer = standInPeer();
        return [
          `# stand-in: no ipip module here; a veth named ${d.name} carries the routes, not IP-in-IP packets`,
          ipn(ns, `link add ${name} type veth peer name ${peer.name} netns ${shellQuote(peer.ns)}`),
          ipn(peer.ns, `link set ${peer.name} up`),
        ];
      }
      // Loading ipip creates the fallback tunl0 in every namespace; create it only where it is missing.
      return [`${ipn(ns, `link show ${name}`)} >/dev/null 2>&1 || ${ipn(ns, `link add ${name} type ipip`)}`, ipn(ns, `link set ${name} type ipip ttl ${d.ttl === 0 ? "inherit" : d.ttl} ${d.pmtudisc ? "pmtudisc" : "nopmtudisc"}`)];
    case "physical":
    case "veth":
      return []; // veth pairs are created pairwise
  }
}

/**
 * The shell script (POSIX sh, run as root) that builds `cluster` on a Linux host.
 * Idempotent only after its cleanup: it stops at the first failing command (`set -eu`).
 */
export function labScript(cluster: Cluster, options: LabOptions = {}): string {
  const names = labNames(cluster, options);
  const out: string[] = [
    "#!/bin/sh",
    `# Lab for cluster "${oneLine(cluster.name)}" (${cluster.mode}), generated by the CNI Academy packet-walk engine.`,
    "# Run as root; undo with the matching cleanup script (npm run -s walk -- --scenario NAME --lab-cleanup).",
    "set -eu",
    `IPTABLES_RESTORE="\${IPTABLES_RESTORE:-iptables-nft-restore}"`,
  ];
  const section = (title: string): void => {
    out.push("", `# --- ${oneLine(title)}`);
  };

  section("namespaces (IPv6 off so router solicitations do not mix with the modelled traffic; rp_filter 0 unless the model sets it, below)");
  for (const ns of names.all) {
    out.push(`ip netns add ${shellQuote(ns)}`);
    out.push(ipn(ns, "link set lo up"));
    out.push(sysctl(ns, "net/ipv6/conf/all/disable_ipv6", 1), sysctl(ns, "net/ipv6/conf/default/disable_ipv6", 1));
    // A new namespace may inherit the host's rp_filter (net.core.devconf_inherit_init_net); the model has none.
    out.push(sysctl(ns, "net/ipv4/conf/all/rp_filter", 0), sysctl(ns, "net/ipv4/conf/default/rp_filter", 0));
  }

  section("underlay segments: one bridge each, in the underlay namespace");
  const segmentBridge = new Map<string, string>();
  cluster.underlay.segments.forEach((s, i) => {
    const br = `seg${i}`;
    segmentBridge.set(s.name, br);
    out.push(oneLine(`# segment ${s.name} (${s.cidr})`));
    out.push(ipn(names.underlay, `link add ${br} type bridge`), ipn(names.underlay, `link set ${br} up`));
  });
  const bridgeOf = (segment: string): string => {
    const br = segmentBridge.get(segment);
    if (!br) throw new PacketWalkInputError(`device on unknown underlay segment "${segment}"`);
    return br;
  };
  const router = cluster.underlay.router;
  if (router && names.router) {
    section(`underlay router ${router.name}`);
    router.interfaces.forEach((iface, i) => {
      const port = `rt${i}`;
      const seg = cluster.underlay.segments.find((s) => s.name === iface.segment);
      const prefixLen = seg ? seg.cidr.split("/")[1] : "24";
      out.push(
        ipn(names.underlay, `link add ${port} type veth peer name ${shellQuote(iface.name)} netns ${shellQuote(names.router as string)}`),
        ipn(names.underlay, `link set ${port} master ${bridgeOf(iface.segment)} up`),
        ipn(names.router as string, `link set dev ${shellQuote(iface.name)} address ${iface.mac}`),
        ipn(names.router as string, `addr add ${iface.ip}/${prefixLen} dev ${shellQuote(iface.name)}`),
        ipn(names.router as string, `link set dev ${shellQuote(iface.name)} up`),
      );
    });
    out.push(sysctl(names.router, "net/ipv4/ip_forward", 1));
  }

  // Underlay ports per segment, for the firewall rules (nft's bridge-name match needs a module this may lack).
  const segmentPorts = new Map<string, string[]>();
  const addSegmentPort = (segment: string, port: string): void => {
    segmentPorts.set(segment, [...(segmentPorts.get(segment) ?? []), port]);
  };
  router?.interfaces.forEach((iface, i) => addSegmentPort(iface.segment, `rt${i}`));
  const hasServices = cluster.kubeProxy && cluster.services.length > 0;
  const createdVeth = new Set<string>();
  let underlayPort = 0;
  let standIns = 0;
  for (const node of cluster.nodes) {
    for (const netns of node.namespaces) {
      const ns = names.netns(node.name, netns.id);
      section(`${node.name} ${netns.id === "host" ? "root namespace" : netns.id}: ${ns}`);
      out.push(sysctl(ns, "net/ipv4/ip_forward", netns.ipForward ? 1 : 0));
      if (netns.rpFilter) out.push(sysctl(ns, "net/ipv4/conf/all/rp_filter", netns.rpFilter));
      // Physical NICs first: VXLAN devices name them as their underlay device.
      for (const d of netns.devices) {
        if (d.kind !== "physical") continue;
        const port = `u${underlayPort++}`;
        out.push(
          ipn(names.underlay, `link add ${port} type veth peer name ${shellQuote(d.name)} index ${d.ifindex} netns ${shellQuote(ns)}`),
          ipn(names.underlay, `link set ${port} master ${bridgeOf(d.segment)} up`),
        );
        addSegmentPort(d.segment, port);
      }
      for (const d of netns.devices) out.push(...deviceLinkAdd(ns, d, options, () => ({ ns: names.underlay, name: `s${standIns++}` })));
      for (const d of netns.devices) {
        if (d.kind !== "veth") continue;
        const key = (n: string, id: string, dev: string): string => `${n}|${id}|${dev}`;
        if (createdVeth.has(key(node.name, netns.id, d.name))) continue;
        createdVeth.add(key(node.name, netns.id, d.name));
        createdVeth.add(key(node.name, d.peer.netns, d.peer.device));
        const peerNs = names.netns(node.name, d.peer.netns);
        out.push(ipn(ns, `link add ${shellQuote(d.name)} index ${d.ifindex} type veth peer name ${shellQuote(d.peer.device)} index ${d.peer.ifindex} netns ${shellQuote(peerNs)}`));
      }
      for (const d of netns.devices) {
        if (d.kind === "loopback") continue;
        const dev = shellQuote(d.name);
        const mac = "mac" in d ? ` address ${d.mac}` : "";
        // A NIC's MTU comes after the tunnels': the kernel refuses a VXLAN MTU above its underlay's
        // minus 50, but lets the NIC shrink later (how a node ends up with an MTU mismatch).
        out.push(ipn(ns, `link set dev ${dev}${mac}${d.kind === "physical" ? "" : ` mtu ${d.mtu}`}`));
        if (d.master) out.push(ipn(ns, `link set dev ${dev} master ${shellQuote(d.master)}`));
        if (d.rpFilter) out.push(sysctl(ns, `net/ipv4/conf/${d.name}/rp_filter`, d.rpFilter));
        if (d.kind === "veth" && (d as VethDevice).proxyArp) {
          out.push(sysctl(ns, `net/ipv4/conf/${d.name}/proxy_arp`, 1));
          // Calico answers proxy ARP at once rather than after the default random delay.
          out.push(sysctl(ns, `net/ipv4/neigh/${d.name}/proxy_delay`, 0));
        }
        for (const a of d.addresses) out.push(ipn(ns, `addr add ${a.ip}/${a.prefixLen} dev ${dev}${a.scope === "global" ? "" : ` scope ${a.scope}`}`));
      }
      for (const d of netns.devices) if (d.kind === "physical") out.push(ipn(ns, `link set dev ${shellQuote(d.name)} mtu ${d.mtu}`));
      for (const d of netns.devices) {
        if (d.kind !== "loopback" && d.up) out.push(ipn(ns, `link set dev ${shellQuote(d.name)} up`));
      }
      // Routes the kernel derives from addresses (proto kernel) appear by themselves.
      // Gateway-less routes first: a gateway must be reachable (e.g. Calico's 169.254.1.1) when its route is added.
      const ordered = [...netns.routes.filter((r) => !r.via), ...netns.routes.filter((r) => r.via)];
      for (const r of ordered) {
        if (r.proto === "kernel") continue;
        out.push(ipn(ns, `route add ${routeArgs(r)}`));
      }
      for (const rr of netns.rejectedRoutes) {
        // The model says the kernel refuses this route; the script proves it, and fails if the kernel accepts it.
        out.push(
          oneLine(`# ${rr.by} tries: ip route add ${routeArgs(rr.route)} (the model: ${rr.error})`),
          `if ${ipn(ns, `route add ${routeArgs(rr.route)}`)} 2>/dev/null; then echo ${shellQuote(`lab: the kernel accepted a route the model says it refuses: ${routeArgs(rr.route)}`)} >&2; exit 1; fi`,
        );
      }
      for (const n of netns.neighbours) out.push(ipn(ns, `neigh replace ${n.ip} lladdr ${n.mac} dev ${shellQuote(n.dev)} nud ${n.state.toLowerCase()}`));
      // Only VXLAN (self) entries are programmed; bridge entries are the bridge's own or learned.
      for (const f of netns.fdb) {
        if (!f.self) continue;
        out.push(`bridge -n ${shellQuote(ns)} fdb append ${f.mac} dev ${shellQuote(f.dev)}${f.dst ? ` dst ${f.dst}` : ""} self${f.permanent ? " permanent" : ""}`);
      }
      for (const u of netns.userspace) out.push(`# not started: ${u.kind} on ${u.bindIp}:${u.port} (userspace; packets written to ${u.tun} stay there)`);
      // kube-proxy runs on the cluster's nodes only: a host outside the cluster has none of its rules.
      if (netns.id === "host" && hasServices && !node.external) {
        // br_netfilter lets conntrack see bridged frames (un-DNAT of a same-node reply); per namespace since Linux 5.3.
        out.push(
          `if [ -d /proc/sys/net/bridge ]; then ${sysctl(ns, "net/bridge/bridge-nf-call-iptables", 1)}; fi`,
          `ip netns exec ${shellQuote(ns)} "$IPTABLES_RESTORE" --noflush <<'KUBE_PROXY_RULES'`,
          kubeProxyRules(cluster).trimEnd(),
          "KUBE_PROXY_RULES",
        );
      }
    }
  }
  const filters = cluster.underlay.filters ?? [];
  if (filters.length) {
    section("underlay firewall: frames entering a segment's bridge from its ports are dropped (nft bridge family)");
    const rules = filters.map((f) => {
      const ports = segmentPorts.get(f.segment);
      if (!ports?.length) throw new PacketWalkInputError(`underlay filter on segment "${f.segment}", which has no ports`, "underlay.filters");
      const match = f.protocol === "ipip" ? "ip protocol 4" : f.dport === undefined ? "meta l4proto udp" : `udp dport ${f.dport}`;
      return `    iifname { ${ports.map((x) => `"${x}"`).join(", ")} } ${match} drop`;
    });
    out.push(
      `ip netns exec ${shellQuote(names.underlay)} nft -f - <<'UNDERLAY_FILTER'`,
      "table bridge underlay_filter {",
      "  chain forward {",
      "    type filter hook forward priority 0; policy accept;",
      ...rules,
      "  }",
      "}",
      "UNDERLAY_FILTER",
    );
  }
  out.push("", `echo ${shellQuote(`lab ${oneLine(cluster.name)} is up: ${names.all.length} namespaces`)}`);
  return `${out.join("\n")}\n`;
}

/** The script that removes everything {@link labScript} created (deleting a namespace deletes its devices and rules). */
export function labCleanupScript(cluster: Cluster, options: LabOptions = {}): string {
  const names = labNames(cluster, options);
  const lines = ["#!/bin/sh", `# Removes the lab for cluster "${oneLine(cluster.name)}".`];
  for (const ns of [...names.all].reverse()) lines.push(`ip netns del ${shellQuote(ns)} 2>/dev/null || true`);
  return `${lines.join("\n")}\n`;
}
