/**
 * Kubernetes NetworkPolicy evaluation (networking.k8s.io/v1 semantics), as the
 * Calico policy layer (Calico, Canal) enforces it on the pod's host interface.
 *
 * A pod is isolated for a direction only once some policy of that type selects
 * it; then traffic is allowed iff at least one rule of one selecting policy
 * matches both peer and port. Policies are additive (no deny rules).
 */
import { cidrContains } from "./addresses";
import type { ClusterIndex } from "./cluster-index";
import type { Labels, NetworkPolicy, PodInfo, PolicyPeer, PolicyRule } from "./model";
import type { Ipv4 } from "./addresses";

/** True if every key/value of `selector` is on `labels` (`{}` matches everything). */
export function labelsMatch(selector: Labels, labels: Labels): boolean {
  for (const key of Object.keys(selector)) if (labels[key] !== selector[key]) return false;
  return true;
}

/** Labels Kubernetes puts on every namespace (only the automatic one is modelled). */
export function namespaceLabels(namespace: string): Labels {
  return { "kubernetes.io/metadata.name": namespace };
}

/** The other end of the connection as the policy sees it. */
export interface PolicyPeerEndpoint {
  readonly ip: Ipv4;
  readonly pod?: PodInfo;
}

/** Outcome of a policy check, with the names a learner needs to fix a denial. */
export interface PolicyVerdict {
  readonly allowed: boolean;
  readonly direction: "ingress" | "egress";
  readonly pod: string;
  /** `namespace/name` of every policy selecting the pod for this direction; empty = not isolated. */
  readonly selectedBy: readonly string[];
  /** The policy and rule (0-based) that allowed the traffic. */
  readonly allowedBy?: { readonly policy: string; readonly rule: number };
  readonly text: string;
}

function peerMatches(policy: NetworkPolicy, peer: PolicyPeer, other: PolicyPeerEndpoint): boolean {
  if (peer.ipBlock) {
    if (!cidrContains(peer.ipBlock.cidr, other.ip)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, other.ip));
  }
  const pod = other.pod;
  if (!pod) return false;
  if (peer.namespaceSelector) {
    if (!labelsMatch(peer.namespaceSelector, namespaceLabels(pod.namespace))) return false;
  } else if (pod.namespace !== policy.namespace) {
    // A podSelector without namespaceSelector only selects pods of the policy's own namespace.
    return false;
  }
  return peer.podSelector ? labelsMatch(peer.podSelector, pod.labels) : true;
}

function ruleMatches(policy: NetworkPolicy, rule: PolicyRule, other: PolicyPeerEndpoint, protocol: string, port: number | undefined): boolean {
  const peers = rule.peers ?? [];
  if (peers.length > 0 && !peers.some((p) => peerMatches(policy, p, other))) return false;
  const ports = rule.ports ?? [];
  if (ports.length === 0) return true;
  // NetworkPolicy ports are TCP/UDP/SCTP only: a rule that lists ports never matches ICMP.
  return ports.some((p) => p.protocol === protocol && (p.port === undefined || p.port === port));
}

/**
 * Evaluates the policies that apply to `target` for one direction.
 * `other` is the remote end (the source for ingress, the destination for egress).
 */
export function evaluateNetworkPolicy(
  idx: ClusterIndex,
  direction: "ingress" | "egress",
  target: PodInfo,
  other: PolicyPeerEndpoint,
  protocol: "tcp" | "udp" | "icmp",
  port: number | undefined,
): PolicyVerdict {
  const type = direction === "ingress" ? "Ingress" : "Egress";
  const selecting = (idx.policiesByNamespace.get(target.namespace) ?? []).filter(
    (p) => p.policyTypes.includes(type) && labelsMatch(p.podSelector, target.labels),
  );
  const what = `${protocol.toUpperCase()}${port !== undefined ? ` ${port}` : ""}`;
  const otherText = other.pod ? `${other.pod.name} (${other.ip})` : other.ip;
  if (selecting.length === 0) {
    return {
      allowed: true,
      direction,
      pod: target.name,
      selectedBy: [],
      text: `no NetworkPolicy selects ${target.name} for ${direction}: not isolated, allowed`,
    };
  }
  const names = selecting.map((p) => `${p.namespace}/${p.name}`);
  for (const policy of selecting) {
    const rules = direction === "ingress" ? policy.ingress : policy.egress;
    const i = rules.findIndex((r) => ruleMatches(policy, r, other, protocol, port));
    if (i >= 0) {
      return {
        allowed: true,
        direction,
        pod: target.name,
        selectedBy: names,
        allowedBy: { policy: `${policy.namespace}/${policy.name}`, rule: i },
        text: `${direction} ${what} ${direction === "ingress" ? "from" : "to"} ${otherText} allowed by ${policy.namespace}/${policy.name} rule #${i + 1}`,
      };
    }
  }
  return {
    allowed: false,
    direction,
    pod: target.name,
    selectedBy: names,
    text:
      `${direction} ${what} ${direction === "ingress" ? "from" : "to"} ${otherText} denied: ${target.name} is selected by ` +
      `${names.join(", ")} and no ${direction} rule matches (add a rule allowing this peer and port)`,
  };
}
