import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCluster, CNI_MODES } from "./builders";
import type { ClusterSpec } from "./builders/spec";
import type { Cluster, CniMode } from "./model";
import type { IpHeader } from "./packet";
import { walkPacket, walkReply, type WalkResult } from "./walk";

/** A generated cluster: 2-5 nodes on 1-2 subnets, 0-3 pods each, one Service over pods labelled app=web. */
const clusterArb = fc
  .record({
    mode: fc.constantFrom<CniMode>(...CNI_MODES),
    mtu: fc.constantFrom(1500, 1450, 9000),
    nodes: fc.array(fc.record({ subnet: fc.integer({ min: 0, max: 1 }), pods: fc.array(fc.boolean(), { maxLength: 3 }) }), { minLength: 2, maxLength: 5 }),
  })
  .map(({ mode, mtu, nodes }) => {
    const spec: ClusterSpec = {
      nodes: nodes.map((n, i) => ({ name: `n${i}`, ip: `172.16.${n.subnet}.${10 + i}/24`, mtu })),
      pods: nodes.flatMap((n, i) => n.pods.map((web, j) => ({ name: `p${i}-${j}`, node: `n${i}`, labels: { app: web ? "web" : "other" } }))),
      services: [{ name: "web", clusterIp: "10.96.0.50", ports: [{ name: "http", port: 80, targetPort: 8080 }], selector: { app: "web" } }],
    };
    return { mode, cluster: buildCluster(mode, spec), subnets: nodes.map((n) => n.subnet) };
  })
  .filter(({ cluster }) => cluster.pods.length >= 2);

const OVERLAY: ReadonlySet<CniMode> = new Set(["flannel-vxlan", "flannel-udp", "calico-ipip", "calico-vxlan", "calico-crosssubnet", "canal"]);

function innermostTtls(r: WalkResult): number[] {
  return r.hops.map((h) => h.headers.filter((x): x is IpHeader => x.type === "ip").at(-1)?.ttl ?? -1);
}

function ownerNetns(c: Cluster, ip: string): string | undefined {
  for (const n of c.nodes) for (const ns of n.namespaces) for (const d of ns.devices) if (d.addresses.some((a) => a.ip === ip)) return `${n.name}/${ns.id}`;
  return undefined;
}

const pick = (c: Cluster, i: number) => c.pods[i % c.pods.length]!;
const RUNS = { numRuns: 120, seed: 20240601 };

describe("walk invariants over generated clusters", () => {
  it("pod-to-pod: overlays always deliver; host-gw and BGP deliver exactly when the nodes share a subnet", () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), fc.constantFrom("icmp", "tcp", "udp") as fc.Arbitrary<"icmp" | "tcp" | "udp">, ({ mode, cluster, subnets }, i, j, protocol) => {
        const a = pick(cluster, i);
        const b = pick(cluster, j);
        if (a.name === b.name) return;
        const r = walkPacket(cluster, { from: a.name, to: b.ip, protocol });
        const sameSubnet = subnets[Number(a.node.slice(1))] === subnets[Number(b.node.slice(1))];
        const expected = OVERLAY.has(mode) || sameSubnet || a.node === b.node;
        expect(r.delivered, `${mode} ${a.name}→${b.name}: ${r.drop?.reason ?? ""}`).toBe(expected);
        if (!expected) expect(r.drop?.code).toBe("next-hop-not-on-link");
      }),
      RUNS,
    );
  });

  it("a delivered packet ends in the namespace that owns its destination, with balanced encapsulation and a never-increasing TTL", () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), ({ cluster }, i, j) => {
        const a = pick(cluster, i);
        const b = pick(cluster, j);
        const r = walkPacket(cluster, { from: a.name, to: b.ip, protocol: "tcp", port: 8080 });
        const ttls = innermostTtls(r);
        for (let k = 1; k < ttls.length; k++) expect(ttls[k]).toBeLessThanOrEqual(ttls[k - 1] as number);
        if (!r.delivered || !r.final) return;
        expect(`${r.final.location.node}/${r.final.location.netns}`).toBe(a.name === b.name ? `${a.node}/pod:${a.name}` : `${b.node}/pod:${b.name}`);
        expect(r.hops.filter((h) => h.action === "encapsulate").length).toBe(r.hops.filter((h) => h.action === "decapsulate").length);
        expect(r.hops.every((h) => !h.size.exceedsMtu)).toBe(true);
        expect(r.hops.map((h) => h.id)).toEqual(r.hops.map((_, k) => `hop-${k}`));
      }),
      RUNS,
    );
  });

  it("the reply of every delivered packet is delivered back to the sender, from the address it sent to", () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), fc.boolean(), ({ cluster }, i, j, fromNode) => {
        const a = pick(cluster, i);
        const b = pick(cluster, j);
        const from = fromNode ? a.node : a.name;
        const r = walkPacket(cluster, { from, to: b.ip, protocol: "udp", port: 53 });
        if (!r.delivered) return;
        const back = walkReply(cluster, r);
        expect(back.delivered, back.drop?.reason).toBe(true);
        expect(`${back.final?.location.node}/${back.final?.location.netns}`).toBe(`${r.source.node}/${r.source.netns}`);
        expect(back.final?.packet.src).toBe(r.initial.dst);
        expect(back.final?.packet.dst).toBe(r.initial.src);
        const ttls = innermostTtls(back);
        for (let k = 1; k < ttls.length; k++) expect(ttls[k]).toBeLessThanOrEqual(ttls[k - 1] as number);
      }),
      RUNS,
    );
  });

  it("Service traffic lands on an endpoint and the reply comes from the ClusterIP", () => {
    fc.assert(
      fc.property(clusterArb, fc.nat(), fc.nat(), ({ mode, cluster, subnets }, i, k) => {
        const client = pick(cluster, i);
        const svc = cluster.services[0]!;
        const r = walkPacket(cluster, { from: client.name, to: svc.clusterIp, protocol: "tcp", port: 80 }, { endpointIndex: k });
        if (svc.endpoints.length === 0) {
          expect(r.drop?.code).toBe("no-endpoints");
          return;
        }
        const ep = svc.endpoints[k % svc.endpoints.length]!;
        const reachable = OVERLAY.has(mode) || ep.node === client.node || subnets[Number(ep.node.slice(1))] === subnets[Number(client.node.slice(1))];
        expect(r.delivered, r.drop?.reason).toBe(reachable);
        if (!r.delivered) return;
        expect(r.final?.packet.dst).toBe(ep.ip);
        expect(ownerNetns(cluster, ep.ip)).toBe(`${r.final?.location.node}/${r.final?.location.netns}`);
        const back = walkReply(cluster, r);
        expect(back.delivered, back.drop?.reason).toBe(true);
        expect(back.final?.packet).toMatchObject({ src: svc.clusterIp, dst: client.ip, payload: { sport: 80 } });
      }),
      RUNS,
    );
  });
});
