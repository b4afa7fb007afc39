/**
 * Public API of the packet-walk engine. Pure TypeScript: no React, Next,
 * Prisma, DOM or Node imports, so the lesson diagram (browser) and quiz
 * grading (server) share it. Import from "@/lib/packet-walk" only.
 */
export {
  ipv4,
  cidr,
  mac,
  ifName,
  isIpv4,
  isMac,
  cidrContains,
  networkOf,
  eui64LinkLocal,
  PacketWalkInputError,
  type Ipv4,
  type Cidr,
  type Mac,
  type IfName,
  type Brand,
} from "./addresses";
export type {
  Cluster,
  ClusterNode,
  CniMode,
  Device,
  DeviceRef,
  NetnsId,
  Netns,
  Route,
  NeighbourEntry,
  FdbEntry,
  PodInfo,
  Service,
  ServicePort,
  ServiceEndpoint,
  NetworkPolicy,
  PolicyRule,
  PolicyPeer,
  Labels,
  FlannelLease,
  RejectedRoute,
  UnderlaySegment,
  UnderlayRouter,
  PhysicalDevice,
  VethDevice,
  BridgeDevice,
  VxlanDevice,
  TunDevice,
  IpipDevice,
  LoopbackDevice,
  InterfaceAddress,
  RpFilterMode,
  UnderlayFilter,
} from "./model";
export { podNetnsId } from "./model";
export type { Header, EthHeader, IpHeader, UdpHeader, TcpHeader, IcmpHeader, VxlanHeader, IpPacket, EthFrame, WireUnit } from "./packet";
export { headerStack, innermostIp } from "./packet";
export {
  walkPacket,
  walkReply,
  formatRouteLine,
  type PacketSpec,
  type WalkOptions,
  type WalkProtocol,
  type WalkResult,
  type Hop,
  type HopAction,
  type HopSize,
  type TableEntry,
  type DropCode,
  type DropInfo,
  type DropIcmp,
  type ConntrackEntry,
  type ConntrackTuple,
} from "./walk";
export { traceroute, TRACEROUTE_BASE_PORT, type TracerouteHop, type TracerouteResult } from "./traceroute";
export {
  buildCluster,
  buildFlannelVxlanCluster,
  buildFlannelUdpCluster,
  buildFlannelHostGwCluster,
  buildCanalCluster,
  buildCalicoIpipCluster,
  buildCalicoBgpCluster,
  buildCalicoCrossSubnetCluster,
  buildCalicoVxlanCluster,
  calicoVethName,
  deterministicMac,
  CNI_MODES,
  CALICO_GATEWAY,
  CALICO_HOST_MAC,
  CALICO_VXLAN_PORT,
  CALICO_VXLAN_VNI,
  LINUX_VXLAN_DEFAULT_PORT,
  FLANNEL_UDP_DEFAULT_PORT,
  type BuilderOptions,
  type FlannelOptions,
  type CalicoOptions,
  type ClusterSpec,
  type NodeSpec,
  type PodSpec,
  type ServiceSpec,
  type ServicePortSpec,
  type NetworkPolicySpec,
  type PolicyRuleSpec,
  type PolicyPeerSpec,
  type ExtraDeviceSpec,
  type ExtraRouteSpec,
} from "./builders";
export { listScenarios, getScenario, scenarioLabel, seedClusterSpec, SEED_NOTES, SEED_PODS, type ScenarioInfo } from "./scenarios";
export { describeTopology, deviceKey, type ClusterTopology, type TopologyDevice, type TopologyLink, type TopologyNamespace, type TopologyNode } from "./topology";
export { encapsulationOverhead, compareEncapsulationOverhead, type EncapsulationOverhead, type OverheadPart } from "./overhead";
export { encodeWireUnit, internetChecksum } from "./frame";
export { encodePcap, captureFrames, resolveCapturePoint, linkTypeOf, hopBytes, LINKTYPE_ETHERNET, LINKTYPE_RAW, CAPTURE_EPOCH_MICROS, type CapturedFrame } from "./pcap";
export { toWalkDocument, formatWalkTable, formatHeaders, formatTraceroute, type WalkDocument, type WalkDocumentHop } from "./document";
export { clusterFromTopologyFile, topologyFileSchema, formatIssuePath, type TopologyFile } from "./topology-file";
export { evaluateNetworkPolicy, labelsMatch, type PolicyVerdict, type PolicyPeerEndpoint } from "./policy";
export { kubeServiceChain, kubeEndpointChain, kubeExternalChain, servicePortName } from "./kube-proxy";
export { indexCluster, prepareCluster, lookupRoute, selectSourceAddress } from "./cluster-index";
export { runWalkCli, WALK_USAGE, type CliIo } from "./cli";
/**
 * Lab emitter: `labScript(cluster)` is the shell script that builds the cluster on a
 * Linux host in network namespaces (`cnia-` prefix, nothing in the root namespace):
 * devices with names, MACs, MTUs and addresses, routes, neighbours, FDB, sysctls and
 * kube-proxy's iptables rules; `labCleanupScript` deletes exactly those namespaces.
 * tests/kernel runs them to check walks against the real kernel.
 */
export { labScript, labCleanupScript, labNames, kubeProxyRules, shellQuote, LAB_DEFAULT_PREFIX, type LabOptions, type LabNames } from "./lab-script";
/** What a learner runs on that lab: each hop's command in its namespace, and the commands that send the walk's packet. */
export { labHopCommand, labProbe, labFileName, type LabProbe } from "./lab-commands";
export { diffHeaderStacks, headerFields, type HeaderDiffEntry, type HeaderFieldView, type HeaderStackDiff } from "./header-diff";
export { layoutTopology, wrapText, DIAGRAM_FONT, BADGE_ROOM, type DiagramLayout, type DeviceLayout, type ContainerLayout, type LinkLayout, type LayoutOptions, type Box, type Point } from "./diagram-layout";
export {
  sourceEndpoints,
  destinationEndpoints,
  findEndpoint,
  translateAddress,
  translateSpec,
  compareWalkModes,
  HOP_ACTION_LABELS,
  DROP_CODE_LABELS,
  TABLE_ENTRY_LABELS,
  dropSummary,
  type WalkEndpoint,
  type ModeComparison,
} from "./diagram-walks";
/** Troubleshooting faults: plain-data breakages applied to a cluster, each with the probe it breaks. */
export {
  applyFaults,
  faultSymptom,
  randomFault,
  validateFault,
  parseFaults,
  applicableFaultKinds,
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type FaultExpectation,
  type FaultSymptom,
} from "./faults";
