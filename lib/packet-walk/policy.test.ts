import { describe, expect, it } from "vitest";
import { buildCluster } from "./builders";
import type { NetworkPolicySpec } from "./builders/spec";
import { indexCluster } from "./cluster-index";
import { evaluateNetworkPolicy, labelsMatch } from "./policy";
import type { Ipv4 } from "./addresses";

function cluster(policies: NetworkPolicySpec[]) {
  return buildCluster("calico-ipip", {
    nodes: [{ name: "a", ip: "172.16.0.10/24" }],
    pods: [
      { name: "web", node: "a", labels: { app: "web" } },
      { name: "client", node: "a", labels: { app: "client" } },
      { name: "other", node: "a", namespace: "other", labels: { app: "client" } },
    ],
    networkPolicies: policies,
  });
}
const verdict = (policies: NetworkPolicySpec[], from: string, proto: "tcp" | "udp" | "icmp", port: number | undefined, direction: "ingress" | "egress" = "ingress") => {
  const c = cluster(policies);
  const idx = indexCluster(c);
  const web = idx.podsByName.get("web")!;
  const peer = idx.podsByName.get(from);
  return evaluateNetworkPolicy(idx, direction, web, peer ? { ip: peer.ip, pod: peer } : { ip: from as Ipv4 }, proto, port);
};
const allowClientHttp: NetworkPolicySpec = { name: "allow-client", podSelector: { app: "web" }, ingress: [{ peers: [{ podSelector: { app: "client" } }], ports: [{ protocol: "tcp", port: 80 }] }] };

describe("NetworkPolicy semantics", () => {
  it("matches labels with matchLabels semantics", () => {
    expect(labelsMatch({}, { a: "1" })).toBe(true);
    expect(labelsMatch({ a: "1" }, { a: "1", b: "2" })).toBe(true);
    expect(labelsMatch({ a: "1" }, { a: "2" })).toBe(false);
  });
  it("allows everything when no policy selects the pod", () => {
    expect(verdict([], "client", "tcp", 22)).toMatchObject({ allowed: true, selectedBy: [] });
  });
  it("isolates a selected pod: only matching peer and port pass", () => {
    expect(verdict([allowClientHttp], "client", "tcp", 80)).toMatchObject({ allowed: true, allowedBy: { policy: "default/allow-client", rule: 0 } });
    expect(verdict([allowClientHttp], "client", "tcp", 443).allowed).toBe(false);
    expect(verdict([allowClientHttp], "client", "udp", 80).allowed).toBe(false);
    // Rules that list ports never match ICMP.
    expect(verdict([allowClientHttp], "client", "icmp", undefined).allowed).toBe(false);
  });
  it("a podSelector alone only matches pods in the policy's namespace; namespaceSelector widens it", () => {
    expect(verdict([allowClientHttp], "other", "tcp", 80).allowed).toBe(false);
    const crossNs: NetworkPolicySpec = { ...allowClientHttp, ingress: [{ peers: [{ namespaceSelector: { "kubernetes.io/metadata.name": "other" }, podSelector: { app: "client" } }] }] };
    expect(verdict([crossNs], "other", "tcp", 80).allowed).toBe(true);
  });
  it("default deny (empty ingress) and ipBlock with except", () => {
    const deny: NetworkPolicySpec = { name: "deny", podSelector: {}, policyTypes: ["Ingress"], ingress: [] };
    expect(verdict([deny], "client", "tcp", 80)).toMatchObject({ allowed: false, selectedBy: ["default/deny"] });
    const block: NetworkPolicySpec = { name: "block", podSelector: { app: "web" }, ingress: [{ peers: [{ ipBlock: { cidr: "10.0.0.0/8", except: ["10.1.0.0/16"] } }] }] };
    expect(verdict([block], "10.2.3.4", "tcp", 80).allowed).toBe(true);
    expect(verdict([block], "10.1.3.4", "tcp", 80).allowed).toBe(false);
  });
  it("policies are additive and apply per direction", () => {
    const egressOnly: NetworkPolicySpec = { name: "egress", podSelector: { app: "web" }, policyTypes: ["Egress"], egress: [] };
    expect(verdict([egressOnly], "client", "tcp", 80, "ingress").allowed).toBe(true);
    expect(verdict([egressOnly], "client", "tcp", 80, "egress").allowed).toBe(false);
    const deny: NetworkPolicySpec = { name: "deny", podSelector: {}, ingress: [] };
    expect(verdict([deny, allowClientHttp], "client", "tcp", 80).allowed).toBe(true);
  });
});
