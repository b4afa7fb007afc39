import { describe, expect, it } from "vitest";
import { applyFaults, getScenario, listScenarios, walkPacket, walkReply, type Cluster, type Fault, type PacketSpec } from "@/lib/packet-walk";
import { replayShellCommands, runShellCommand, type ShellEnvironment, type ShellTarget } from "./index";

const NODE1: ShellTarget = { node: "node1", netns: "host" };
const NODE2: ShellTarget = { node: "node2", netns: "host" };
const POD_A1: ShellTarget = { node: "node1", netns: "pod:httpd-app-675b65488d-9w69v" };
const PING: PacketSpec = { from: "10.244.1.2", to: "10.244.2.2" };

function env(cluster: Cluster, traffic: readonly PacketSpec[] = [PING]): ShellEnvironment {
  return { cluster, traffic };
}

function run(e: ShellEnvironment, line: string, target: ShellTarget = NODE1) {
  return runShellCommand(e, target, line);
}

const seed = env(getScenario("seed-flannel-vxlan"));

describe("read commands on the seed (iproute2 6.x formats)", () => {
  it("ip route prints the seed's table in FIB order, with iproute2's trailing spaces", () => {
    const r = run(seed, "ip route");
    expect(r.exitCode).toBe(0);
    expect(r.output).toBe(
      [
        "default via 30.0.1.1 dev ens3 proto dhcp src 30.0.1.160 metric 100 ",
        "10.244.0.0/24 via 10.244.0.0 dev flannel.1 onlink ",
        "10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 ",
        "10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink ",
        "30.0.1.0/24 dev ens3 proto kernel scope link src 30.0.1.160 ",
        "169.254.169.254 via 30.0.1.1 dev ens3 proto dhcp src 30.0.1.160 metric 100 ",
        "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown ",
        "",
      ].join("\n"),
    );
    expect(r.observed).toEqual([{ view: "route", node: "node1", netns: "host" }]);
    expect(run(seed, "ip r s dev flannel.1").output).toBe("10.244.0.0/24 via 10.244.0.0 onlink \n10.244.2.0/24 via 10.244.2.0 onlink \n");
  });

  it("ip route get uses the engine's lookup and source selection", () => {
    expect(run(seed, "ip route get 10.244.2.2").output).toBe("10.244.2.2 via 10.244.2.0 dev flannel.1 src 10.244.1.0 uid 0 \n    cache \n");
    expect(run(seed, "ip route get 10.244.1.1").output).toBe("local 10.244.1.1 dev lo src 10.244.1.1 uid 0 \n    cache <local> \n");
    expect(run(seed, "ip route get 10.244.2.2", POD_A1).output).toBe("10.244.2.2 via 10.244.1.1 dev eth0 src 10.244.1.2 uid 0 \n    cache \n");
    expect(run(seed, "ip route get 10.244.2.2 from 10.244.1.2 iif cni0").output).toBe("10.244.2.2 from 10.244.1.2 via 10.244.2.0 dev flannel.1 \n    cache iif cni0 \n");
  });

  it("ip addr and ip link show devices, veth peers, masters and states", () => {
    const addr = run(seed, "ip addr show dev cni0");
    expect(addr.output).toContain("5: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default qlen 1000\n    link/ether 36:a5:21:90:7c:9a brd ff:ff:ff:ff:ff:ff\n    inet 10.244.1.1/24 scope global cni0\n");
    expect(addr.observed).toEqual([{ view: "addr", node: "node1", netns: "host", device: "cni0" }]);
    const link = run(seed, "ip link").output;
    expect(link).toContain("6: veth76d1fce3@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue master cni0 state UP mode DEFAULT group default qlen 1000");
    expect(link).toContain("3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT");
    expect(link).toContain("4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UNKNOWN mode DEFAULT");
    expect(run(seed, "ip a", POD_A1).output).toContain("3: eth0@if6: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1400 qdisc noqueue state UP group default qlen 1000\n    link/ether 4a:1f:b9:9d:30:75 brd ff:ff:ff:ff:ff:ff link-netnsid 0\n    inet 10.244.1.2/24 scope global eth0\n");
    expect(run(seed, "ip -br link").output.split("\n")[3]).toBe("flannel.1        UNKNOWN        2a:95:ed:10:e4:56 <BROADCAST,MULTICAST,UP,LOWER_UP> ");
    expect(run(seed, "ip -br addr").output.split("\n")[4]).toBe("cni0             UP             10.244.1.1/24 fe80::34a5:21ff:fe90:7c9a/64 ");
  });

  it("ip -d link show flannel.1 prints the VXLAN parameters as iproute2 6.1 does", () => {
    const out = run(seed, "ip -d link show flannel.1").output;
    expect(out).toContain("    vxlan id 1 local 30.0.1.160 dev ens3 srcport 32768 60999 dstport 8472 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx ");
  });

  it("ip neigh adds what the traffic resolved, and FAILED where ARP got no answer", () => {
    expect(run(seed, "ip neigh").output).toBe(
      "10.244.2.0 dev flannel.1 lladdr 72:c8:ad:5f:87:07 PERMANENT \n30.0.1.47 dev ens3 lladdr fa:16:3e:eb:3a:5e REACHABLE \n10.244.1.2 dev cni0 lladdr 4a:1f:b9:9d:30:75 REACHABLE \n",
    );
    const missing = env(applyFaults(getScenario("seed-flannel-vxlan"), [{ kind: "missing-arp", node: "node1", peer: "node2" }]));
    expect(run(missing, "ip neigh show dev flannel.1").output).toBe("10.244.2.0 FAILED \n");
    const fixed = run(missing, "ip neigh add 10.244.2.0 lladdr 72:c8:ad:5f:87:07 dev flannel.1 nud permanent");
    expect(walkPacket(fixed.cluster, PING).delivered).toBe(true);
  });

  it("ip neigh and bridge fdb show flannel's permanent entries", () => {
    expect(run(env(seed.cluster, []), "ip neigh").output).toBe("10.244.2.0 dev flannel.1 lladdr 72:c8:ad:5f:87:07 PERMANENT \n");
    expect(run(seed, "bridge fdb show dev flannel.1").output).toBe("72:c8:ad:5f:87:07 dst 30.0.1.47 self permanent\n");
    expect(run(seed, "bridge fdb show").output).toContain("36:a5:21:90:7c:9a dev cni0 master cni0 permanent\n");
  });

  it("sysctl and cat read the model's kernel parameters and flannel's subnet.env", () => {
    expect(run(seed, "sysctl net.ipv4.ip_forward").output).toBe("net.ipv4.ip_forward = 1\n");
    expect(run(seed, "sysctl net.ipv4.ip_forward", POD_A1).output).toBe("net.ipv4.ip_forward = 0\n");
    expect(run(seed, "sysctl net.ipv4.conf.all.rp_filter net.ipv4.conf.ens3.rp_filter").output).toBe("net.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.ens3.rp_filter = 0\n");
    expect(run(seed, "sysctl -a | grep rp_filter").output.split("\n")).toContain("net.ipv4.conf.flannel.1.rp_filter = 0");
    expect(run(seed, "cat /proc/sys/net/ipv4/ip_forward").output).toBe("1\n");
    expect(run(seed, "cat /run/flannel/subnet.env").output).toBe("FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.1.1/24\nFLANNEL_MTU=1400\nFLANNEL_IPMASQ=true\n");
    const missing = run(seed, "cat /etc/shadow");
    expect([missing.output, missing.exitCode]).toEqual(["cat: /etc/shadow: No such file or directory\n", 1]);
    expect(run(seed, "sysctl net.ipv4.nope").output).toBe("sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n");
  });

  it("ping prints iputils' lines with the reply's TTL and deterministic times", () => {
    const r = run(seed, "ping -c 2 10.244.2.2", POD_A1);
    expect(r.exitCode).toBe(0);
    const lines = r.output.split("\n");
    expect(lines[0]).toBe("PING 10.244.2.2 (10.244.2.2) 56(84) bytes of data.");
    expect(lines[1]).toMatch(/^64 bytes from 10\.244\.2\.2: icmp_seq=1 ttl=62 time=\d\.\d{3} ms$/);
    expect(lines).toContain("2 packets transmitted, 2 received, 0% packet loss, time 1003ms");
    expect(run(seed, "ping 10.244.2.2", POD_A1).output).toContain("4 packets transmitted, 4 received");
  });

  it("ping over the MTU fails at the sender like iputils", () => {
    const r = run(seed, "ping -c 1 -M do -s 1400 10.244.2.2");
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain("ping: local error: message too long, mtu=1400\n");
    expect(r.output).toContain("1 packets transmitted, 0 received, +1 errors, 100% packet loss");
  });

  it("ping payload sizes: iputils' range is refused as iputils does, and what the walk cannot follow is named in the lab shell's words", () => {
    const over = run(seed, "ping -c 1 -s 65508 10.244.2.2", POD_A1);
    expect(over).toMatchObject({ exitCode: 1, output: expect.stringContaining("ping: invalid argument: '65508': out of range: 0 <= value <= 65507") });
    // Valid for iputils (65507 fills a 65,535-byte datagram), beyond what the walk models.
    for (const size of ["65001", "65507"]) {
      const r = run(seed, `ping -c 1 -s ${size} 10.244.2.2`, POD_A1);
      expect(r.exitCode).toBe(2);
      expect(r.output).toBe("ping: the lab shell sends at most 65000 bytes of payload (-s 65000)\n");
      expect(r.output).not.toContain("payloadBytes");
    }
    expect(run(seed, "ping -c 1 -s 65000 10.244.2.2", POD_A1).output).toContain("PING 10.244.2.2 (10.244.2.2) 65000(65028) bytes of data.");
  });

  it("traceroute follows the seed's path", () => {
    const out = run(seed, "traceroute -n 10.244.2.2", POD_A1).output.split("\n");
    expect(out[0]).toBe("traceroute to 10.244.2.2 (10.244.2.2), 30 hops max, 60 byte packets");
    expect(out.slice(1, 4).map((l) => l.split(/\s+/).slice(1, 3).join(" "))).toEqual(["1 10.244.1.1", "2 10.244.2.0", "3 10.244.2.2"]);
  });

  it("tcpdump prints the traffic's frames on the device, VXLAN as OTV with the inner packet", () => {
    const r = run(seed, "tcpdump -ni ens3 -c 1");
    const lines = r.output.split("\n");
    expect(lines[0]).toBe("tcpdump: verbose output suppressed, use -v[v]... for full protocol decode");
    expect(lines[1]).toBe("listening on ens3, link-type EN10MB (Ethernet), snapshot length 262144 bytes");
    expect(lines[2]).toMatch(/^02:42:00\.\d{6} IP 30\.0\.1\.160\.\d+ > 30\.0\.1\.47\.8472: OTV, flags \[I\] \(0x08\), overlay 0, instance 1$/);
    expect(lines[3]).toMatch(/^IP 10\.244\.1\.2 > 10\.244\.2\.2: ICMP echo request, id \d+, seq 1, length 64$/);
    expect(lines[4]).toBe("1 packet captured");
    expect(r.observed).toEqual([{ view: "capture", node: "node1", netns: "host", device: "ens3" }]);
    const e = run(seed, "tcpdump -eni flannel.1 icmp").output;
    expect(e).toMatch(/2a:95:ed:10:e4:56 > 72:c8:ad:5f:87:07, ethertype IPv4 \(0x0800\), length 98: 10\.244\.1\.2 > 10\.244\.2\.2: ICMP echo request/);
    expect(e).toContain("2 packets captured");
    expect(run(seed, "tcpdump -ni ens3 tcp").output).toContain("0 packets captured");
    expect(run(seed, "tcpdump -ni eth9").output).toBe("tcpdump: eth9: No such device exists\n(No such device exists)\n");
  });

  it("conntrack lists the traffic's flows crossing the node", () => {
    const r = run(seed, "conntrack -L");
    expect(r.output).toMatch(/^icmp {5}1 29 src=10\.244\.1\.2 dst=10\.244\.2\.2 type=8 code=0 id=\d+ src=10\.244\.2\.2 dst=10\.244\.1\.2 type=0 code=0 id=\d+ mark=0 use=1\n/);
    expect(r.output).toContain("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
  });

  it("tcpdump filters: protocols, host/net/port, and/or/not, parentheses", () => {
    const count = (line: string): string | undefined => /(\d+) packets? captured/.exec(run(seed, line).output)?.[1];
    expect(count("tcpdump -ni ens3 udp port 8472")).toBe("2");
    expect(count("tcpdump -ni ens3 dst port 8472 and src host 30.0.1.160")).toBe("1");
    expect(count("tcpdump -ni ens3 'not (src host 30.0.1.160)'")).toBe("1");
    expect(count("tcpdump -ni ens3 net 30.0.1.0/24 or icmp")).toBe("2");
    expect(count("tcpdump -ni ens3 host 30.0.1.99")).toBe("0");
    expect(count("tcpdump -ni flannel.1 icmp and host 10.244.2.2")).toBe("2");
    expect(run(seed, "tcpdump -ni ens3 port banana").output).toContain("tcpdump: 'banana' is not a valid port");
    expect(run(seed, "tcpdump -ni ens3 and").output).toContain("syntax error");
  });

  it("conntrack shows the DNAT of a ClusterIP connection on the client's node", () => {
    const tcp: PacketSpec = { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 };
    const e = env(getScenario("flannel-vxlan-service"), [tcp]);
    const walk = walkPacket(e.cluster, tcp);
    const ep = walk.conntrack[0]?.dnat?.ip;
    expect(ep).toBeDefined();
    expect(run(e, "conntrack -L").output).toMatch(new RegExp(`^tcp {6}6 431999 ESTABLISHED src=10\\.244\\.1\\.3 dst=10\\.96\\.148\\.103 sport=\\d+ dport=80 src=${ep?.replace(/\./g, "\\.")} dst=10\\.244\\.1\\.3 sport=80 dport=\\d+ \\[ASSURED\\] mark=0 use=1$`, "m"));
    expect(run(e, "conntrack -L", POD_A1).output).toBe("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n");
  });

  it("kubectl answers on nodes, not in pods", () => {
    const pods = run(seed, "kubectl get pods -o wide").output.split("\n");
    expect(pods[0]).toBe("NAME                         READY   STATUS    RESTARTS   AGE   IP           NODE    NOMINATED NODE   READINESS GATES");
    expect(pods[1]).toBe("httpd-app-675b65488d-9w69v   1/1     Running   0          3d    10.244.1.2   node1   <none>           <none>");
    expect(run(seed, "kubectl get nodes -o wide").output).toContain("node2   Ready    <none>   10d   v1.30.4   30.0.1.47");
    const inPod = run(seed, "kubectl get pods", POD_A1);
    expect([inPod.output, inPod.exitCode]).toEqual(["bash: kubectl: command not found\n", 127]);
  });

  it("iptables-save on a Service cluster prints kube-proxy's chains, empty in a pod", () => {
    const svc = env(getScenario("flannel-vxlan-service"));
    const nat = run(svc, "iptables-save -t nat").output;
    expect(nat).toContain("*nat\n:PREROUTING ACCEPT [0:0]\n");
    expect(nat).toContain("-A KUBE-SERVICES -d 10.96.148.103/32 -p tcp -m comment --comment \"default/httpd-app:http cluster IP\" -m tcp --dport 80 -j KUBE-SVC-");
    expect(run(svc, "iptables-save -t filter").output).toContain("httpd-empty:http has no endpoints");
    expect(run(svc, "iptables-save", { node: "node1", netns: "pod:httpd-app-675b65488d-9w69v" }).output).toBe("");
  });
});

describe("errors answer like the real tools and never throw", () => {
  const cases: [string, string, number][] = [
    ["ip route foo", 'Command "foo" is unknown, try "ip route help".\n', 255],
    ["ip route get x", 'Error: any valid prefix is expected rather than "x".\n', 1],
    ["ip link show eth9", 'Device "eth9" does not exist.\n', 1],
    ["ip neigh show dev eth9", 'Cannot find device "eth9"\n', 1],
    ["ip route add 10.9.0.0/24 via 30.0.1.99 dev ens9", 'Cannot find device "ens9"\n', 1],
    ["ip route add 10.9.0.0/24 via 10.244.9.9 dev flannel.1", "Error: Nexthop has invalid gateway.\n", 2],
    ["ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink", "RTNETLINK answers: File exists\n", 2],
    ["ip route del 10.9.0.0/24", "RTNETLINK answers: No such process\n", 2],
    ["ip neigh del 10.244.9.0 dev flannel.1", "RTNETLINK answers: No such file or directory\n", 2],
    ["foo --bar", "bash: foo: command not found\n", 127],
    ["ls; rm -rf /", "bash: `;` is not supported: the lab shell runs one command at a time (only a trailing `| grep PATTERN` is supported)\n", 2],
  ];
  it.each(cases)("%s", (line, output, exitCode) => {
    const r = run(seed, line);
    expect([r.output, r.exitCode]).toEqual([output, exitCode]);
    expect(r.cluster).toBe(seed.cluster);
    expect(r.change).toBeUndefined();
  });

  it("refuses operators, substitutions and redirections, but filters with a trailing grep", () => {
    for (const line of ["ip r && ip a", "ip r > /tmp/x", "echo $(id)", "ip r | sort", "ip r || true", "cat `x`"]) {
      const r = run(seed, line);
      expect(r.exitCode).toBe(2);
      expect(r.output).toMatch(/^bash: .*one command at a time/);
    }
    expect(run(seed, "ip route | grep -v flannel | grep -i DOCKER").output).toBe("172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n");
    const none = run(seed, "ip route | grep nothing-here");
    expect([none.output, none.exitCode]).toEqual(["", 1]);
    expect(run(seed, "sudo ip neigh").output).toBe(run(seed, "ip neigh").output);
    expect(run(seed, "ip route get '10.244.2.2'").output).toBe(run(seed, 'ip route get "10.244.2.2"').output);
    expect(run(seed, "")).toMatchObject({ output: "", exitCode: 0 });
    expect(run(seed, "   ")).toMatchObject({ output: "", exitCode: 0 });
    expect(run(seed, "help").output).toContain("tcpdump");
  });

  it("bad bytes, unicode and huge lines give errors, not exceptions", () => {
    const nasty = ["\u0000", "ip\u0007 route", "ip route \u202e", "ping -c 1 ١٠.٢٤٤.٢.٢", "ip 'unterminated", "x".repeat(5000), "ip route add 😀/24 dev cni0", "kubectl patch svc x -p '{'", "tcpdump -ni ens3 '((('", "ping -c 99999 10.244.2.2", "\\", "|", "grep x", "ip -j a", "sysctl -w net.ipv4.ip_forward=banana", "ping 192.0.2.1", "traceroute 192.0.2.1"];
    for (const line of nasty) {
      for (const target of [NODE1, POD_A1, { node: "nope", netns: "host" } as ShellTarget]) {
        const r = run(seed, line, target);
        expect(typeof r.output).toBe("string");
        expect(r.output).not.toContain("internal error");
        expect(r.cluster).toBe(seed.cluster);
      }
    }
    expect(run(seed, "x".repeat(5000)).output).toMatch(/line too long/);
  });
});

describe("every scenario and namespace", () => {
  const lines = [
    "ip a", "ip -d link", "ip -br a", "ip r", "ip neigh", "bridge fdb show", "iptables-save", "iptables -t nat -S", "conntrack -L", "sysctl -a",
    "cat /run/flannel/subnet.env", "kubectl get pods -A -o wide", "kubectl get svc -A", "kubectl get ep -A", "kubectl get netpol -A", "kubectl describe svc httpd-app",
    "systemctl status flanneld", "ping -c 1 10.96.148.103", "ping -c 1 30.0.9.20", "traceroute -n 10.96.148.103", "curl 10.96.148.103", "nc -zv 30.0.1.47 30080",
    "tcpdump -ni flannel0", "tcpdump -ni tunl0", "tcpdump -eni eth0", "ip route get 10.96.148.103", "ip route get 192.168.1.1",
  ];
  it.each(listScenarios().map((s) => s.name))("%s: read commands answer without internal errors", (name) => {
    const cluster = getScenario(name);
    const pods = cluster.pods;
    const traffic: PacketSpec[] = pods.length > 1 ? [{ from: (pods[0] as { ip: string }).ip, to: (pods[pods.length - 1] as { ip: string }).ip }] : [];
    const e = env(cluster, traffic);
    for (const node of cluster.nodes) {
      for (const ns of node.namespaces) {
        for (const line of lines) {
          const r = runShellCommand(e, { node: node.name, netns: ns.id }, line);
          expect(r.output, `${name} ${node.name} ${ns.id}: ${line}`).not.toContain("internal error");
          expect(r.cluster).toBe(cluster);
        }
      }
    }
  });
});

describe("fix commands change the cluster the engine walks", () => {
  const faulted = (faults: Fault[], scenario = "seed-flannel-vxlan"): ShellEnvironment => env(applyFaults(getScenario(scenario), faults));

  it("missing route: ip route add … onlink on node1 makes the ping deliver again", () => {
    const e = faulted([{ kind: "missing-route", node: "node1", peer: "node2" }]);
    expect(walkPacket(e.cluster, PING).delivered).toBe(false);
    const r = run(e, "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
    expect([r.output, r.exitCode]).toEqual(["", 0]);
    expect(r.change).toBe("node1: added route 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
    expect(walkPacket(r.cluster, PING).delivered).toBe(true);
    // Without onlink the kernel refuses the gateway: nothing connects 10.244.2.0.
    expect(run(e, "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1").output).toBe("Error: Nexthop has invalid gateway.\n");
    expect(run({ ...e, cluster: r.cluster }, "ip route").output).toContain("10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink \n");
  });

  it("blackhole route: ip route replace restores the path", () => {
    const e = faulted([{ kind: "blackhole-route", node: "node1", peer: "node2" }]);
    expect(run(e, "ip route").output).toContain("blackhole 10.244.2.0/24 \n");
    expect(run(e, "ip route get 10.244.2.2").output).toBe("RTNETLINK answers: Invalid argument\n");
    // The blackhole discards before the TTL is looked at: no time exceeded (as the kernel lab shows).
    expect(run(e, "ping -c 1 -t 1 10.244.2.2", POD_A1).output).not.toContain("Time to live exceeded");
    expect(walkPacket(e.cluster, { ...PING, ttl: 1 }).drop?.code).toBe("blackhole");
    const r = run(e, "ip route replace 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink");
    expect(walkPacket(r.cluster, PING).delivered).toBe(true);
  });

  it("wrong ARP: ip neigh replace with node2's VTEP MAC fixes it", () => {
    const e = faulted([{ kind: "wrong-arp", node: "node1", peer: "node2" }]);
    expect(walkPacket(e.cluster, PING).delivered).toBe(false);
    const r = run(e, "ip neigh replace 10.244.2.0 lladdr 72:c8:ad:5f:87:07 dev flannel.1 nud permanent");
    expect(r.exitCode).toBe(0);
    expect(walkPacket(r.cluster, PING).delivered).toBe(true);
  });

  it("stale FDB: node2's new VTEP MAC goes into node1's ARP and FDB", () => {
    const e = faulted([{ kind: "stale-fdb", node: "node2" }]);
    const mac = /link\/ether (\S+)/.exec(run(e, "ip link show flannel.1", NODE2).output)?.[1] as string;
    expect(mac).not.toBe("72:c8:ad:5f:87:07");
    let c = run(e, `ip neigh replace 10.244.2.0 lladdr ${mac} dev flannel.1 nud permanent`).cluster;
    expect(walkPacket(c, PING).delivered).toBe(false);
    c = run({ ...e, cluster: c }, `bridge fdb add ${mac} dev flannel.1 dst 30.0.1.47 self permanent`).cluster;
    expect(walkPacket(c, PING).delivered).toBe(true);
    // node2's own entries for node1 were never stale: the echo reply comes back.
    expect(walkReply(c, walkPacket(c, PING)).delivered).toBe(true);
  });

  it("ip_forward off and strict rp_filter are fixed with sysctl -w", () => {
    const off = faulted([{ kind: "ip-forward-off", node: "node1" }]);
    expect(run(off, "sysctl net.ipv4.ip_forward").output).toBe("net.ipv4.ip_forward = 0\n");
    expect(run(off, "ip route get 10.244.2.2 from 10.244.1.2 iif cni0").output).toBe("RTNETLINK answers: No route to host\n");
    const r = run(off, "sysctl -w net.ipv4.ip_forward=1");
    expect([r.output, r.exitCode]).toEqual(["net.ipv4.ip_forward = 1\n", 0]);
    expect(walkPacket(r.cluster, PING).delivered).toBe(true);
    const rp = faulted([{ kind: "rp-filter", node: "node2", peer: "node1" }]);
    expect(walkPacket(rp.cluster, PING).delivered).toBe(false);
    expect(run(rp, "ip route get 10.244.2.2 from 10.244.1.2 iif flannel.1", NODE2).output).toBe("RTNETLINK answers: Invalid argument\n");
    const fixed = run(rp, "sysctl -w net.ipv4.conf.all.rp_filter=0", NODE2);
    expect(run({ ...rp, cluster: fixed.cluster }, "ip route get 10.244.2.2 from 10.244.1.2 iif flannel.1", NODE2).output).toBe("10.244.2.2 from 10.244.1.2 dev cni0 \n    cache iif flannel.1 \n");
    expect(walkPacket(fixed.cluster, PING).delivered).toBe(true);
  });

  it("wrong VNI or MTU: ip link set mtu, and an unfixable VNI is visible in ip -d link", () => {
    const vni = faulted([{ kind: "wrong-vni", node: "node2", vni: 2 }]);
    expect(run(vni, "ip -d link show flannel.1", NODE2).output).toContain("vxlan id 2 ");
    const mtu = faulted([{ kind: "mtu-mismatch", node: "node2", mtu: 1400 }]);
    const big: PacketSpec = { ...PING, payloadBytes: 1372 };
    expect(walkPacket(mtu.cluster, big).delivered).toBe(false);
    const r = run(mtu, "ip link set ens3 mtu 1450", NODE2);
    expect(r.change).toBe("node2: ip link set ens3 mtu 1400 → 1450");
    expect(walkPacket(r.cluster, big).delivered).toBe(true);
  });

  it("ip link set down removes the device's routes; up brings back only the kernel's own", () => {
    const down = run(seed, "ip link set cni0 down");
    expect(run({ ...seed, cluster: down.cluster }, "ip route").output).not.toContain("cni0");
    expect(walkPacket(down.cluster, { from: "10.244.2.2", to: "10.244.1.2" }).delivered).toBe(false);
    const up = run({ ...seed, cluster: down.cluster }, "ip link set cni0 up");
    expect(run({ ...seed, cluster: up.cluster }, "ip route").output).toContain("10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1 \n");
  });

  it("Service faults: kubectl patch targetPort and rollout restart bring the endpoints back", () => {
    const tcp: PacketSpec = { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 };
    const wrong = faulted([{ kind: "wrong-target-port", service: "httpd-app", targetPort: 8080 }], "flannel-vxlan-service");
    expect(walkPacket(wrong.cluster, tcp).final?.refused).toBeDefined();
    expect(run(wrong, "kubectl describe svc httpd-app").output).toContain("TargetPort:               8080/TCP\n");
    const json = run(wrong, `kubectl patch svc httpd-app --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":80}]'`);
    expect(json.output).toBe("service/httpd-app patched\n");
    expect(walkPacket(json.cluster, tcp).final?.refused).toBeUndefined();
    const merge = run(wrong, `kubectl patch svc httpd-app -p '{"spec":{"ports":[{"port":80,"targetPort":80}]}}'`);
    expect(walkPacket(merge.cluster, tcp).final?.refused).toBeUndefined();
    expect(run({ ...wrong, cluster: merge.cluster }, `kubectl patch svc httpd-app -p '{"spec":{"ports":[{"port":80,"targetPort":80}]}}'`).output).toBe("service/httpd-app patched (no change)\n");

    const empty = faulted([{ kind: "no-endpoints", service: "httpd-app" }], "flannel-vxlan-service");
    expect(run(empty, "kubectl get endpoints httpd-app").output).toContain("httpd-app   <none>");
    expect(run(empty, "kubectl get pods").output).toContain("httpd-app-675b65488d-9w69v   0/1");
    expect(walkPacket(empty.cluster, tcp).delivered).toBe(false);
    const restarted = run(empty, "kubectl rollout restart deployment httpd-app");
    expect(restarted.output).toBe("deployment.apps/httpd-app restarted\n");
    expect(walkPacket(restarted.cluster, tcp).delivered).toBe(true);
  });

  it("default deny: kubectl delete networkpolicy lets the traffic through again", () => {
    const e = faulted([{ kind: "default-deny", namespace: "default" }], "canal");
    const spec: PacketSpec = { from: "httpd-app-675b65488d-9w69v", to: "httpd-app-675b65488d-6kgk6" };
    expect(walkPacket(e.cluster, spec).drop?.code).toBe("policy-denied");
    expect(run(e, "kubectl get networkpolicy").output).toContain("default-deny-ingress   <none>");
    const r = run(e, "kubectl delete networkpolicy default-deny-ingress -n default");
    expect(r.output).toBe('networkpolicy.networking.k8s.io "default-deny-ingress" deleted\n');
    expect(walkPacket(r.cluster, spec).delivered).toBe(true);
    expect(run(e, "kubectl delete networkpolicy nope").output).toBe('Error from server (NotFound): networkpolicies.networking.k8s.io "nope" not found\n');
  });

  it("flanneld down (UDP backend): systemctl restart flanneld re-creates flannel0, its route and the process", () => {
    const e = faulted([{ kind: "flanneld-down", node: "node2" }], "flannel-udp");
    expect(walkPacket(e.cluster, PING).delivered).toBe(false);
    const status = run(e, "systemctl status flanneld", NODE2);
    expect(status.exitCode).toBe(3);
    expect(status.output).toContain("Active: failed");
    expect(run(e, "ip link show flannel0", NODE2).output).toBe('Device "flannel0" does not exist.\n');
    const r = run(e, "systemctl restart flanneld", NODE2);
    expect(r.change).toContain("flanneld restarted");
    expect(walkPacket(r.cluster, PING).delivered).toBe(true);
    expect(run({ ...e, cluster: r.cluster }, "ip route", NODE2).output).toContain("10.244.0.0/16 dev flannel0 \n");
    expect(run({ ...e, cluster: r.cluster }, "systemctl status flanneld", NODE2).exitCode).toBe(0);
  });
});

describe("purity", () => {
  function deepFreeze<T>(o: T): T {
    if (o && typeof o === "object" && !Object.isFrozen(o)) {
      Object.freeze(o);
      for (const v of Object.values(o)) deepFreeze(v);
    }
    return o;
  }

  it("never mutates the input cluster, and the same line gives the same result", () => {
    const cluster = deepFreeze(structuredClone(getScenario("flannel-vxlan-service")));
    const e: ShellEnvironment = deepFreeze({ cluster, traffic: [PING, { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 }] });
    const before = JSON.stringify(cluster);
    const lines = [
      "ip route add 10.9.0.0/24 dev cni0",
      "ip route del 10.244.2.0/24",
      "ip neigh replace 10.244.2.0 lladdr 02:00:00:00:00:01 dev flannel.1",
      "bridge fdb del 72:c8:ad:5f:87:07 dev flannel.1 dst 30.0.1.47",
      "ip link set flannel.1 mtu 1300",
      "ip link set cni0 down",
      "sysctl -w net.ipv4.ip_forward=0",
      `kubectl patch svc httpd-app --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'`,
      "kubectl rollout restart deployment httpd-app",
      "tcpdump -ni ens3",
      "conntrack -L",
      "ping -c 3 10.244.2.2",
    ];
    for (const line of lines) {
      const a = run(e, line);
      const b = run(e, line);
      expect(a.output).toBe(b.output);
      expect(JSON.stringify(a.cluster)).toBe(JSON.stringify(b.cluster));
    }
    expect(JSON.stringify(cluster)).toBe(before);
  });

  it("replays a command log: each command sees the cluster the previous one left", () => {
    const e = env(applyFaults(getScenario("seed-flannel-vxlan"), [{ kind: "missing-route", node: "node1", peer: "node2" }]));
    const { cluster, results } = replayShellCommands(e, [
      { target: POD_A1, line: "ping -c 1 10.244.2.2" },
      { target: NODE1, line: "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" },
      { target: POD_A1, line: "ping -c 1 10.244.2.2" },
    ]);
    expect(results.map((r) => r.exitCode)).toEqual([1, 0, 0]);
    expect(walkPacket(cluster, PING).delivered).toBe(true);
  });
});
