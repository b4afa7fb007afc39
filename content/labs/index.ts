/**
 * The troubleshooting lab catalogue. Each lab breaks a named scenario with plain-data faults
 * and carries its answer key (diagnosis, fix, hints), which stays on the server. Checked by
 * lib/labs/catalogue.test.ts: scenarios and lessons exist, faults validate, each symptom shows
 * on the faulted cluster and not on the healthy one, and each fix run through the lab shell
 * earns full marks.
 *
 * Addresses and MACs below are the scenarios' own (lib/packet-walk/scenarios.ts and the
 * builders); the stale-VTEP MAC is the one the stale-fdb fault derives for node2.
 */
import { SEED_PODS, type NetnsId, type PacketSpec } from "@/lib/packet-walk";
import type { ShellTarget } from "@/lib/packet-walk/shell";
import type { LabDefinition } from "@/lib/labs/types";

const host = (node: string): ShellTarget => ({ node, netns: "host" });
const inPod = (node: string, pod: string): ShellTarget => ({ node, netns: `pod:${pod}` as NetnsId });
const http = (from: string, to: string): PacketSpec => ({ from, to, protocol: "tcp", port: 80 });

export const LABS: readonly LabDefinition[] = [
  {
    slug: "vxlan-after-maintenance",
    title: "Nothing on node2 answers node1",
    story:
      "Since this morning's maintenance on node1, the httpd-app pod there cannot reach any pod on node2: requests to 10.244.2.2 just time out. Pods on node1 still reach each other, and so do the pods on node2. Can you find out what node1 lost and put it back?",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "missing-route", node: "node1", peer: "node2" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "underlay-no-route" } },
    lessons: ["flannel-vxlan", "overlay-underlay"],
    difficulty: "beginner",
    startAt: inPod("node1", SEED_PODS.appNode1),
    diagnosis: { node: "node1", table: "route", entries: ["10.244.2.0/24"] },
    fix: [{ target: host("node1"), line: "ip route add 10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink" }],
    hints: [
      { ifNotObserved: { view: "ping" }, text: "Reproduce the ticket first: from the pod, `ping 10.244.2.2` (a pod on node2), then `ping 10.244.1.3` (a pod on node1). Which one fails?" },
      { ifNotObserved: { view: "route", node: "node1" }, text: "The pod's packets go through cni0 into node1's root namespace, where the kernel picks a route. Open a shell on node1 and run `ip route`." },
      { ifNotObserved: { view: "route", node: "node2" }, text: "Compare with `ip route` on node2: its table has one route per other node's pod subnet through flannel.1. Which such line does node1 lack?" },
      { text: "`ip route get 10.244.2.2` on node1 shows the route the kernel uses now: the default route, which hands the packet unencapsulated to the underlay router, and the router knows no pod addresses." },
      { text: "flanneld installs `<subnet> via <subnet>.0 dev flannel.1 onlink` for every other node. Add node2's route back on node1: its pod subnet is 10.244.2.0/24 and its flannel.1 address 10.244.2.0." },
    ],
  },
  {
    slug: "vxlan-reinstalled-node",
    title: "node2 after the reinstall",
    story:
      "flannel was reinstalled on node2 last night, and flannel.1 was created anew. Since then pods on node1 and pods on node2 can no longer talk to each other, while pods on the same node are fine. The network team confirms that VXLAN packets (UDP 8472) from 30.0.1.160 do arrive on node2's ens3.",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "stale-fdb", node: "node2" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "not-for-this-host" } },
    lessons: ["flannel-vxlan", "vxlan"],
    difficulty: "advanced",
    startAt: host("node1"),
    diagnosis: {
      node: "node1",
      table: "fdb",
      entries: ["72:c8:ad:5f:87:07", "66:03:57:b7:1a:7f"],
      alternatives: [{ node: "node1", table: "neigh", entries: ["10.244.2.0", "72:c8:ad:5f:87:07", "66:03:57:b7:1a:7f"] }],
    },
    fix: [
      { target: host("node1"), line: "ip neigh replace 10.244.2.0 dev flannel.1 lladdr 66:03:57:b7:1a:7f nud permanent" },
      { target: host("node1"), line: "bridge fdb del 72:c8:ad:5f:87:07 dev flannel.1 self" },
      { target: host("node1"), line: "bridge fdb add 66:03:57:b7:1a:7f dev flannel.1 dst 30.0.1.47 self permanent" },
    ],
    hints: [
      { ifNotObserved: { view: "link", node: "node2" }, text: "Something on node2 was created anew. On node2, `ip -d link show flannel.1` shows the VTEP's MAC address, VNI and port." },
      { ifNotObserved: { view: "neigh", node: "node1" }, text: "node1 reaches node2's pods via 10.244.2.0 on flannel.1. Which MAC does node1 believe that address has? `ip neigh show dev flannel.1` on node1." },
      { ifNotObserved: { view: "fdb", node: "node1" }, text: "The VXLAN device sends a frame to the node IP its FDB names for the frame's destination MAC: `bridge fdb show dev flannel.1` on node1." },
      { text: "node2 accepts a decapsulated frame only if its destination MAC is node2's flannel.1 address; a frame for the old MAC is ignored. flanneld on node1 would rewrite its entries from node2's VtepMAC annotation; here, do it by hand." },
      { text: "On node1, point the ARP entry for 10.244.2.0 at node2's new flannel.1 MAC (`ip neigh replace ... nud permanent`), and give that MAC an FDB entry with `dst 30.0.1.47 self permanent`; the entry for the old MAC can go." },
    ],
  },
  {
    slug: "vxlan-cleanup-script",
    title: "After the clean-up script",
    story:
      "Someone tested a network clean-up script on node2 yesterday afternoon. Since then pods on node2 cannot reach pods on node1, and pings from node1's pods to node2's pods get no replies either. Pods on the same node are fine.",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "wrong-arp", node: "node2", peer: "node1" }],
    traffic: [http("10.244.2.2", "10.244.1.2")],
    symptom: { probe: { from: "10.244.2.2", to: "10.244.1.2" }, expect: { delivered: false, dropCode: "no-fdb-entry" } },
    lessons: ["flannel-vxlan", "vxlan"],
    difficulty: "intermediate",
    startAt: inPod("node2", SEED_PODS.appNode2),
    diagnosis: { node: "node2", table: "neigh", entries: ["10.244.1.0", "56:e1:9c:05:73:c5"] },
    fix: [{ target: host("node2"), line: "ip neigh replace 10.244.1.0 dev flannel.1 lladdr 2a:95:ed:10:e4:56 nud permanent" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node2" }, text: "On node2, `ip route get 10.244.1.2` shows the next hop for node1's pods. Remember which address it is." },
      { ifNotObserved: { view: "neigh", node: "node2" }, text: "flannel's VXLAN backend programs a PERMANENT ARP entry for every other node's flannel.1 address. Look at node2's: `ip neigh show dev flannel.1`." },
      { ifNotObserved: { view: "fdb", node: "node2" }, text: "Then look at node2's FDB on flannel.1 (`bridge fdb show dev flannel.1`): does every MAC the ARP table names have an entry saying which node IP it lives behind?" },
      { ifNotObserved: { view: "link", node: "node1" }, text: "The right MAC is node1's flannel.1 address: `ip link show flannel.1` on node1." },
      { text: "With learning off, a MAC without an FDB entry has nowhere to go, so the kernel drops the frame on flannel.1. Replace node2's ARP entry for 10.244.1.0 with node1's flannel.1 MAC, `nud permanent` as flanneld makes it." },
    ],
  },
  {
    slug: "vxlan-kernel-update",
    title: "node1 after the kernel update",
    story:
      "node1 was rebooted after a kernel update. Since then nothing from its pods gets beyond node1: requests from httpd-app on node1 to pods on node2 time out, and node2's pods get no answer from node1's pods. The two pods on node1 still reach each other.",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "ip-forward-off", node: "node1" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "not-forwarding" } },
    lessons: ["flannel-vxlan", "three-networks"],
    difficulty: "beginner",
    startAt: inPod("node1", SEED_PODS.appNode1),
    diagnosis: { node: "node1", table: "sysctl", entries: ["net.ipv4.ip_forward", "ip_forward", "net.ipv4.conf.all.forwarding"] },
    fix: [{ target: host("node1"), line: "sysctl -w net.ipv4.ip_forward=1" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node1" }, text: "Start with node1's routing table (`ip route` on node1). Is the route to node2's pods, 10.244.2.0/24 via flannel.1, there?" },
      { ifNotObserved: { view: "traceroute" }, text: "From the pod, `traceroute 10.244.2.2`: does even the first hop, cni0 on node1, pass the packet on?" },
      { text: "The routes are right, yet node1 does not pass packets from cni0 to flannel.1. A Linux host moves packets between its interfaces only when IPv4 forwarding is on, and a reboot loses every sysctl that was set at runtime and not persisted (in /etc/sysctl.conf or /etc/sysctl.d)." },
      { ifNotObserved: { view: "sysctl", node: "node1" }, text: "Check on node1: `sysctl net.ipv4.ip_forward`." },
      { text: "Kubernetes nodes need net.ipv4.ip_forward=1. Turn it back on with `sysctl -w` (and, on a real node, persist it in /etc/sysctl.d)." },
    ],
  },
  {
    slug: "vxlan-hardening-baseline",
    title: "node2's hardening baseline",
    story:
      "The security team applied their hardening baseline to node2 this morning. Since then pods on node1 get no answer from pods on node2; the pods on node2 still reach each other, and the nodes still ping each other.",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "rp-filter", node: "node2", peer: "node1" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "rp-filter" } },
    lessons: ["flannel-vxlan", "overlay-underlay"],
    difficulty: "advanced",
    startAt: host("node2"),
    diagnosis: {
      node: "node2",
      table: "route",
      entries: ["10.244.1.0/24"],
      alternatives: [{ node: "node2", table: "sysctl", entries: ["rp_filter", "net.ipv4.conf.all.rp_filter"] }],
    },
    fix: [{ target: host("node2"), line: "ip route add 10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink" }],
    hints: [
      { ifNotObserved: { view: "capture", node: "node2" }, text: "Do the packets reach node2 at all? Capture there while the requests run: `tcpdump -ni flannel.1`, then `tcpdump -ni cni0`." },
      { ifNotObserved: { view: "sysctl", node: "node2" }, text: "Baselines like this often switch on reverse-path filtering. On node2: `sysctl net.ipv4.conf.all.rp_filter`." },
      { ifNotObserved: { view: "route", node: "node2" }, text: "With rp_filter=1 (strict) the kernel accepts a packet only if its route back to the source leaves by the interface the packet came in on. Where would node2 send a reply to 10.244.1.2? `ip route get 10.244.1.2` on node2." },
      { text: "Turning rp_filter off alone would not help: the reply would still follow the default route to the underlay router, which knows no pod addresses." },
      { text: "node2 lacks flanneld's route to node1's pod subnet: `10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink`. With it back, the path is symmetric and strict rp_filter is satisfied." },
    ],
  },
  {
    slug: "vxlan-security-group",
    title: "The new security group",
    story:
      "The network team moved the cluster's VMs to a new security group yesterday. Since then pods on different nodes cannot talk to each other in either direction, although pods on the same node are fine and node1 and node2 still ping each other. Nobody can change the security group from the nodes: find what it blocks, so the network team can open it.",
    scenario: "seed-flannel-vxlan",
    faults: [{ kind: "underlay-firewall", protocol: "udp", dport: 8472 }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "underlay-filtered" } },
    lessons: ["flannel-vxlan", "overlay-underlay", "vxlan"],
    difficulty: "intermediate",
    startAt: host("node1"),
    diagnosis: { node: "underlay", table: "underlay", entries: ["8472", "udp 8472", "udp/8472", "udp port 8472"] },
    fix: null,
    hints: [
      { ifNotObserved: { view: "capture", node: "node1" }, text: "Capture on node1's NIC while the requests run: `tcpdump -ni ens3`. Does anything leave node1 for 30.0.1.47?" },
      { ifNotObserved: { view: "capture", node: "node2" }, text: "Now capture on node2's NIC: `tcpdump -ni ens3` there. Does what left node1 arrive?" },
      { ifNotObserved: { view: "fdb", node: "node1" }, text: "Check that node1 sends to the right place: `bridge fdb show dev flannel.1` names node2's IP, and `ip -d link show flannel.1` shows the VXLAN port." },
      { text: "The packets leave node1 and never reach node2, and nothing on either node drops them: the network between them does. A node-to-node ping is ICMP; what do pod packets travel in?" },
      { text: "flannel's VXLAN backend uses the Linux kernel's default VXLAN port, UDP 8472. Name the blocked protocol and port in your diagnosis; the fix is a security group rule allowing it between the nodes." },
    ],
  },
  {
    slug: "host-gw-big-uploads",
    title: "Big uploads to node2 hang",
    story:
      "Since node2's NIC was reconfigured during the maintenance window, uploads from httpd-app on node1 to httpd-app on node2 hang. Pings and small requests between the same pods work fine. The cluster runs flannel with the host-gw backend.",
    scenario: "flannel-host-gw",
    faults: [{ kind: "mtu-mismatch", node: "node2", mtu: 1400 }],
    traffic: [{ from: "10.244.1.2", to: "10.244.2.2", payloadBytes: 1422 }],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2", payloadBytes: 1422 }, expect: { delivered: false, dropCode: "frame-too-big" } },
    lessons: ["flannel-host-gw", "overlay-underlay"],
    difficulty: "intermediate",
    startAt: inPod("node1", SEED_PODS.appNode1),
    diagnosis: { node: "node2", table: "link", entries: ["ens3", "mtu 1400", "ens3 mtu 1400"] },
    fix: [{ target: host("node2"), line: "ip link set ens3 mtu 1450" }],
    hints: [
      { ifNotObserved: { view: "ping" }, text: "Compare a small ping with a full-size one from the pod: `ping 10.244.2.2`, then `ping -s 1422 -M do 10.244.2.2` (1422 bytes of data + 8 ICMP + 20 IP = 1450, the pod's MTU)." },
      { ifNotObserved: { view: "link", node: "node1" }, text: "host-gw adds no header, so a pod's packet crosses the wire as it is. `ip link show` on node1: what MTU do ens3, cni0 and the veths have?" },
      { ifNotObserved: { view: "link", node: "node2" }, text: "Now `ip link show ens3` on node2." },
      { text: "node2's NIC drops received frames longer than its MTU, and no ICMP error tells the sender, so node1 keeps sending full-size packets that vanish. Every NIC on one segment should use the same MTU." },
      { text: "Give node2's ens3 the MTU node1's has (1450): `ip link set ens3 mtu 1450`." },
    ],
  },
  {
    slug: "host-gw-tidy-up",
    title: "node2 after the tidy-up",
    story:
      "A colleague tidied up node2's network configuration by hand yesterday. Since then httpd-app on node2 cannot reach pods on node1, and node1's pods get no answers from node2's pods. The cluster runs flannel with the host-gw backend; both nodes sit on 30.0.1.0/24.",
    scenario: "flannel-host-gw",
    faults: [{ kind: "missing-route", node: "node2", peer: "node1" }],
    traffic: [http("10.244.2.2", "10.244.1.2")],
    symptom: { probe: { from: "10.244.2.2", to: "10.244.1.2" }, expect: { delivered: false, dropCode: "underlay-no-route" } },
    lessons: ["flannel-host-gw"],
    difficulty: "beginner",
    startAt: inPod("node2", SEED_PODS.appNode2),
    diagnosis: { node: "node2", table: "route", entries: ["10.244.1.0/24"] },
    fix: [{ target: host("node2"), line: "ip route add 10.244.1.0/24 via 30.0.1.160 dev ens3" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node2" }, text: "Look at what was tidied: `ip route` on node2." },
      { ifNotObserved: { view: "route", node: "node1" }, text: "Compare with node1's `ip route`: it has a route for node2's pod subnet. What does it look like?" },
      { text: "host-gw uses no tunnel: each node routes every other node's pod subnet via that node's own IP on ens3, which only works because the nodes share one L2 segment. Without that route, node2 sends the packets to the underlay router, which knows no pod addresses." },
      { text: "Add node1's pod subnet back on node2: `10.244.1.0/24 via 30.0.1.160 dev ens3`." },
    ],
  },
  {
    slug: "host-gw-new-rack",
    title: "node2 moved to the new rack",
    story:
      "node2 was moved to the new rack last night and now has 30.0.2.47 in 30.0.2.0/24; node1 stayed at 30.0.1.160 in 30.0.1.0/24, and a router joins the two subnets. The nodes reach each other, but no pod on node1 reaches a pod on node2. The cluster runs flannel with the host-gw backend; find out why before we decide what to change.",
    scenario: "flannel-host-gw",
    faults: [{ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47/24" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "next-hop-not-on-link" } },
    lessons: ["flannel-host-gw", "overlay-underlay"],
    difficulty: "intermediate",
    startAt: host("node1"),
    diagnosis: {
      node: "node1",
      table: "route",
      entries: ["10.244.2.0/24", "10.244.2.0/24 via 30.0.2.47", "30.0.2.47"],
      alternatives: [
        { node: "node2", table: "route", entries: ["10.244.1.0/24", "10.244.1.0/24 via 30.0.1.160", "30.0.1.160"] },
        { node: "underlay", table: "underlay", entries: ["30.0.2.0/24", "30.0.2.47", "different subnets", "not on one l2 segment", "l2 segment"] },
      ],
    },
    fix: null,
    hints: [
      { ifNotObserved: { view: "route", node: "node1" }, text: "`ip route` on node1: is there a route for node2's pod subnet, 10.244.2.0/24?" },
      { ifNotObserved: { view: "addr", node: "node1" }, text: "host-gw routes a pod subnet via the other node's IP as the gateway. `ip addr show ens3` on node1: which subnet is directly connected?" },
      { text: "The kernel refuses a gateway that is not on a directly connected subnet (\"network is unreachable\"), so flanneld could not install `10.244.2.0/24 via 30.0.2.47 dev ens3`, and the packets follow the default route to the router, which knows no pod addresses." },
      { text: "host-gw needs every node on one L2 segment. Across a router, flannel needs an encapsulating backend such as VXLAN (with DirectRouting it keeps direct routes between nodes that share a subnet). Name the missing route in your diagnosis." },
    ],
  },
  {
    slug: "udp-package-upgrade",
    title: "node2 after the package upgrade",
    story:
      "On these nodes flanneld runs as a systemd service with the UDP backend. Since node2's package upgrade this morning, pods on node1 and node2 cannot reach each other; pods on the same node are fine.",
    scenario: "flannel-udp",
    faults: [{ kind: "flanneld-down", node: "node2" }],
    traffic: [http("10.244.1.2", "10.244.2.2")],
    symptom: { probe: { from: "10.244.1.2", to: "10.244.2.2" }, expect: { delivered: false, dropCode: "port-unreachable" } },
    lessons: ["flannel-udp"],
    difficulty: "beginner",
    startAt: host("node2"),
    diagnosis: { node: "node2", table: "flanneld", entries: ["flanneld", "flannel0", "8285", "udp 8285"] },
    fix: [{ target: host("node2"), line: "systemctl restart flanneld" }],
    hints: [
      { ifNotObserved: { view: "link", node: "node2" }, text: "With the UDP backend, pod traffic between nodes goes through the TUN device flannel0. `ip link` on node2: is it there? And on node1?" },
      { ifNotObserved: { view: "route", node: "node2" }, text: "`ip route` on node2: which route would carry packets for 10.244.1.0/24?" },
      { ifNotObserved: { view: "capture", node: "node2" }, text: "Capture on node2's NIC while node1's pods send: `tcpdump -ni ens3 udp port 8285`. The tunnel packets arrive: what on node2 should receive them?" },
      { text: "flanneld itself reads packets from flannel0 and sends them in UDP to the other node's flanneld on port 8285. When the process is gone, nothing listens on 8285, and flannel0 disappears with its route, since flanneld does not make the TUN device persistent." },
      { text: "Start it again: `systemctl restart flanneld` on node2." },
    ],
  },
  {
    slug: "udp-new-image",
    title: "node1 from the new VM image",
    story:
      "node1 was rebuilt from a new VM image yesterday. Pings between pods on node1 and node2 work, but large transfers from httpd-app on node2 to httpd-app on node1 stall. The cluster runs flannel with the UDP backend.",
    scenario: "flannel-udp",
    faults: [{ kind: "mtu-mismatch", node: "node1", mtu: 1400 }],
    traffic: [{ from: "10.244.2.2", to: "10.244.1.2", payloadBytes: 1394 }],
    symptom: { probe: { from: "10.244.2.2", to: "10.244.1.2", payloadBytes: 1394 }, expect: { delivered: false, dropCode: "frame-too-big" } },
    lessons: ["flannel-udp", "overlay-underlay"],
    difficulty: "intermediate",
    startAt: inPod("node2", SEED_PODS.appNode2),
    diagnosis: { node: "node1", table: "link", entries: ["ens3", "mtu 1400", "ens3 mtu 1400"] },
    fix: [{ target: host("node1"), line: "ip link set ens3 mtu 1450" }],
    hints: [
      { ifNotObserved: { view: "ping" }, text: "Compare a small ping with a full-size one from the pod: `ping 10.244.1.2`, then `ping -s 1394 -M do 10.244.1.2` (1394 + 8 ICMP + 20 IP = 1422 bytes, the pod's MTU)." },
      { ifNotObserved: { view: "link", node: "node2" }, text: "`ip link show` on node2: flannel0's MTU is ens3's minus 28, room for the outer IP (20) and UDP (8) headers flanneld adds." },
      { ifNotObserved: { view: "link", node: "node1" }, text: "Now `ip link show ens3` on node1, the rebuilt node." },
      { text: "A full-size pod packet leaves node2 as a 1450-byte IP packet (1422 inside, 28 bytes of outer IP and UDP headers). node1's NIC drops received frames longer than its MTU, and no ICMP error tells anyone, so big transfers stall while pings pass. Every NIC on one segment should use the same MTU." },
      { text: "Give node1's ens3 the same MTU as node2's (1450): `ip link set ens3 mtu 1450`." },
    ],
  },
  {
    slug: "ipip-ipam-cleanup",
    title: "After the IPAM clean-up on node1",
    story:
      "An IPAM clean-up script ran on node1 this morning. Since then pods on node1 cannot reach any pod on node2, and a capture on node1's ens3 shows nothing leaving for node2, not even IP-in-IP. The cluster runs Calico in IPIP mode.",
    scenario: "calico-ipip",
    faults: [{ kind: "blackhole-route", node: "node1", peer: "node2" }],
    traffic: [http("192.168.0.1", "192.168.0.65")],
    symptom: { probe: { from: "192.168.0.1", to: "192.168.0.65" }, expect: { delivered: false, dropCode: "blackhole" } },
    lessons: ["calico", "calico-modes"],
    difficulty: "intermediate",
    startAt: inPod("node1", SEED_PODS.appNode1),
    diagnosis: { node: "node1", table: "route", entries: ["192.168.0.64/26", "blackhole 192.168.0.64/26"] },
    fix: [{ target: host("node1"), line: "ip route replace 192.168.0.64/26 via 30.0.1.47 dev tunl0 onlink" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node1" }, text: "`ip route` on node1. Calico's BIRD installs the `proto bird` routes: a blackhole for the node's own address block and one route per other node's block." },
      { ifNotObserved: { view: "route", node: "node2" }, text: "Compare with `ip route` on node2: how does node2 reach node1's block 192.168.0.0/26?" },
      { text: "A blackhole route discards matching packets without a word. node1 should have a blackhole only for its own block, 192.168.0.0/26; node2's pods are in 192.168.0.64/26." },
      { text: "Replace node1's route for 192.168.0.64/26 with the one through the IP-in-IP tunnel: `via 30.0.1.47 dev tunl0 onlink`." },
    ],
  },
  {
    slug: "ipip-hardening-playbook",
    title: "The playbook on node1",
    story:
      "A hardening playbook ran on node1 last night. Since then pods on node2 get no answer from pods on node1, while node1's own pods still reach each other. The cluster runs Calico in IPIP mode.",
    scenario: "calico-ipip",
    faults: [{ kind: "rp-filter", node: "node1", peer: "node2" }],
    traffic: [http("192.168.0.65", "192.168.0.1")],
    symptom: { probe: { from: "192.168.0.65", to: "192.168.0.1" }, expect: { delivered: false, dropCode: "rp-filter" } },
    lessons: ["calico", "calico-modes"],
    difficulty: "advanced",
    startAt: host("node1"),
    diagnosis: {
      node: "node1",
      table: "route",
      entries: ["192.168.0.64/26"],
      alternatives: [{ node: "node1", table: "sysctl", entries: ["rp_filter", "net.ipv4.conf.all.rp_filter"] }],
    },
    fix: [{ target: host("node1"), line: "ip route add 192.168.0.64/26 via 30.0.1.47 dev tunl0 onlink" }],
    hints: [
      { ifNotObserved: { view: "capture", node: "node1" }, text: "Do node2's packets reach node1? `tcpdump -ni tunl0` on node1 while the requests run." },
      { ifNotObserved: { view: "sysctl", node: "node1" }, text: "Playbooks like this often switch on reverse-path filtering: `sysctl net.ipv4.conf.all.rp_filter` on node1." },
      { ifNotObserved: { view: "route", node: "node1" }, text: "Strict rp_filter (1) drops a packet whose route back to the source leaves by another interface than the one it came in on. `ip route get 192.168.0.65` on node1: which way would the reply go?" },
      { text: "Switching rp_filter off would not be enough: the reply would still take the default route to the underlay router, which knows no pod addresses. node1 has lost its route to node2's block." },
      { text: "Add BIRD's route back on node1: `192.168.0.64/26 via 30.0.1.47 dev tunl0 onlink`. With the path symmetric again, strict rp_filter is satisfied." },
    ],
  },
  {
    slug: "bgp-maintenance-window",
    title: "node2 after the maintenance window",
    story:
      "During the maintenance window someone removed what they took for leftovers of an old network setup on node2. Since then httpd-app on node2 cannot reach pods on node1, and node1's pods get no answers from node2's pods. The cluster runs Calico with BGP and no encapsulation.",
    scenario: "calico-bgp",
    faults: [{ kind: "missing-route", node: "node2", peer: "node1" }],
    traffic: [http("192.168.0.65", "192.168.0.1")],
    symptom: { probe: { from: "192.168.0.65", to: "192.168.0.1" }, expect: { delivered: false, dropCode: "underlay-no-route" } },
    lessons: ["calico", "calico-modes"],
    difficulty: "beginner",
    startAt: inPod("node2", SEED_PODS.appNode2),
    diagnosis: { node: "node2", table: "route", entries: ["192.168.0.0/26"] },
    fix: [{ target: host("node2"), line: "ip route add 192.168.0.0/26 via 30.0.1.160 dev ens3" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node2" }, text: "`ip route` on node2: which route covers node1's pods (192.168.0.1 and 192.168.0.2)?" },
      { ifNotObserved: { view: "route", node: "node1" }, text: "Compare with `ip route` on node1: its route for node2's block 192.168.0.64/26 comes from BIRD (`proto bird`), via node2's IP." },
      { text: "Without encapsulation, each node must route every other node's block via that node's IP on ens3 (BIRD learns them over BGP). Without it the packet goes to the underlay router, which knows no pod addresses." },
      { text: "Add node1's block back on node2: `192.168.0.0/26 via 30.0.1.160 dev ens3`." },
    ],
  },
  {
    slug: "crosssubnet-new-node",
    title: "node1 cannot reach the new node3",
    story:
      "node3 joined the cluster last week in the second rack, on 30.0.2.0/24 behind the router; node1 and node2 share 30.0.1.0/24. Pods on node2 reach httpd-app on node3 (192.168.0.129), pods on node1 do not. The cluster runs Calico with IPIP in CrossSubnet mode.",
    scenario: "calico-crosssubnet",
    faults: [{ kind: "missing-route", node: "node1", peer: "node3" }],
    traffic: [http("192.168.0.1", "192.168.0.129")],
    symptom: { probe: { from: "192.168.0.1", to: "192.168.0.129" }, expect: { delivered: false, dropCode: "underlay-no-route" } },
    lessons: ["calico-modes", "overlay-underlay"],
    difficulty: "intermediate",
    startAt: inPod("node1", SEED_PODS.appNode1),
    diagnosis: { node: "node1", table: "route", entries: ["192.168.0.128/26"] },
    fix: [{ target: host("node1"), line: "ip route add 192.168.0.128/26 via 30.0.2.31 dev tunl0 onlink" }],
    hints: [
      { ifNotObserved: { view: "route", node: "node1" }, text: "`ip route` on node1: which route covers 192.168.0.129?" },
      { ifNotObserved: { view: "route", node: "node2" }, text: "Compare with `ip route` on node2: its route to node1's block leaves by ens3, its route to node3's block by tunl0. Why the difference?" },
      { text: "In CrossSubnet mode Calico encapsulates only towards nodes on another subnet: node1 and node2 share 30.0.1.0/24 and route directly; node3 is behind the router, so its block goes through tunl0 in IP-in-IP (IP protocol 4). A plain route to node3 would hand pod packets to the router, which knows no pod addresses." },
      { text: "Add node3's block back on node1: `192.168.0.128/26 via 30.0.2.31 dev tunl0 onlink`." },
    ],
  },
  {
    slug: "service-connection-refused",
    title: "Connection refused by httpd-app",
    story:
      "After yesterday's deploy, `curl http://10.96.148.103` (the httpd-app Service) from httpd-test on node1 fails at once with \"Couldn't connect to server\", and `nc -zv 10.96.148.103 80` says \"Connection refused\". The httpd-app pods are Running and answer on port 80 when curled by pod IP.",
    scenario: "flannel-vxlan-service",
    faults: [{ kind: "wrong-target-port", service: "default/httpd-app", targetPort: 8080 }],
    traffic: [http("10.244.1.3", "10.96.148.103")],
    symptom: { probe: http("10.244.1.3", "10.96.148.103"), expect: { delivered: true, refused: true } },
    lessons: ["service-ports", "service-types"],
    difficulty: "beginner",
    startAt: inPod("node1", SEED_PODS.testNode1),
    diagnosis: { node: "kubernetes", table: "service", entries: ["targetport", "targetport 8080", "8080"] },
    fix: [{ target: host("node1"), line: `kubectl patch service httpd-app -n default -p '{"spec":{"ports":[{"port":80,"targetPort":80}]}}'` }],
    hints: [
      { ifNotObserved: { view: "services" }, text: "kubectl works on the nodes: `kubectl describe svc httpd-app` on node1 shows the Service's port, targetPort and endpoints." },
      { ifNotObserved: { view: "endpoints" }, text: "`kubectl get endpoints httpd-app` on node1: which pod IPs and which port does kube-proxy send to?" },
      { ifNotObserved: { view: "iptables", node: "node1" }, text: "`iptables-save -t nat` on node1: find the KUBE-SEP rules for httpd-app and their DNAT targets." },
      { text: "\"Connection refused\" at once means something answered with a TCP RST (or an ICMP port unreachable). The Service has endpoints, so kube-proxy's DNAT delivered the packet to a pod, and nothing listens there on the port it was sent to. The container listens on 80." },
      { text: "Set the Service's targetPort back to 80: `kubectl patch service httpd-app -n default -p '{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":80}]}}'`." },
    ],
  },
  {
    slug: "service-after-config-push",
    title: "httpd-app refuses after the config push",
    story:
      "Since last night's configuration push to httpd-app, `curl http://10.96.148.103` (the httpd-app Service) from httpd-test on node1 fails at once, and `nc -zv 10.96.148.103 80` says \"Connection refused\". The pods still show as Running, and nobody changed the Service. The app team says restarting the Deployment is safe at any time.",
    scenario: "flannel-vxlan-service",
    faults: [{ kind: "no-endpoints", service: "default/httpd-app" }],
    traffic: [http("10.244.1.3", "10.96.148.103")],
    symptom: { probe: http("10.244.1.3", "10.96.148.103"), expect: { delivered: false, dropCode: "no-endpoints" } },
    lessons: ["service-types", "service-ports"],
    difficulty: "beginner",
    startAt: inPod("node1", SEED_PODS.testNode1),
    diagnosis: { node: "kubernetes", table: "service", entries: ["endpoints", "no endpoints", "not ready", "readiness", "ready"] },
    fix: [{ target: host("node1"), line: "kubectl rollout restart deployment httpd-app -n default" }],
    hints: [
      { ifNotObserved: { view: "endpoints" }, text: "kubectl works on the nodes: `kubectl get endpoints httpd-app` on node1. Which pod addresses does the Service send to?" },
      { ifNotObserved: { view: "pods" }, text: "`kubectl get pods -o wide` on node1: Running is not the same as Ready. What does the READY column say for the httpd-app pods?" },
      { ifNotObserved: { view: "iptables", node: "node1" }, text: "`iptables-save` on node1: what does kube-proxy install for 10.96.148.103 now, in place of the DNAT to the pods?" },
      { text: "kube-proxy sends Service traffic only to ready endpoints. With none, it installs a REJECT rule, so clients get an ICMP port unreachable at once, which the socket reports as \"Connection refused\"." },
      { text: "The pods are not Ready. Restart the Deployment so fresh pods replace them: `kubectl rollout restart deployment httpd-app -n default`." },
    ],
  },
  {
    slug: "policy-change",
    title: "Nobody reaches httpd-test",
    story:
      "Since this morning's policy change, pings and requests to the httpd-test pods time out from every pod, while httpd-app still accepts requests from httpd-test on port 80. The cluster runs Canal, so Calico enforces NetworkPolicy.",
    scenario: "canal-network-policy",
    faults: [{ kind: "default-deny", namespace: "default" }],
    traffic: [http("10.244.2.2", "10.244.1.3")],
    symptom: { probe: { from: "10.244.2.2", to: "10.244.1.3" }, expect: { delivered: false, dropCode: "policy-denied" } },
    lessons: ["network-policy", "canal"],
    difficulty: "beginner",
    startAt: inPod("node2", SEED_PODS.appNode2),
    diagnosis: { node: "kubernetes", table: "networkpolicy", entries: ["default-deny-ingress"] },
    fix: [{ target: host("node1"), line: "kubectl delete networkpolicy default-deny-ingress -n default" }],
    hints: [
      { ifNotObserved: { view: "policies" }, text: "kubectl works on the nodes: `kubectl get networkpolicy -n default` on node1 lists the policies and the pods each selects." },
      { ifNotObserved: { view: "pods" }, text: "`kubectl get pods -n default -o wide` on node1 lists the pods; the httpd-test pods carry the label app=httpd-test. Which policies' POD-SELECTOR matches them?" },
      { text: "A pod selected by any ingress policy accepts only what one of those policies allows. A podSelector of {} selects every pod in the namespace." },
      { text: "Remove the policy that was applied by mistake, and keep httpd-app-allow-test: it is what still limits who reaches httpd-app." },
    ],
  },
];

/** The lab with this slug, or undefined. */
export function getLab(slug: string): LabDefinition | undefined {
  return LABS.find((lab) => lab.slug === slug);
}

/** Every lab slug, in catalogue order. */
export function listLabSlugs(): string[] {
  return LABS.map((lab) => lab.slug);
}
