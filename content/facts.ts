/**
 * The key facts of the course: one table shared by the lessons (`<Fact id="..." />`) and the
 * question banks (`fact:` on a question). Every entry names the primary source it was checked
 * against. `content/facts.test.ts` fails when a lesson or a quiz answer disagrees with a value
 * here, when a lesson states one of the known wrong versions listed in `wrongPatterns`, or when
 * a lesson listed in `mustAppearIn` stops mentioning the fact.
 *
 * Pure data: no imports, so it can be loaded by the MDX renderer, the quiz tooling and tests.
 */

export interface FactSource {
  readonly title: string;
  readonly url: string;
}

/**
 * A known wrong statement, matched sentence by sentence against lesson prose (code blocks and
 * "What the seed articles get wrong" callouts are skipped, since they quote errors on purpose).
 * A sentence that matches `pattern` fails the test unless it also matches `unless`, which is how
 * correct sentences such as "flannel uses 8472, not 4789" stay legal.
 */
export interface WrongPattern {
  readonly pattern: RegExp;
  readonly unless?: RegExp;
  /** What is wrong, shown when the test fails. */
  readonly why: string;
}

export interface Fact {
  readonly value: number | string;
  readonly unit?: string;
  /** One sentence stating the fact; shown as the tooltip of `<Fact>`. */
  readonly statement: string;
  readonly source: FactSource;
  readonly wrongPatterns?: readonly WrongPattern[];
  /** Lesson slugs that must mention this fact (via `<Fact id>` or the literal value). */
  readonly mustAppearIn?: readonly string[];
}

const RFC7348 = "https://www.rfc-editor.org/rfc/rfc7348";
const FLANNEL_BACKENDS = "https://github.com/flannel-io/flannel/blob/master/Documentation/backends.md";
const FLANNEL_CONFIG = "https://github.com/flannel-io/flannel/blob/master/Documentation/configuration.md";
const KUBE_FLANNEL_YML = "https://github.com/flannel-io/flannel/blob/master/Documentation/kube-flannel.yml";
const LINUX_VXLAN = "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/drivers/net/vxlan/vxlan_core.c";
const IEEE_8021Q = "https://standards.ieee.org/ieee/802.1Q/10323/";
const K8S_SERVICE = "https://kubernetes.io/docs/concepts/services-networking/service/";
const CALICO_IPPOOL = "https://docs.tigera.io/calico/latest/reference/resources/ippool";
const CALICO_REQUIREMENTS = "https://docs.tigera.io/calico/latest/getting-started/kubernetes/requirements";
const CALICO_FELIX = "https://docs.tigera.io/calico/latest/reference/resources/felixconfig";
const CALICO_MTU = "https://docs.tigera.io/calico/latest/networking/configuring/mtu";
const CALICO_BGP = "https://docs.tigera.io/calico/latest/networking/configuring/bgp";
const CNI_SPEC = "https://github.com/containernetworking/cni/blob/main/SPEC.md";

export const facts = {
  // ---------------------------------------------------------------- VXLAN (RFC 7348, Linux)
  "vxlan.vniBits": {
    value: 24,
    unit: "bits",
    statement: "The VXLAN Network Identifier (VNI) is a 24-bit field of the 8-byte VXLAN header.",
    source: { title: "RFC 7348 §5 (VXLAN Frame Format)", url: `${RFC7348}#section-5` },
    wrongPatterns: [
      {
        pattern: /\bVNI\b.{0,60}?\b(?:12|16|32)[- ]bits?\b/i,
        unless: /VLAN|802\.1Q|\bnot\b/i,
        why: "the VNI is 24 bits wide (12 bits is the 802.1Q VLAN ID)",
      },
      {
        // The same error without the word VNI ("VXLAN has a 12-bit segment ID"). A sentence that
        // also names VLANs or 802.1Q is comparing the two, which is how the 12 legitimately appears.
        pattern: /\bVXLAN\b.{0,80}?\b(?:12|16|32)[- ]bits?\b.{0,40}?\b(?:ID|identifier|segment|network)/i,
        unless: /\bVLANs?\b|802\.1Q|\bnot\b/i,
        why: "VXLAN's segment identifier (the VNI) is 24 bits wide (12 bits is the 802.1Q VLAN ID)",
      },
    ],
    mustAppearIn: ["vxlan"],
  },
  "vxlan.vniCount": {
    value: 16777216,
    statement: "A 24-bit VNI gives 2^24 = 16,777,216 identifiers (RFC 7348: \"up to 16 million\" segments).",
    source: { title: "RFC 7348 §5 (VXLAN Frame Format)", url: `${RFC7348}#section-5` },
  },
  "vxlan.headerBytes": {
    value: 8,
    unit: "bytes",
    statement: "The VXLAN header is 8 bytes: 8 bits of flags (the I flag), 24 reserved bits, the 24-bit VNI and 8 reserved bits.",
    source: { title: "RFC 7348 §5 (VXLAN Frame Format)", url: `${RFC7348}#section-5` },
    mustAppearIn: ["vxlan"],
  },
  "vxlan.udpPortIana": {
    value: 4789,
    statement: "IANA assigned UDP destination port 4789 to VXLAN.",
    source: { title: "RFC 7348 §5 (UDP Header: Destination Port)", url: `${RFC7348}#section-5` },
    mustAppearIn: ["vxlan"],
  },
  "vxlan.linuxDefaultPort": {
    value: 8472,
    statement:
      "The Linux vxlan driver defaults to UDP destination port 8472 when none is given, for compatibility with implementations that predate the IANA assignment.",
    source: { title: "Linux drivers/net/vxlan/vxlan_core.c (vxlan_port)", url: LINUX_VXLAN },
  },
  "vxlan.overheadBytes": {
    value: 50,
    unit: "bytes",
    statement:
      "VXLAN over IPv4 costs 50 bytes of the underlay MTU: outer IPv4 20 + UDP 8 + VXLAN 8 + the inner Ethernet header 14 (on the wire, the outer Ethernet 14 + IPv4 20 + UDP 8 + VXLAN 8 are added around the inner frame).",
    source: { title: "RFC 7348 §5 (VXLAN Frame Format)", url: `${RFC7348}#section-5` },
    wrongPatterns: [
      {
        pattern: /\boverhead\b.{0,40}?\b(?:30|36|42)\s*bytes\b/i,
        unless: /IPIP|IP-in-IP|GRE|\bnot\b/i,
        why: "VXLAN over IPv4 costs 50 bytes (20 + 8 + 8 + 14)",
      },
    ],
    mustAppearIn: ["vxlan"],
  },
  "vxlan.overheadIpv6Bytes": {
    value: 70,
    unit: "bytes",
    statement: "With an IPv6 underlay the outer IP header is 40 bytes, so VXLAN costs 70 bytes of the MTU.",
    source: { title: "RFC 7348 §5 (Outer IPv6 Header)", url: `${RFC7348}#section-5` },
  },
  "vxlan.mtuOn1500": {
    value: 1450,
    unit: "bytes",
    statement: "On a 1500-byte underlay, a VXLAN device (such as flannel.1) can carry inner packets of at most 1500 - 50 = 1450 bytes.",
    source: { title: "flannel configuration: MTU is calculated and written to subnet.env", url: FLANNEL_CONFIG },
    mustAppearIn: ["vxlan"],
  },
  "vxlan.fdbAgeingSeconds": {
    value: 300,
    unit: "seconds",
    statement: "The Linux vxlan driver ages out learned FDB entries after 300 seconds by default (printed as `ageing 300`).",
    source: { title: "Linux drivers/net/vxlan/vxlan_core.c (FDB_AGE_DEFAULT)", url: LINUX_VXLAN },
  },

  // ---------------------------------------------------------------- other encapsulations
  "geneve.udpPort": {
    value: 6081,
    statement: "IANA assigned UDP port 6081 to Geneve.",
    source: { title: "RFC 8926 §3.3 (UDP header)", url: "https://www.rfc-editor.org/rfc/rfc8926#section-3.3" },
  },
  "gre.ipProtocol": {
    value: 47,
    statement: "GRE packets are carried directly in IP with protocol number 47.",
    source: { title: "RFC 2784: Generic Routing Encapsulation", url: "https://www.rfc-editor.org/rfc/rfc2784" },
  },
  "wireguard.overheadIpv4Bytes": {
    value: 60,
    unit: "bytes",
    statement: "WireGuard over IPv4 takes 60 bytes of the MTU (outer IPv4 20 + UDP 8 + WireGuard header and authentication tag 32).",
    source: { title: "Calico: Configure MTU", url: CALICO_MTU },
  },

  // ---------------------------------------------------------------- VLAN (IEEE 802.1Q)
  "vlan.vidBits": {
    value: 12,
    unit: "bits",
    statement: "The 802.1Q VLAN Identifier (VID) is a 12-bit field of the Tag Control Information.",
    source: { title: "IEEE 802.1Q, VLAN tag (Tag Control Information)", url: IEEE_8021Q },
    mustAppearIn: ["vlan", "vxlan"],
  },
  "vlan.idCount": {
    value: 4096,
    statement: "12 bits encode 2^12 = 4096 VID values (0 to 4095).",
    source: { title: "IEEE 802.1Q, VLAN tag (Tag Control Information)", url: IEEE_8021Q },
  },
  "vlan.usableIds": {
    value: 4094,
    statement: "Of the 4096 VID values, 0 (priority tag, no VLAN) and 4095 (0xFFF, reserved) cannot name a VLAN, leaving 4094 usable VLAN IDs (1 to 4094).",
    source: { title: "IEEE 802.1Q, reserved VID values", url: IEEE_8021Q },
    wrongPatterns: [
      {
        pattern: /2\s*\^\s*12\s*=\s*4094\b/,
        why: "2^12 is 4096; 4094 is what remains after the two reserved values 0 and 4095",
      },
      {
        pattern: /\b4096\s+(?:usable|valid|configurable)\b|(?:up to|at most|maximum of)\s+4096\s+VLANs\b/i,
        unless: /reserved|4094/i,
        why: "only 4094 VLAN IDs are usable (0 and 4095 are reserved)",
      },
    ],
    mustAppearIn: ["vlan", "vxlan"],
  },
  "vlan.tagBytes": {
    value: 4,
    unit: "bytes",
    statement: "An 802.1Q tag is 4 bytes: a 16-bit TPID followed by 16 bits of Tag Control Information (PCP 3, DEI 1, VID 12).",
    source: { title: "IEEE 802.1Q, VLAN tag format", url: IEEE_8021Q },
    mustAppearIn: ["vlan"],
  },
  "vlan.tpid": {
    value: "0x8100",
    statement: "A customer VLAN tag is recognised by the Tag Protocol Identifier 0x8100 where the EtherType would otherwise be.",
    source: { title: "IEEE 802.1Q, C-VLAN tag TPID", url: IEEE_8021Q },
    mustAppearIn: ["vlan"],
  },
  "vlan.pcpBits": {
    value: 3,
    unit: "bits",
    statement: "The Priority Code Point (PCP) of an 802.1Q tag is 3 bits, giving 8 priority values.",
    source: { title: "IEEE 802.1Q, Tag Control Information", url: IEEE_8021Q },
  },

  "vlan.maxTaggedFrameBytes": {
    value: 1522,
    unit: "bytes",
    statement: "The 4-byte tag raises Ethernet's maximum frame from 1518 to 1522 bytes; the 1500-byte payload (the MTU) is unchanged.",
    source: { title: "IEEE 802.3, Q-tagged MAC frame size", url: "https://standards.ieee.org/ieee/802.3/10422/" },
  },
  "vlan.sTagTpid": {
    value: "0x88A8",
    statement: "IEEE 802.1ad (Q-in-Q, now part of 802.1Q) marks the outer service tag with TPID 0x88A8.",
    source: { title: "IEEE 802.1Q, S-VLAN tag TPID", url: IEEE_8021Q },
  },
  "vlan.defaultPvid": {
    value: 1,
    statement: "By default every bridge port classifies untagged frames into VLAN 1 (the default PVID).",
    source: { title: "IEEE 802.1Q, reserved VID values (default PVID)", url: IEEE_8021Q },
  },

  // ---------------------------------------------------------------- flannel
  "flannel.vxlanPortLinux": {
    value: 8472,
    statement: "flannel's VXLAN backend on Linux uses the kernel default UDP port, currently 8472, unless `Port` is set.",
    source: { title: "flannel Documentation/backends.md (VXLAN: Port)", url: FLANNEL_BACKENDS },
    wrongPatterns: [
      {
        pattern: /flannel.{0,120}?\b4789\b|\b4789\b.{0,120}?flannel/i,
        unless: /calico|IANA|windows|\bnot\b|instead|rather than|standard|assigned|registered|\bset\b|configur/i,
        why: "flannel's VXLAN backend on Linux uses the kernel default UDP 8472, not the IANA port 4789 (4789 is Calico's VXLAN port and flannel's on Windows)",
      },
    ],
    mustAppearIn: ["vxlan", "flannel-vxlan"],
  },
  "flannel.vxlanPortWindows": {
    value: 4789,
    statement: "On Windows, flannel's VXLAN backend must use UDP port 4789.",
    source: { title: "flannel Documentation/backends.md (VXLAN: Port)", url: FLANNEL_BACKENDS },
  },
  "flannel.vxlanDefaultVni": {
    value: 1,
    statement: "flannel's VXLAN backend uses VNI 1 on Linux by default, which is why its device is named flannel.1.",
    source: { title: "flannel Documentation/backends.md (VXLAN: VNI)", url: FLANNEL_BACKENDS },
  },
  "flannel.vxlanDevice": {
    value: "flannel.1",
    statement: "flannel names its VXLAN device flannel.<VNI>, so flannel.1 with the default VNI 1.",
    source: { title: "flannel pkg/backend/vxlan/vxlan.go", url: "https://github.com/flannel-io/flannel/blob/master/pkg/backend/vxlan/vxlan.go" },
  },
  "flannel.vxlanEncapsulator": {
    value: "the kernel vxlan driver",
    statement:
      "In flannel's VXLAN backend the kernel's vxlan device encapsulates and decapsulates; flanneld only programs one route, one ARP entry and one FDB entry per remote node.",
    source: { title: "flannel pkg/backend/vxlan/vxlan.go (design notes)", url: "https://github.com/flannel-io/flannel/blob/master/pkg/backend/vxlan/vxlan.go" },
    wrongPatterns: [
      {
        pattern: /flanneld.{0,80}?\b(?:encapsulat|decapsulat|unpacks?|unwraps?)/i,
        unless: /\bnot\b|never|n't|UDP backend|UDP mode|flannel0|instead of/i,
        why: "in the VXLAN backend the kernel vxlan device (flannel.1) encapsulates and decapsulates; only the UDP backend does it in flanneld",
      },
    ],
  },
  "flannel.hostGwRequirement": {
    value: "direct layer-2 connectivity",
    statement: "flannel's host-gw backend routes each remote pod subnet via that node's IP, so it requires direct layer-2 connectivity between all nodes.",
    source: { title: "flannel Documentation/backends.md (host-gw)", url: FLANNEL_BACKENDS },
    wrongPatterns: [
      {
        pattern: /host-gw.{0,80}?\b(?:works|routes?|can be used|is fine)\b.{0,40}?\b(?:across|between)\b.{0,20}?\b(?:subnets|routers|networks)\b/i,
        unless: /\bnot\b|cannot|can't|n't|without|DirectRouting|\bonly\b|requires|unless/i,
        why: "host-gw needs the nodes on one layer-2 segment; across routers it needs an overlay or routers that learn the pod routes",
      },
    ],
  },
  "flannel.udpPort": {
    value: 8285,
    statement: "flannel's UDP backend sends encapsulated packets to UDP port 8285 by default.",
    source: { title: "flannel Documentation/backends.md (UDP: Port)", url: FLANNEL_BACKENDS },
    mustAppearIn: ["flannel"],
  },
  "flannel.defaultNetwork": {
    value: "10.244.0.0/16",
    statement: "The kube-flannel.yml manifest configures Network 10.244.0.0/16 (flannel itself has no default; Network is its only mandatory key).",
    source: { title: "flannel Documentation/kube-flannel.yml (net-conf.json)", url: KUBE_FLANNEL_YML },
    mustAppearIn: ["flannel"],
  },
  "flannel.subnetLen": {
    value: 24,
    statement: "flannel gives each node a /24 by default (SubnetLen defaults to 24).",
    source: { title: "flannel Documentation/configuration.md (SubnetLen)", url: FLANNEL_CONFIG },
    mustAppearIn: ["flannel"],
  },

  "flannel.backendWhenOmitted": {
    value: "udp",
    statement: "If a flannel network configuration has no Backend, flanneld uses the udp backend; the kube-flannel.yml manifest sets vxlan explicitly.",
    source: { title: "flannel Documentation/configuration.md (Backend)", url: FLANNEL_CONFIG },
  },
  "flannel.wireguardPort": {
    value: 51820,
    statement: "flannel's WireGuard backend listens on UDP 51820 by default (51821 for IPv6).",
    source: { title: "flannel Documentation/backends.md (WireGuard)", url: FLANNEL_BACKENDS },
  },
  "flannel.udpOverheadBytes": {
    value: 28,
    unit: "bytes",
    statement: "flannel's UDP backend sends raw IP packets from the TUN device flannel0 inside UDP, adding an outer IPv4 (20) and UDP (8) header.",
    source: { title: "flannel README (udp backend, TUN device)", url: "https://github.com/flannel-io/flannel/blob/master/README.md" },
  },

  // ---------------------------------------------------------------- Calico
  "calico.vxlanPort": {
    value: 4789,
    statement: "Calico's VXLAN encapsulation uses UDP port 4789 by default (FelixConfiguration vxlanPort).",
    source: { title: "Calico FelixConfiguration reference (vxlanPort)", url: CALICO_FELIX },
  },
  "calico.vxlanVni": {
    value: 4096,
    statement: "Calico's VXLAN device vxlan.calico uses VNI 4096 by default (FelixConfiguration vxlanVNI).",
    source: { title: "Calico FelixConfiguration reference (vxlanVNI)", url: CALICO_FELIX },
  },
  "calico.ipipProtocol": {
    value: 4,
    statement: "IP-in-IP packets carry IP protocol number 4, which firewalls between Calico nodes must allow.",
    source: { title: "Calico network requirements", url: CALICO_REQUIREMENTS },
  },
  "calico.ipipOverheadBytes": {
    value: 20,
    unit: "bytes",
    statement: "IP-in-IP over IPv4 adds one 20-byte outer IPv4 header.",
    source: { title: "Calico: Configure MTU", url: CALICO_MTU },
  },
  "calico.bgpPort": {
    value: 179,
    statement: "Calico's BGP sessions (BIRD) use TCP port 179.",
    source: { title: "Calico network requirements", url: CALICO_REQUIREMENTS },
  },
  "calico.bgpDefaultAsn": {
    value: 64512,
    statement: "Calico nodes use the private AS number 64512 for BGP unless configured otherwise.",
    source: { title: "Calico BGPConfiguration reference (asNumber)", url: "https://docs.tigera.io/calico/latest/reference/resources/bgpconfig" },
  },
  "calico.defaultPool": {
    value: "192.168.0.0/16",
    statement: "Unless told otherwise, Calico creates its default IPv4 pool as 192.168.0.0/16 (operator default and the manifests' CALICO_IPV4POOL_CIDR).",
    source: { title: "Calico: Configure default IP pools", url: "https://docs.tigera.io/calico/latest/networking/ipam/initial-ippool" },
  },
  "calico.defaultPoolEncapsulation": {
    value: "IPIP",
    statement:
      "The default pool Calico creates uses IP-in-IP encapsulation (operator default Encapsulation IPIP; the calico.yaml manifest sets CALICO_IPV4POOL_IPIP to Always). The operator's sample custom-resources.yaml chooses VXLANCrossSubnet instead.",
    source: { title: "Calico: Configure default IP pools", url: "https://docs.tigera.io/calico/latest/networking/ipam/initial-ippool" },
  },
  "calico.blockSize": {
    value: 26,
    statement: "Calico hands out pod addresses to nodes in blocks of /26 (64 addresses) by default for IPv4 pools.",
    source: { title: "Calico IP pool reference (blockSize)", url: CALICO_IPPOOL },
  },
  "calico.bgpCrossSubnet": {
    value: "only with router peering",
    statement:
      "Calico's default full node-to-node BGP mesh needs the nodes to be L2 neighbours, but unencapsulated BGP routing works across subnets when the routers between them peer with Calico (for example top-of-rack peering).",
    source: { title: "Calico: Configure BGP peering", url: CALICO_BGP },
    wrongPatterns: [
      {
        pattern: /\b(?:BGP|Calico)\b.{0,80}?\b(?:cannot|can't|can ?not|unable to|never)\b.{0,40}?\b(?:cross|span|traverse)\b.{0,20}?\b(?:subnets?|segments?|networks?)\b/i,
        unless: /mesh|without|peer|router|unless/i,
        why: "Calico BGP can route across subnets when the routers peer with Calico; only the plain node-to-node mesh without them needs L2 adjacency",
      },
    ],
  },
  "calico.gatewayIp": {
    value: "169.254.1.1",
    statement: "Calico gives every pod a default route via the link-local address 169.254.1.1, answered by proxy ARP on the host side of the veth.",
    source: { title: "Calico FAQ: Why do all cali* interfaces have the MAC address ee:ee:ee:ee:ee:ee?", url: "https://docs.tigera.io/calico/latest/reference/faq" },
  },

  // ---------------------------------------------------------------- Kubernetes
  "k8s.nodePortRange": {
    value: "30000-32767",
    statement: "NodePort Services get a port from the range set by --service-node-port-range, 30000-32767 by default.",
    source: { title: "Kubernetes docs: Service (type NodePort)", url: `${K8S_SERVICE}#type-nodeport` },
    wrongPatterns: [
      {
        pattern: /node ?port.{0,60}?\b30000\s*(?:-|–|~|to)\s*(?!32767)\d{4,5}\b/i,
        why: "the default NodePort range is 30000-32767",
      },
    ],
    mustAppearIn: ["service-types", "service-ports"],
  },
  "k8s.serviceCidrKubeadm": {
    value: "10.96.0.0/12",
    statement: "kubeadm allocates Service ClusterIPs from 10.96.0.0/12 unless --service-cidr (networking.serviceSubnet) says otherwise.",
    source: { title: "kubeadm configuration (networking.serviceSubnet)", url: "https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/" },
  },
  "k8s.dockershimRemovedIn": {
    value: "1.24",
    statement: "dockershim, the kubelet's built-in adapter for Docker Engine, was removed in Kubernetes 1.24; Docker Engine now needs the external cri-dockerd adapter.",
    source: { title: "Kubernetes 1.24 release announcement", url: "https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/" },
  },
  "k8s.podmanIsCriRuntime": {
    value: "no",
    statement: "Podman is a daemonless container engine, not a CRI implementation; the kubelet can use containerd, CRI-O, or Docker Engine through cri-dockerd.",
    source: { title: "Kubernetes docs: Container Runtimes", url: "https://kubernetes.io/docs/setup/production-environment/container-runtimes/" },
    wrongPatterns: [
      {
        pattern: /Podman.{0,80}?\bCRI\b|\bCRI\b.{0,80}?Podman/i,
        unless: /\bnot\b|n't|never|\bno\b|cannot/i,
        why: "Podman does not implement CRI and cannot be the kubelet's container runtime",
      },
    ],
  },
  "k8s.kubeProxyWatches": {
    value: "Services and EndpointSlices",
    statement: "kube-proxy watches Service and EndpointSlice objects through the API server and programs the node's rules itself; nobody pushes configuration to it.",
    source: { title: "Kubernetes docs: Virtual IPs and Service Proxies", url: "https://kubernetes.io/docs/reference/networking/virtual-ips/" },
    wrongPatterns: [
      {
        pattern: /(?:API ?server|apiserver|\busers?\b).{0,60}?\b(?:configures?|programs?|pushes|sends?)\b.{0,40}?kube-proxy/i,
        unless: /\bnot\b|n't|nobody|never|\bno\b/i,
        why: "kube-proxy is not configured by the API server or users; it watches Services and EndpointSlices itself",
      },
    ],
  },
  "k8s.externalNameMechanism": {
    value: "a DNS CNAME record",
    statement: "An ExternalName Service is only a DNS CNAME record: no ClusterIP, no proxying and no kube-proxy rules.",
    source: { title: "Kubernetes docs: Service (type ExternalName)", url: `${K8S_SERVICE}#externalname` },
    wrongPatterns: [
      {
        pattern: /ExternalName.{0,80}?\b(?:proxies|forwards|load[- ]balances|kube-proxy (?:rules|forwards))/i,
        unless: /\bnot\b|\bno\b|never|n't|CNAME/i,
        why: "an ExternalName Service is only a DNS CNAME; nothing proxies or forwards its traffic",
      },
    ],
    mustAppearIn: ["service-types"],
  },

  // ---------------------------------------------------------------- CNI
  "cni.specVersion": {
    value: "1.1.0",
    statement: "The current CNI specification version is 1.1.0 (released with libcni v1.2.0), which added the GC and STATUS verbs.",
    source: { title: "CNI spec upgrades (cni.dev)", url: "https://www.cni.dev/docs/spec-upgrades/" },
  },
  "cni.operations": {
    value: "ADD, DEL, CHECK, VERSION, GC, STATUS",
    statement: "CNI plugins are executables invoked with CNI_COMMAND set to ADD, DEL, CHECK or VERSION; spec 1.1 adds GC and STATUS.",
    source: { title: "CNI SPEC.md (Parameters / CNI operations)", url: CNI_SPEC },
    wrongPatterns: [
      {
        pattern: /\bCNI\b.{0,60}?\b(?:only )?two (?:commands|operations|verbs)\b/i,
        unless: /\bnot\b|original|first|0\.1/i,
        why: "the CNI spec defines ADD, DEL, CHECK and VERSION (plus GC and STATUS in 1.1)",
      },
    ],
    mustAppearIn: ["cni-spec"],
  },
} as const satisfies Record<string, Fact>;

export type FactId = keyof typeof facts;

/** The value of a fact with its unit, as `<Fact>` renders it. */
export function formatFact(id: FactId): string {
  const fact: Fact = facts[id];
  return fact.unit ? `${fact.value} ${fact.unit}` : String(fact.value);
}
