/**
 * One entry point over every plugin builder, keyed by {@link CniMode}.
 */
import type { Cluster, CniMode } from "../model";
import {
  buildCalicoBgpCluster,
  buildCalicoCrossSubnetCluster,
  buildCalicoIpipCluster,
  buildCalicoVxlanCluster,
  type CalicoOptions,
} from "./calico";
import {
  buildCanalCluster,
  buildFlannelHostGwCluster,
  buildFlannelUdpCluster,
  buildFlannelVxlanCluster,
  type FlannelOptions,
} from "./flannel";
import type { ClusterSpec } from "./spec";

/** Options of any builder (each builder reads only its own keys). */
export type BuilderOptions = FlannelOptions & CalicoOptions;

/** Every supported mode, in teaching order. */
export const CNI_MODES: readonly CniMode[] = [
  "flannel-vxlan",
  "flannel-udp",
  "flannel-host-gw",
  "calico-ipip",
  "calico-bgp",
  "calico-crosssubnet",
  "calico-vxlan",
  "canal",
];

/** Builds a cluster for `mode` from a spec, the way that plugin would configure the nodes. */
export function buildCluster(mode: CniMode, spec: ClusterSpec, options: BuilderOptions = {}): Cluster {
  switch (mode) {
    case "flannel-vxlan":
      return buildFlannelVxlanCluster(spec, options);
    case "flannel-udp":
      return buildFlannelUdpCluster(spec, options);
    case "flannel-host-gw":
      return buildFlannelHostGwCluster(spec, options);
    case "calico-ipip":
      return buildCalicoIpipCluster(spec, options);
    case "calico-bgp":
      return buildCalicoBgpCluster(spec, options);
    case "calico-crosssubnet":
      return buildCalicoCrossSubnetCluster(spec, options);
    case "calico-vxlan":
      return buildCalicoVxlanCluster(spec, options);
    case "canal":
      return buildCanalCluster(spec, options);
  }
}

export * from "./calico";
export * from "./flannel";
export { deterministicMac, type ClusterSpec, type NodeSpec, type PodSpec, type ServiceSpec, type ServicePortSpec, type NetworkPolicySpec, type PolicyRuleSpec, type PolicyPeerSpec, type ExtraDeviceSpec, type ExtraRouteSpec, type ExternalHostSpec } from "./spec";
export { calicoVethName, CALICO_GATEWAY, CALICO_HOST_MAC } from "./netns";
