import { describe, expect, it } from "vitest";
import { getScenario, listScenarios } from "./scenarios";
import { kubeProxyRules, labCleanupScript, labNames, labScript, shellQuote } from "./lab-script";
import { kubeEndpointChain, kubeServiceChain } from "./kube-proxy";
import type { Cluster } from "./model";

const seed = getScenario("seed-flannel-vxlan");

/** Evaluates one sh word the way a POSIX shell would (bare, or single-quoted pieces). */
function unquote(word: string): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    if (word[i] === "'") {
      const end = word.indexOf("'", i + 1);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (word[i] === "\\") {
      out += word[i + 1];
      i += 2;
    } else {
      out += word[i];
      i++;
    }
  }
  return out;
}

describe("labScript on the two-node flannel VXLAN cluster", () => {
  const script = labScript(seed);
  const lines = script.split("\n");

  it("creates one namespace per node, per pod, the underlay and its router, all prefixed", () => {
    const created = lines.filter((l) => l.startsWith("ip netns add ")).map((l) => l.slice("ip netns add ".length));
    expect(created).toEqual([
      "cnia-underlay",
      "cnia-underlay.router",
      "cnia-node1",
      "cnia-node1.httpd-app-675b65488d-9w69v",
      "cnia-node1.httpd-test-fd769fcb7-nnm99",
      "cnia-node2",
      "cnia-node2.httpd-app-675b65488d-6kgk6",
      "cnia-node2.httpd-test-fd769fcb7-nbqsn",
    ]);
    expect(lines).toContain("ip -n cnia-node1 link set lo up");
  });

  it("builds flannel.1 exactly as flanneld does, with its MAC, MTU, address, onlink route, ARP and FDB entries", () => {
    expect(lines).toContain("ip -n cnia-node1 link add flannel.1 index 4 type vxlan id 1 local 30.0.1.160 dev ens3 dstport 8472 srcport 32768 60999 nolearning udpcsum ttl auto");
    expect(lines).toContain("ip -n cnia-node1 link set dev flannel.1 address 2a:95:ed:10:e4:56 mtu 1400");
    expect(lines).toContain("ip -n cnia-node1 addr add 10.244.1.0/32 dev flannel.1");
    expect(lines).toContain("ip -n cnia-node1 route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
    expect(lines).toContain("ip -n cnia-node1 neigh replace 10.244.2.0 lladdr 72:c8:ad:5f:87:07 dev flannel.1 nud permanent");
    expect(lines).toContain("bridge -n cnia-node1 fdb append 72:c8:ad:5f:87:07 dev flannel.1 dst 30.0.1.47 self permanent");
  });

  it("wires pods to cni0 with the seed's veth names, ifindexes and MACs, and the NIC to the underlay bridge", () => {
    expect(lines).toContain("ip -n cnia-node1 link add veth76d1fce3 index 6 type veth peer name eth0 index 3 netns cnia-node1.httpd-app-675b65488d-9w69v");
    expect(lines).toContain("ip -n cnia-node1 link set dev veth76d1fce3 master cni0");
    expect(lines).toContain("ip -n cnia-node1.httpd-app-675b65488d-9w69v link set dev eth0 address 4a:1f:b9:9d:30:75 mtu 1400");
    expect(lines).toContain("ip -n cnia-underlay link add u0 type veth peer name ens3 index 2 netns cnia-node1");
    expect(lines).toContain("ip -n cnia-underlay link set u0 master seg0 up");
    expect(lines).toContain("ip -n cnia-node1 route add default via 30.0.1.1 dev ens3 proto dhcp src 30.0.1.160 metric 100");
  });

  it("sets the sysctls: forwarding on nodes and the router, off in pods; rp_filter off", () => {
    expect(lines).toContain("ip netns exec cnia-node1 sysctl -qw net/ipv4/ip_forward=1");
    expect(lines).toContain("ip netns exec cnia-node1.httpd-app-675b65488d-9w69v sysctl -qw net/ipv4/ip_forward=0");
    expect(lines).toContain("ip netns exec cnia-underlay.router sysctl -qw net/ipv4/ip_forward=1");
    expect(lines).toContain("ip netns exec cnia-node2 sysctl -qw net/ipv4/conf/all/rp_filter=0");
  });

  it("leaves proto kernel routes to the kernel and puts nothing in the host's root namespace", () => {
    expect(script).not.toMatch(/route add 10\.244\.1\.0\/24 dev cni0/);
    // a gateway-less route the model leaves at scope global is not left to ip's scope-link default
    expect(labScript(getScenario("flannel-udp"))).toMatch(/route add 10\.244\.0\.0\/16 dev flannel0 scope global/);
    for (const line of lines) {
      if (line === "" || line.startsWith("#") || /^(set|echo|IPTABLES_RESTORE|if|fi|KUBE|\*|:|-A|COMMIT)/.test(line)) continue;
      expect(line, line).toMatch(/^(ip netns (add|exec) cnia-|ip -n cnia-|bridge -n cnia-)/);
    }
  });

  it("every device name in the underlay namespace fits IFNAMSIZ", () => {
    const big = getScenario("calico-crosssubnet");
    for (const m of labScript(big).matchAll(/ip -n cnia-underlay link add (\S+) type \S+(?: peer name (\S+))?/g)) {
      expect((m[1] ?? "").length).toBeLessThanOrEqual(15);
    }
  });
});

describe("calico and other devices", () => {
  it("Calico: proxy_arp on cali*, no delay, /32 routes and the blackhole block", () => {
    const s = labScript(getScenario("calico-bgp"));
    expect(s).toMatch(/sysctl -qw net\/ipv4\/conf\/cali[0-9a-f]{11}\/proxy_arp=1/);
    expect(s).toMatch(/sysctl -qw net\/ipv4\/neigh\/cali[0-9a-f]{11}\/proxy_delay=0/);
    expect(s).toMatch(/route add blackhole 192\.168\.\d+\.\d+\/26 proto bird/);
    expect(s).toMatch(/route add 169\.254\.1\.1\/32 dev eth0 scope link/);
    // the on-link route to the gateway comes before the default route through it
    expect(s.indexOf("route add 169.254.1.1/32 dev eth0")).toBeLessThan(s.indexOf("route add default via 169.254.1.1"));
  });

  it("IPIP: the real device by default, a veth stand-in on request", () => {
    const c = getScenario("calico-ipip");
    expect(labScript(c)).toMatch(/link add tunl0 type ipip\n.*link set tunl0 type ipip ttl inherit nopmtudisc/);
    const stand = labScript(c, { ipipStandIn: "veth" });
    expect(stand).toMatch(/link add tunl0 type veth peer name s0 netns cnia-underlay/);
    expect(stand).not.toMatch(/type ipip/);
  });

  it("flannel UDP: a TUN device and a note that flanneld is not started", () => {
    const s = labScript(getScenario("flannel-udp"));
    expect(s).toMatch(/tuntap add dev flannel0 mode tun/);
    expect(s).toMatch(/# not started: flanneld-udp/);
  });

  it("a route the model says the kernel refuses is tried and must fail", () => {
    const s = labScript(getScenario("flannel-host-gw-different-subnets"));
    expect(s).toMatch(/^if ip -n cnia-node1 route add 10\.244\.2\.0\/24 via 30\.0\.2\.47 dev ens3 2>\/dev\/null; then echo .* >&2; exit 1; fi$/m);
  });
});

describe("kube-proxy rules", () => {
  const c = getScenario("flannel-vxlan-service");
  const rules = kubeProxyRules(c);
  const svc = c.services.find((s) => s.name === "httpd-app");
  if (!svc) throw new Error("scenario lost its Service");
  const port = svc.ports[0];
  if (!port) throw new Error("Service lost its port");

  it("has the iptables-nft shape: KUBE-SERVICES → KUBE-SVC → KUBE-SEP DNAT, KUBE-MARK-MASQ, KUBE-POSTROUTING", () => {
    const svcChain = kubeServiceChain(svc, port);
    expect(rules).toContain(`-A KUBE-SERVICES -d ${svc.clusterIp}/32 -p tcp -m comment --comment "default/httpd-app${port.name ? `:${port.name}` : ""} cluster IP" -m tcp --dport 80 -j ${svcChain}`);
    expect(svc.endpoints.length).toBe(2);
    const [a, b] = svc.endpoints.map((e) => kubeEndpointChain(svc, port, e));
    expect(rules).toMatch(new RegExp(`-A ${svcChain} .*-m statistic --mode random --probability 0\\.50000000000 -j ${a}`));
    expect(rules).toMatch(new RegExp(`-A ${svcChain} -m comment --comment "[^"]*" -j ${b}\n`));
    for (const ep of svc.endpoints) {
      expect(rules).toMatch(new RegExp(`-A ${kubeEndpointChain(svc, port, ep)} -p tcp .*-j DNAT --to-destination ${ep.ip.replace(/\./g, "\\.")}:80`));
    }
    expect(rules).toContain("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000");
    expect(rules).toContain("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN");
    expect(rules).toMatch(/-A KUBE-POSTROUTING .*-j MASQUERADE --random-fully/);
    expect(rules).toMatch(/-A KUBE-NODEPORTS -p tcp .*--dport 30080 -j KUBE-EXT-/);
    // NodePorts come last in KUBE-SERVICES.
    const svcLines = (rules.split("*filter")[0] ?? "").split("\n").filter((l) => l.startsWith("-A KUBE-SERVICES"));
    expect(svcLines.at(-1)).toMatch(/-j KUBE-NODEPORTS$/);
  });

  it("a Service without endpoints is rejected in the filter table", () => {
    expect(rules).toMatch(/\*filter[\s\S]*-A KUBE-SERVICES -d [\d.]+\/32 -p tcp -m comment --comment "default\/httpd-empty[^"]*has no endpoints".*-j REJECT --reject-with icmp-port-unreachable/);
  });

  it("is loaded in every node's root namespace, with br_netfilter on, and never on a host outside the cluster", () => {
    const s = labScript(c);
    const nodes = c.nodes.filter((n) => !n.external);
    expect(c.nodes.length).toBeGreaterThan(nodes.length);
    expect(s.match(/"\$IPTABLES_RESTORE" --noflush <<'KUBE_PROXY_RULES'/g)?.length).toBe(nodes.length);
    const restores = [...s.matchAll(/ip netns exec '?([^' ]+)'? "\$IPTABLES_RESTORE"/g)].map((m) => m[1]);
    expect(restores).toHaveLength(nodes.length);
    expect(restores.some((ns) => ns?.endsWith("client"))).toBe(false);
    expect(s).toMatch(/net\/bridge\/bridge-nf-call-iptables=1/);
    expect(labScript(seed)).not.toMatch(/IPTABLES_RESTORE" --noflush/);
  });
});

describe("names and cleanup", () => {
  it("quotes any name safely", () => {
    for (const word of ["plain", "", "a b", "it's", "$(rm -rf /)", "`x`", "a'b'c", "semi;colon", "new\nline", "*"]) {
      const q = shellQuote(word);
      expect(unquote(q)).toBe(word);
      if (word !== "plain") expect(q.startsWith("'")).toBe(true);
    }
  });

  it("a hostile pod name stays one quoted word", () => {
    const evil: Cluster = {
      ...seed,
      nodes: seed.nodes.map((n) => ({ ...n, namespaces: n.namespaces.map((ns) => (ns.id === "pod:httpd-app-675b65488d-9w69v" ? { ...ns, id: "pod:x;touch $(id) it's" as const } : ns)) })),
    };
    const s = labScript({ ...evil, nodes: evil.nodes }, { prefix: "p-" });
    expect(s).toContain("ip netns add 'p-node1.x;touch $(id) it'\\''s'");
    const touching = s.split("\n").filter((l) => l.includes("x;touch") && !l.startsWith("#"));
    expect(touching.length).toBeGreaterThan(3);
    for (const l of touching) expect(l.replaceAll("'p-node1.x;touch $(id) it'\\''s'", "")).not.toContain("x;touch");
  });

  it("a newline in a name cannot end a comment", () => {
    const s = labScript({ ...seed, name: "x\nrm -rf /" });
    expect(s).not.toMatch(/^rm -rf/m);
  });

  it("refuses names a namespace cannot have, and clashes", () => {
    expect(() => labNames(seed, { prefix: "a/b" })).toThrow(/cannot be a network namespace name/);
    const clash: Cluster = { ...seed, nodes: [seed.nodes[0], { ...(seed.nodes[0] as Cluster["nodes"][number]) }] as Cluster["nodes"] };
    expect(() => labNames(clash)).toThrow(/share the namespace name/);
  });

  it("cleanup deletes exactly the namespaces setup creates, in reverse", () => {
    for (const name of ["seed-flannel-vxlan", "flannel-vxlan-service", "calico-crosssubnet", "canal"]) {
      const c = getScenario(name);
      const created = labScript(c, { prefix: "t-" }).split("\n").filter((l) => l.startsWith("ip netns add ")).map((l) => l.slice(13));
      const deleted = labCleanupScript(c, { prefix: "t-" }).split("\n").filter((l) => l.startsWith("ip netns del ")).map((l) => l.slice(13).replace(/ 2>\/dev\/null \|\| true$/, ""));
      expect(deleted).toEqual([...created].reverse());
    }
  });
});

describe("the script a learner downloads is the one the kernel test ran", () => {
  it("differs from the kernel test's per-run script only in the namespace prefix, for every scenario", () => {
    // tests/kernel runs labScript(cluster, { prefix: "cnia-<run id>-" }) so parallel runs cannot clash;
    // lessons offer labScript(cluster) (prefix cnia-). Same function, same lines.
    for (const { name } of listScenarios()) {
      const cluster = getScenario(name);
      const run = "cnia-k3x9-";
      expect(labScript(cluster, { prefix: run }).replaceAll(run, "cnia-"), name).toBe(labScript(cluster));
      expect(labCleanupScript(cluster, { prefix: run }).replaceAll(run, "cnia-"), name).toBe(labCleanupScript(cluster));
    }
  });
});
