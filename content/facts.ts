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
  /**
   * Also match each line of fenced code blocks (command output a lesson shows as real), not only prose.
   * For errors that live in reconstructed output, such as flannel0's pre-v0.11 address.
   */
  readonly inCode?: boolean;
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
  /**
   * Set when primary sources disagree (the docs say one thing, the code another). A lesson teaches the
   * disagreement; no question may grade it (`fact:` on a question naming a contested fact fails the test).
   */
  readonly contested?: string;
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
const FLANNEL_SUBNET_CONFIG = "https://github.com/flannel-io/flannel/blob/master/pkg/subnet/config.go";
const FLANNEL_UDP_NETWORK = "https://github.com/flannel-io/flannel/blob/master/pkg/backend/udp/udp_network_amd64.go";
const CALICO_MANIFEST = "https://github.com/projectcalico/calico/blob/v3.32.1/manifests/calico.yaml";
const K8S_VIRTUAL_IPS = "https://kubernetes.io/docs/reference/networking/virtual-ips/";

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
    source: { title: "Linux drivers/net/vxlan/vxlan_core.c (module parameter udp_port, default 8472; IANA_VXLAN_UDP_PORT is 4789)", url: LINUX_VXLAN },
  },
  "vxlan.linuxSourcePortRange": {
    value: "32768-60999",
    statement:
      "With no srcport range configured (`srcport 0 0`), Linux hashes each flow into the ephemeral port range net.ipv4.ip_local_port_range, 32768-60999 by default, not into RFC 7348's suggested 49152-65535.",
    source: {
      title: "Linux include/net/udp.h (udp_flow_src_port: min >= max uses inet_get_local_port_range)",
      url: "https://git.kernel.org/pub/scm/linux/kernel/git/torvalds/linux.git/tree/include/net/udp.h",
    },
    wrongPatterns: [
      {
        pattern: /(?:kernel|Linux|srcport 0 0|flannel|Calico)\b.{0,160}?49152\s*(?:-|–|to)\s*65535/i,
        unless: /\bRFC\b|recommend|suggest|\bnot\b|rather than|instead|impose/i,
        why: "with `srcport 0 0` Linux uses net.ipv4.ip_local_port_range (32768-60999 by default), not 49152-65535 (udp_flow_src_port in include/net/udp.h)",
      },
    ],
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
    source: { title: "flannel pkg/backend/vxlan/vxlan_network.go (encapOverhead = 50; MTU = external MTU - overhead)", url: "https://github.com/flannel-io/flannel/blob/master/pkg/backend/vxlan/vxlan_network.go" },
    mustAppearIn: ["vxlan"],
  },
  "vxlan.fdbAgeingSeconds": {
    value: 300,
    unit: "seconds",
    statement: "The Linux vxlan driver ages out learned FDB entries after 300 seconds by default (printed as `ageing 300`).",
    source: { title: "Linux drivers/net/vxlan/vxlan_core.c (FDB_AGE_DEFAULT, 300 seconds)", url: LINUX_VXLAN },
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
    source: { title: "RFC 2784 §2 (Structure of a GRE Encapsulated Packet: IP protocol 47)", url: "https://www.rfc-editor.org/rfc/rfc2784#section-2" },
  },
  "wireguard.overheadIpv4Bytes": {
    value: 60,
    unit: "bytes",
    statement: "WireGuard over IPv4 takes 60 bytes of the MTU (outer IPv4 20 + UDP 8 + WireGuard header and authentication tag 32).",
    source: { title: "Calico: Configure MTU (MTU and Calico defaults: WireGuard over IPv4, 60 bytes)", url: CALICO_MTU },
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
    source: { title: "IEEE 802.1Q Clause 9.6 (VLAN Tag Control Information: Table 9-2, Reserved VID values)", url: IEEE_8021Q },
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
    source: { title: "IEEE 802.1Q Clause 9 (Tagging of frames: 9.5 TPID, 9.6 Tag Control Information)", url: IEEE_8021Q },
    mustAppearIn: ["vlan"],
  },
  "vlan.tpid": {
    value: "0x8100",
    statement: "A customer VLAN tag is recognised by the Tag Protocol Identifier 0x8100 where the EtherType would otherwise be.",
    source: { title: "IEEE 802.1Q Clause 9.5 (Tag Protocol Identification: Table 9-1, C-VLAN EtherType 0x8100)", url: IEEE_8021Q },
    mustAppearIn: ["vlan"],
  },
  "vlan.pcpBits": {
    value: 3,
    unit: "bits",
    statement: "The Priority Code Point (PCP) of an 802.1Q tag is 3 bits, giving 8 priority values.",
    source: { title: "IEEE 802.1Q Clause 9.6 (VLAN Tag Control Information: PCP, DEI, VID)", url: IEEE_8021Q },
  },

  "vlan.maxTaggedFrameBytes": {
    value: 1522,
    unit: "bytes",
    statement: "The 4-byte tag raises Ethernet's maximum frame from 1518 to 1522 bytes; the 1500-byte payload (the MTU) is unchanged.",
    source: { title: "IEEE 802.3 Clause 3 (MAC frame format: Q-tagged frames up to 1522 octets)", url: "https://standards.ieee.org/ieee/802.3/10422/" },
  },
  "vlan.sTagTpid": {
    value: "0x88A8",
    statement: "IEEE 802.1ad (Q-in-Q, now part of 802.1Q) marks the outer service tag with TPID 0x88A8.",
    source: { title: "IEEE 802.1Q Clause 9.5 (Tag Protocol Identification: Table 9-1, S-VLAN EtherType 0x88A8)", url: IEEE_8021Q },
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
    source: { title: "flannel pkg/backend/vxlan/vxlan.go (RegisterNetwork: device name fmt.Sprintf(\"flannel.%d\", cfg.VNI))", url: "https://github.com/flannel-io/flannel/blob/master/pkg/backend/vxlan/vxlan.go" },
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
    source: { title: "flannel Documentation/backends.md (host-gw: \"Requires direct layer2 connectivity between hosts running flannel\")", url: `${FLANNEL_BACKENDS}#host-gw` },
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
    source: { title: "flannel Documentation/backends.md (UDP: Port, \"Defaults to 8285\")", url: `${FLANNEL_BACKENDS}#udp` },
    mustAppearIn: ["flannel"],
  },
  "flannel.defaultNetwork": {
    value: "10.244.0.0/16",
    statement:
      "The kube-flannel.yml manifest configures Network 10.244.0.0/16, which is why guides call it flannel's default subnet; flanneld itself has no built-in Network (it is mandatory while EnableIPv4 is true).",
    source: { title: "flannel Documentation/kube-flannel.yml (ConfigMap kube-flannel-cfg, net-conf.json: Network)", url: KUBE_FLANNEL_YML },
    mustAppearIn: ["flannel"],
  },
  "flannel.networkMandatoryWhen": {
    value: "EnableIPv4 is true",
    statement: "flannel's Network key is mandatory only when EnableIPv4 is true (its default); an IPv6-only configuration needs IPv6Network instead.",
    source: { title: "flannel Documentation/configuration.md (Network: \"Mandatory if EnableIPv4 is true\")", url: FLANNEL_CONFIG },
    wrongPatterns: [
      {
        pattern: /\bNetwork\b.{0,40}?\b(?:is )?the only mandatory key\b|only mandatory key.{0,40}?\bNetwork\b/i,
        unless: /EnableIPv4|IPv4|IPv6/i,
        why: "Network is mandatory only when EnableIPv4 is true (configuration.md); IPv6Network is mandatory when EnableIPv6 is true",
      },
    ],
  },
  "flannel.subnetLen": {
    value: 24,
    statement: "flannel gives each node a /24 by default (SubnetLen 24), unless Network is smaller than a /22, in which case SubnetLen is the network's prefix length plus 2.",
    source: { title: "flannel pkg/subnet/config.go (CheckNetworkConfig: PrefixLen <= 22 gives 24, else PrefixLen + 2)", url: FLANNEL_SUBNET_CONFIG },
    wrongPatterns: [
      {
        pattern: /SubnetLen.{0,80}?(?:smaller|shorter|less) than (?:a )?\/24|\/24.{0,40}?unless.{0,40}?(?:smaller|shorter) than (?:a )?\/24/i,
        why: "the /24 default changes when Network is smaller than a /22 (configuration.md SubnetLen, pkg/subnet/config.go), not a /24",
      },
    ],
    mustAppearIn: ["flannel"],
  },
  "flannel.podsPerSubnet": {
    value: 253,
    statement:
      "A node's /24 gives 253 pod addresses: host-local never hands out .0 (flannel.1's address in the VXLAN backend), .1 is cni0's gateway and .255 is the broadcast address.",
    source: { title: "CNI plugins: host-local IPAM (rangeStart defaults to .1, the gateway is excluded, rangeEnd to broadcast - 1)", url: "https://www.cni.dev/plugins/current/ipam/host-local/" },
    wrongPatterns: [
      {
        pattern: /\b254 (?:pods|pod addresses|pod IPs)\b|\bup to 254 pods\b/i,
        unless: /Calico|\bnot\b/i,
        why: "a flannel /24 gives 253 pod addresses (.0 is never allocated, .1 is cni0, .255 is broadcast)",
      },
    ],
  },
  "flannel.backendOmittedDocs": {
    value: "vxlan",
    statement:
      "flannel's configuration.md documents that Backend \"Defaults to vxlan backend\"; the code disagrees (flannel.backendOmittedCode), so the course does not grade a single answer.",
    source: { title: "flannel Documentation/configuration.md (Backend: \"Defaults to vxlan backend\")", url: FLANNEL_CONFIG },
    contested: "configuration.md says vxlan; pkg/subnet/config.go parseBackendType returns udp; kube-flannel.yml always sets vxlan",
    wrongPatterns: [
      {
        // Stating one default backend as a plain fact, without saying which source says so.
        pattern: /\b(?:flannel'?s?|flanneld'?s?)\b.{0,40}?\bdefault (?:backend|mode)\b|\bdefault (?:flannel )?backend\b.{0,40}?\b(?:is|=)\s+`?(?:udp|vxlan)\b|\bBackend\b.{0,40}?\bdefaults? to\b.{0,20}?\budp\b|\bfalls? back to `?udp\b/i,
        unless: /configuration\.md|documentation|\bdocs\b|config\.go|parseBackendType|\bcode\b|disagree|manifest|kube-flannel|recommended/i,
        why: "flannel's sources disagree on an omitted Backend (configuration.md: vxlan; pkg/subnet/config.go parseBackendType: udp; kube-flannel.yml always sets vxlan): name the source",
      },
    ],
  },
  "flannel.backendOmittedCode": {
    value: "udp",
    statement: "flannel's parseBackendType returns udp when the network configuration has no Backend, contrary to configuration.md; kube-flannel.yml always sets vxlan.",
    source: { title: "flannel pkg/subnet/config.go (parseBackendType: len(be) == 0 returns \"udp\")", url: FLANNEL_SUBNET_CONFIG },
    contested: "configuration.md says vxlan; pkg/subnet/config.go parseBackendType returns udp; kube-flannel.yml always sets vxlan",
  },
  "flannel.manifestBackend": {
    value: "vxlan",
    statement: "The kube-flannel.yml manifest sets Backend Type vxlan in net-conf.json.",
    source: { title: "flannel Documentation/kube-flannel.yml (net-conf.json: Backend.Type)", url: KUBE_FLANNEL_YML },
  },
  "flannel.cloudBackendsRemovedIn": {
    value: "v0.20.0",
    statement:
      "flannel's aws-vpc, gce and alivpc backends were removed in August 2022 (first released in v0.20.0); the experimental TencentCloud VPC backend is the only cloud route backend left.",
    source: {
      title: "flannel commit bb65738 \"Remove obsolete cloud backends\" (alivpc, awsvpc, gce)",
      url: "https://github.com/flannel-io/flannel/commit/bb6573860ce1568366d87e4434727c9db738cc40",
    },
    wrongPatterns: [
      {
        pattern: /flannel.{0,80}?\b(?:aws-vpc|awsvpc|AWS VPC backend|gce backend|alivpc|ali-vpc|AliVPC)\b|\b(?:aws-vpc|awsvpc|alivpc|ali-vpc)\b.{0,80}?flannel|flannel'?s? cloud (?:route )?backends\b/i,
        unless: /removed|no longer|v0\.20|2022|\bold\b|former|once|used to|TencentCloud|tencent/i,
        why: "flannel's AWS VPC, GCE and AliVPC backends were removed in v0.20.0 (2022); only the experimental TencentCloud VPC backend remains",
      },
    ],
    mustAppearIn: ["flannel"],
  },
  "flannel.wireguardPort": {
    value: 51820,
    statement: "flannel's WireGuard backend listens on UDP 51820 by default (51821 for IPv6).",
    source: { title: "flannel Documentation/backends.md (WireGuard: ListenPort, ListenPortV6)", url: `${FLANNEL_BACKENDS}#wireguard` },
  },
  "flannel.udpOverheadBytes": {
    value: 28,
    unit: "bytes",
    statement: "flannel's UDP backend sends raw IP packets from the TUN device flannel0 inside UDP, adding an outer IPv4 (20) and UDP (8) header.",
    source: { title: "flannel pkg/backend/udp/udp_network_amd64.go (encapOverhead = 28)", url: FLANNEL_UDP_NETWORK },
  },
  "flannel.udpTunPrefixLen": {
    value: 32,
    statement:
      "Since flannel v0.11.0 the UDP backend gives flannel0 a /32 address (\"so that no broadcast routes are created\") and adds the route to the whole Network itself, printed as `10.244.0.0/16 dev flannel0`.",
    source: { title: "flannel pkg/backend/udp/udp_network_amd64.go (configureIface: ipnLocal.PrefixLen = 32; netlink.RouteAdd)", url: FLANNEL_UDP_NETWORK },
    wrongPatterns: [
      {
        pattern: /inet 10\.244\.\d+\.0\/16\b.{0,40}flannel0|flannel0.{0,80}?\b10\.244\.\d+\.0\/16\b|dev flannel0 proto kernel/i,
        unless: /before v0\.11|older|pre-v0\.11|used to|earlier releases|releases before/i,
        why: "since v0.11.0 flannel0 has a /32 address and flanneld adds `<Network> dev flannel0` itself (no proto kernel, no src): pkg/backend/udp/udp_network_amd64.go configureIface",
        inCode: true,
      },
    ],
    mustAppearIn: ["flannel-udp"],
  },
  "flannel.fdbPermanentBecause": {
    value: "flanneld installs them as permanent",
    statement:
      "flanneld writes flannel's VXLAN ARP and FDB entries with NUD_PERMANENT, which is why they never age out; the device's nolearning flag only stops the kernel from learning entries from traffic.",
    source: { title: "flannel pkg/backend/vxlan/device.go (AddFDB/AddARP: NUD_PERMANENT; Learning from the backend config, default false)", url: "https://github.com/flannel-io/flannel/blob/master/pkg/backend/vxlan/device.go" },
    wrongPatterns: [
      {
        pattern: /permanent because\b(?:(?!flanneld).){0,60}?nolearning|nolearning.{0,40}?(?:makes|is why).{0,40}?permanent/i,
        why: "the entries are permanent because flanneld installs them so; nolearning is why the kernel does not learn them",
      },
    ],
  },
  "flannel.zeroDowntimeRestarts": {
    value: "every backend except udp",
    statement: "With any backend other than udp the kernel provides the data path, so flanneld can be restarted (within a few seconds for vxlan) without disturbing existing flows.",
    source: { title: "flannel Documentation/running.md (Zero-downtime restarts)", url: "https://github.com/flannel-io/flannel/blob/master/Documentation/running.md#zero-downtime-restarts" },
  },

  // ---------------------------------------------------------------- Calico
  "calico.vxlanPort": {
    value: 4789,
    statement: "Calico's VXLAN encapsulation uses UDP port 4789 by default (FelixConfiguration vxlanPort).",
    source: { title: "Calico FelixConfiguration reference (spec: vxlanPort, default 4789)", url: CALICO_FELIX },
  },
  "calico.vxlanVni": {
    value: 4096,
    statement: "Calico's VXLAN device vxlan.calico uses VNI 4096 by default (FelixConfiguration vxlanVNI).",
    source: { title: "Calico FelixConfiguration reference (spec: vxlanVNI, default 4096)", url: CALICO_FELIX },
  },
  "calico.ipipProtocol": {
    value: 4,
    statement: "IP-in-IP packets carry IP protocol number 4, which firewalls between Calico nodes must allow.",
    source: { title: "Calico: System requirements (Network requirements table: IP-in-IP, protocol 4)", url: CALICO_REQUIREMENTS },
  },
  "calico.ipipOverheadBytes": {
    value: 20,
    unit: "bytes",
    statement: "IP-in-IP over IPv4 adds one 20-byte outer IPv4 header.",
    source: { title: "Calico: Configure MTU (MTU and Calico defaults: IP-in-IP, 20 bytes)", url: CALICO_MTU },
  },
  "calico.ipipMtuOn1500": {
    value: 1480,
    unit: "bytes",
    statement: "On a 1500-byte NIC, Calico's IP-in-IP leaves the pods an MTU of 1500 - 20 = 1480 (VXLAN: 1450).",
    source: { title: "Calico: Configure MTU (MTU and Calico defaults: 1500 - 20 = 1480 for IP-in-IP)", url: CALICO_MTU },
    mustAppearIn: ["vxlan"],
  },
  "calico.bgpPort": {
    value: 179,
    statement: "Calico's BGP sessions (BIRD) use TCP port 179.",
    source: { title: "Calico: System requirements (Network requirements table: BGP, TCP 179)", url: CALICO_REQUIREMENTS },
  },
  "calico.bgpDefaultAsn": {
    value: 64512,
    statement: "Calico nodes use the private AS number 64512 for BGP unless configured otherwise.",
    source: { title: "Calico BGPConfiguration reference (spec: asNumber, default 64512)", url: "https://docs.tigera.io/calico/latest/reference/resources/bgpconfig" },
  },
  "calico.defaultPool": {
    value: "192.168.0.0/16",
    statement:
      "Unless told otherwise, Calico creates its default IPv4 pool as 192.168.0.0/16 (the operator's default CIDR); a manifest install with CALICO_IPV4POOL_CIDR unset prefers it too but takes the first of 172.16.0.0/16 ... 172.31.0.0/16 that does not overlap a host address.",
    source: {
      title: "Calico node/pkg/lifecycle/startup/autodetection/ipv4/poolselector.go (findAvailableCIDR: 192.168.0.0/16, then 172.16-31.0.0/16)",
      url: "https://github.com/projectcalico/calico/blob/v3.32.1/node/pkg/lifecycle/startup/autodetection/ipv4/poolselector.go",
    },
  },
  "calico.defaultPoolEncapsulation": {
    value: "IPIP",
    statement:
      "With the calico.yaml manifest the default pool uses IP-in-IP for all traffic (CALICO_IPV4POOL_IPIP Always); the operator also defaults to IPIP when encapsulation is omitted, its quick-start custom-resources.yaml chooses VXLANCrossSubnet, and an IPPool created without modes uses none.",
    source: { title: "Calico manifests/calico.yaml (calico-node env CALICO_IPV4POOL_IPIP: Always, CALICO_IPV4POOL_VXLAN: Never)", url: CALICO_MANIFEST },
    wrongPatterns: [
      {
        // "The default pool uses IPIP" without naming the install path.
        pattern: /\bdefault (?:IP )?pool\b.{0,60}?\b(?:uses|is|gets|defaults to)\b.{0,20}?\b(?:IPIP|IP-in-IP|VXLAN)\b/i,
        unless: /calico\.yaml|manifest|operator|custom-resources|quick-?start|install|depends|Installation/i,
        why: "the default pool's encapsulation depends on the install path (calico.yaml: IPIP Always; operator quick-start: VXLANCrossSubnet; an IPPool without modes: Never)",
      },
    ],
  },
  "calico.ippoolModesWhenOmitted": {
    value: "Never",
    statement: "An IPPool created without ipipMode or vxlanMode gets Never for both, so its traffic is not encapsulated.",
    source: { title: "Calico libcalico-go/lib/clientv3/ippool.go (validateAndSetDefaults: empty IPIPMode/VXLANMode become Never)", url: "https://github.com/projectcalico/calico/blob/v3.32.1/libcalico-go/lib/clientv3/ippool.go" },
  },
  "calico.quickstartEncapsulation": {
    value: "VXLANCrossSubnet",
    statement: "The operator quick-start's custom-resources.yaml gives the default pool encapsulation VXLANCrossSubnet.",
    source: { title: "Calico manifests/custom-resources.yaml (Installation spec.calicoNetwork.ipPools[0].encapsulation)", url: "https://github.com/projectcalico/calico/blob/v3.32.1/manifests/custom-resources.yaml" },
  },
  "calico.canalNetworkingBackend": {
    value: "CALICO_NETWORKING_BACKEND: none",
    statement: "canal.yaml disables Calico's BGP networking by setting the environment variable CALICO_NETWORKING_BACKEND to \"none\" on the calico-node container (calico.yaml reads the same variable from the calico_backend ConfigMap key, set to bird).",
    source: { title: "Calico manifests/canal.yaml (DaemonSet canal, container calico-node: CALICO_NETWORKING_BACKEND)", url: "https://github.com/projectcalico/calico/blob/v3.32.1/manifests/canal.yaml" },
    wrongPatterns: [
      {
        pattern: /calico_backend.{0,10}?\bnone\b/i,
        why: "canal.yaml sets the env var CALICO_NETWORKING_BACKEND to \"none\"; calico_backend is a ConfigMap key of calico.yaml (set to bird)",
        inCode: true,
      },
    ],
  },
  "calico.podRouteOrder": {
    value: "169.254.1.1 dev eth0 scope link, then default via 169.254.1.1",
    statement: "Calico's CNI plugin first adds the link-scope route to 169.254.1.1 on the pod's eth0, then the default route via it, because the kernel refuses a gateway it cannot yet reach.",
    source: { title: "Calico cni-plugin/pkg/dataplane/linux/dataplane_linux.go (DoNetworking: connected route to the dummy next hop, then ip.AddRoute via it)", url: "https://github.com/projectcalico/calico/blob/v3.32.1/cni-plugin/pkg/dataplane/linux/dataplane_linux.go" },
  },
  "calico.blockSize": {
    value: 26,
    statement: "Calico hands out pod addresses to nodes in blocks of /26 (64 addresses) by default for IPv4 pools.",
    source: { title: "Calico IP pool reference (IP pool definition: blockSize, default 26 for IPv4)", url: CALICO_IPPOOL },
  },
  "calico.bgpCrossSubnet": {
    value: "only with router peering",
    statement:
      "Calico's default full node-to-node BGP mesh needs the nodes to be L2 neighbours, but unencapsulated BGP routing works across subnets when the routers between them peer with Calico (for example top-of-rack peering).",
    source: { title: "Calico: Configure BGP peering (Full-mesh, Top of Rack (ToR))", url: CALICO_BGP },
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
    source: { title: "Calico FAQ (Why does my container have a route to 169.254.1.1?)", url: "https://docs.tigera.io/calico/latest/reference/faq" },
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
    source: { title: "kubeadm configuration v1beta4 (Networking: serviceSubnet, default 10.96.0.0/12)", url: "https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/#kubeadm-k8s-io-v1beta4-Networking" },
  },
  "k8s.dockershimRemovedIn": {
    value: "1.24",
    statement: "dockershim, the kubelet's built-in adapter for Docker Engine, was removed in Kubernetes 1.24; Docker Engine now needs the external cri-dockerd adapter.",
    source: { title: "Kubernetes 1.24 release announcement (Dockershim Removed from kubelet)", url: "https://kubernetes.io/blog/2022/05/03/kubernetes-1-24-release-announcement/" },
  },
  "k8s.podmanIsCriRuntime": {
    value: "no",
    statement: "Podman is a daemonless container engine, not a CRI implementation; the kubelet can use containerd, CRI-O, or Docker Engine through cri-dockerd.",
    source: { title: "Kubernetes docs: Container Runtimes (containerd, CRI-O, Docker Engine via cri-dockerd)", url: "https://kubernetes.io/docs/setup/production-environment/container-runtimes/" },
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
    source: { title: "Kubernetes docs: Virtual IPs and Service Proxies (Proxy modes: kube-proxy watches Services and EndpointSlices)", url: K8S_VIRTUAL_IPS },
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

  "k8s.nodePortCount": {
    value: 2768,
    unit: "ports",
    statement: "The default NodePort range 30000-32767 includes both ends, so it holds 32767 - 30000 + 1 = 2768 ports for the whole cluster.",
    source: { title: "Kubernetes docs: Service (type NodePort: --service-node-port-range, default 30000-32767)", url: `${K8S_SERVICE}#type-nodeport` },
  },
  "k8s.kubeProxyDefaultModeLinux": {
    value: "iptables",
    statement: "On Linux, kube-proxy uses the iptables mode when its mode is left empty; ipvs and nftables are the alternatives.",
    source: { title: "Kubernetes docs: Virtual IPs and Service Proxies (Proxy modes; iptables proxy mode)", url: `${K8S_VIRTUAL_IPS}#proxy-modes` },
    mustAppearIn: ["service-types"],
  },
  "k8s.sessionAffinityTimeoutSeconds": {
    value: 10800,
    unit: "seconds",
    statement: "With sessionAffinity: ClientIP, a client's affinity to one endpoint lasts sessionAffinityConfig.clientIP.timeoutSeconds, 10800 seconds (3 hours) by default.",
    source: { title: "Kubernetes docs: Virtual IPs and Service Proxies (Session affinity)", url: `${K8S_VIRTUAL_IPS}#session-affinity` },
  },
  "k8s.policyTypesDefault": {
    value: "Ingress, plus Egress if the policy has egress rules",
    statement: "A NetworkPolicy without policyTypes is treated as Ingress, plus Egress if it has an egress section, so an egress-only policy written without policyTypes also isolates its pods for ingress.",
    source: { title: "Kubernetes API reference: NetworkPolicySpec (policyTypes)", url: "https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/#NetworkPolicySpec" },
  },
  "k8s.endpointSliceListsUnready": {
    value: "listed with ready=false",
    statement:
      "The EndpointSlice controller lists a matching pod as soon as it has an IP, with conditions.ready false until the pod is Ready; kube-proxy and other service proxies send traffic only to ready endpoints.",
    source: { title: "Kubernetes docs: EndpointSlices (Conditions: ready, serving, terminating)", url: "https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/#conditions" },
    wrongPatterns: [
      {
        pattern: /EndpointSlices?\b.{0,60}?\b(?:once|when|after|only when) the pod is Ready\b|EndpointSlices? listing (?:only )?the ready (?:pods?|pod IPs|endpoints)\b/i,
        unless: /ready=false|ready: false|ready condition|`ready`/i,
        why: "a pod is listed in its Service's EndpointSlice as soon as it has an IP, with ready=false until it is Ready; proxies then use only the ready ones",
        inCode: true,
      },
    ],
  },
  "k8s.hostPortConflictKey": {
    value: "hostIP, hostPort and protocol",
    statement: "Two pods' host ports conflict on a node only if hostIP (0.0.0.0 matching every address), hostPort and protocol all match; TCP and UDP on one port number can share a node.",
    source: { title: "kube-scheduler NodePorts plugin (pkg/scheduler/framework/plugins/nodeports/node_ports.go: fitsPorts by HostIP, Protocol, HostPort)", url: "https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/framework/plugins/nodeports/node_ports.go" },
    wrongPatterns: [
      {
        pattern: /two pods cannot (?:use|share|bind) the same hostPort\b|same hostPort on (?:one|a|the same) node/i,
        unless: /protocol|hostIP|host IP/i,
        why: "host ports conflict per (hostIP, hostPort, protocol), not per port number",
      },
    ],
  },
  "k8s.podmanNetavarkDefaultSince": {
    value: "4.0",
    statement: "Podman's default network backend has been its own netavark since Podman 4.0; CNI support was deprecated and dropped from Podman 5's standard builds.",
    source: { title: "Podman docs: podman-network(1) (network backends: Netavark default since 4.0, CNI deprecated)", url: "https://docs.podman.io/en/latest/markdown/podman-network.1.html" },
    wrongPatterns: [
      {
        pattern: /Podman.{0,80}?(?:replaced|switched|moved).{0,40}?netavark.{0,40}?\b(?:version|v)\s?5\b/i,
        unless: /4\.0/,
        why: "netavark has been Podman's default since 4.0; version 5 dropped CNI",
      },
    ],
  },
  "k8s.etcdAccessRule": {
    value: "a design rule, not enforced",
    statement: "That only kube-apiserver talks to etcd is how Kubernetes is designed and deployed, not something etcd enforces; it is protected by network rules and client certificates.",
    source: { title: "Kubernetes docs: Operating etcd clusters for Kubernetes (Securing etcd clusters)", url: "https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#securing-etcd-clusters" },
    wrongPatterns: [
      {
        pattern: /Nothing else.{0,60}?talks to (?:it|etcd) directly\b/i,
        unless: /by design|convention|not enforced|nothing enforces/i,
        why: "that only the API server talks to etcd is a design rule, not enforced by etcd",
      },
    ],
  },

  // ---------------------------------------------------------------- CNI
  "cni.specVersion": {
    value: "1.1.0",
    statement: "The current CNI specification version is 1.1.0 (released with libcni v1.2.0), which added the GC and STATUS verbs.",
    source: { title: "CNI SPEC.md (Version: \"This is CNI spec version 1.1.0\")", url: `${CNI_SPEC}#version` },
  },
  "cni.operations": {
    value: "ADD, DEL, CHECK, VERSION, GC, STATUS",
    statement:
      "CNI plugins are executables invoked with CNI_COMMAND set to ADD, DEL, CHECK or VERSION; spec 1.1 adds GC and STATUS (SPEC.md's operations prose lists five, without STATUS, though it defines STATUS in its own section).",
    source: { title: "CNI SPEC.md (Section 2: CNI operations; STATUS: Check plugin status; GC: Clean up any stale resources)", url: `${CNI_SPEC}#cni-operations` },
    wrongPatterns: [
      {
        pattern: /\bCNI\b.{0,60}?\b(?:only )?two (?:commands|operations|verbs)\b/i,
        unless: /\bnot\b|original|first|0\.1/i,
        why: "the CNI spec defines ADD, DEL, CHECK and VERSION (plus GC and STATUS in 1.1)",
      },
    ],
    mustAppearIn: ["cni-spec"],
  },
  "cni.addedIn11": {
    value: "GC and STATUS",
    statement: "CNI spec 1.1.0 added the GC and STATUS operations (and the cniVersions field).",
    source: { title: "cni.dev: CNI spec upgrades (Upgrading to 1.1.0)", url: "https://www.cni.dev/docs/spec-upgrades/" },
  },
  "cni.nonListConfigsRemovedIn": {
    value: "1.0.0",
    statement: "CNI spec 1.0.0 removed the single-plugin (non-list) network configuration format; libcni still converts old .conf files.",
    source: { title: "CNI SPEC.md (Version table: spec-v1.0.0 \"Removed non-list configurations\")", url: `${CNI_SPEC}#version` },
    mustAppearIn: ["cni-spec"],
  },
} as const satisfies Record<string, Fact>;

export type FactId = keyof typeof facts;

/** The value of a fact with its unit, as `<Fact>` renders it. */
export function formatFact(id: FactId): string {
  const fact: Fact = facts[id];
  return fact.unit ? `${fact.value} ${fact.unit}` : String(fact.value);
}
