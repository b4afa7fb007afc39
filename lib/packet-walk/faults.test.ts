import { describe, expect, it } from "vitest";
import {
  applicableFaultKinds,
  applyFaults,
  buildFlannelVxlanCluster,
  FAULT_KINDS,
  faultSymptom,
  getScenario,
  labScript,
  listScenarios,
  PacketWalkInputError,
  parseFaults,
  randomFault,
  walkPacket,
  walkReply,
  type Cluster,
  type Fault,
  type FaultExpectation,
  type FaultKind,
  type WalkResult,
} from "@/lib/packet-walk";

/** One fault per kind on a scenario whose dataplane has it. */
const EXAMPLES: Record<FaultKind, { scenario: string; fault: Fault }> = {
  "stale-fdb": { scenario: "seed-flannel-vxlan", fault: { kind: "stale-fdb", node: "node2" } },
  "missing-route": { scenario: "seed-flannel-vxlan", fault: { kind: "missing-route", node: "node1", peer: "node2" } },
  "blackhole-route": { scenario: "calico-ipip", fault: { kind: "blackhole-route", node: "node1", peer: "node2" } },
  "missing-arp": { scenario: "seed-flannel-vxlan", fault: { kind: "missing-arp", node: "node1", peer: "node2" } },
  "wrong-arp": { scenario: "seed-flannel-vxlan", fault: { kind: "wrong-arp", node: "node1", peer: "node2" } },
  "wrong-vni": { scenario: "seed-flannel-vxlan", fault: { kind: "wrong-vni", node: "node2", vni: 2 } },
  "wrong-dstport": { scenario: "calico-vxlan", fault: { kind: "wrong-dstport", node: "node2", port: 8472 } },
  "mtu-mismatch": { scenario: "flannel-host-gw", fault: { kind: "mtu-mismatch", node: "node2", mtu: 1400 } },
  "ip-forward-off": { scenario: "seed-flannel-vxlan", fault: { kind: "ip-forward-off", node: "node1" } },
  "rp-filter": { scenario: "seed-flannel-vxlan", fault: { kind: "rp-filter", node: "node2", peer: "node1" } },
  "underlay-firewall": { scenario: "seed-flannel-vxlan", fault: { kind: "underlay-firewall", protocol: "udp", dport: 8472 } },
  "no-endpoints": { scenario: "flannel-vxlan-service", fault: { kind: "no-endpoints", service: "httpd-app" } },
  "wrong-target-port": { scenario: "flannel-vxlan-service", fault: { kind: "wrong-target-port", service: "default/httpd-app", targetPort: 8080 } },
  "default-deny": { scenario: "canal-network-policy", fault: { kind: "default-deny", namespace: "default" } },
  "flanneld-down": { scenario: "flannel-udp", fault: { kind: "flanneld-down", node: "node2" } },
  "host-gw-cross-subnet": { scenario: "flannel-host-gw", fault: { kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47/24" } },
};

/** Whether a walk shows the expectation; the message says what it showed instead. */
function shows(walk: WalkResult, expect: FaultExpectation): { ok: boolean; got: string } {
  const got = walk.delivered ? (walk.final?.refused ? "delivered, refused" : "delivered") : `dropped: ${walk.drop?.code ?? "?"}`;
  const ok = expect.delivered ? walk.delivered && walk.final?.refused !== undefined : !walk.delivered && walk.drop?.code === expect.dropCode;
  return { ok, got };
}

function cleanlyDelivered(walk: WalkResult): boolean {
  return walk.delivered && walk.final?.refused === undefined;
}

describe("every fault kind: healthy, faulted, nothing else broke", () => {
  it("has an example for every kind", () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...FAULT_KINDS].sort());
  });

  for (const kind of FAULT_KINDS) {
    const { scenario, fault } = EXAMPLES[kind];
    it(`${kind} on ${scenario}`, () => {
      const healthy = getScenario(scenario);
      const symptom = faultSymptom(healthy, fault);
      const before = walkPacket(healthy, symptom.probe);
      expect(cleanlyDelivered(before), `before the fault: ${before.drop?.reason ?? ""}`).toBe(true);
      // The check itself can fail: on the healthy cluster the symptom is absent.
      expect(shows(before, symptom.expect).ok).toBe(false);

      const faulted = applyFaults(healthy, [fault]);
      const after = walkPacket(faulted, symptom.probe);
      const seen = shows(after, symptom.expect);
      expect(seen.ok, `expected ${JSON.stringify(symptom.expect)}, got ${seen.got}: ${after.drop?.reason ?? ""}`).toBe(true);
      if (after.drop) expect(after.drop.reason.length).toBeGreaterThan(40);

      const other = walkPacket(faulted, symptom.unaffected);
      expect(cleanlyDelivered(other), `unaffected probe ${JSON.stringify(symptom.unaffected)}: ${other.drop?.reason ?? ""}`).toBe(true);
      // Clusters are immutable: the healthy one still delivers.
      expect(cleanlyDelivered(walkPacket(healthy, symptom.probe))).toBe(true);
    });
  }
});

describe("what each fault changes", () => {
  const seed = getScenario("seed-flannel-vxlan");

  it("stale FDB: node2's VTEP MAC changed, node1 still encapsulates for the old MAC and node2 ignores the frame", () => {
    const c = applyFaults(seed, [{ kind: "stale-fdb", node: "node2", mac: "02:00:00:00:00:42" }]);
    const w = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(w.drop?.location).toMatchObject({ node: "node2", device: "flannel.1" });
    expect(w.drop?.reason).toMatch(/72:c8:ad:5f:87:07 is not flannel\.1's address 02:00:00:00:00:42/);
    expect(w.drop?.reason).toMatch(/ARP and FDB entries for this VTEP still name 72:c8:ad:5f:87:07: update them to 02:00:00:00:00:42/);
    // node2's own traffic out is fine: node1's VTEP did not change.
    expect(walkPacket(c, { from: "10.244.2.2", to: "node1" }).delivered).toBe(true);
  });

  it("missing route: the router's drop names the sender's missing route", () => {
    const c = applyFaults(seed, [{ kind: "missing-route", node: "node1", peer: "node2" }]);
    const w = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(w.drop?.reason).toMatch(/node1 has no route for node2's pod subnet 10\.244\.2\.0\/24/);
    expect(w.drop?.icmp?.reachesSender).toBe(false);
  });

  it("blackhole route: silent, no ICMP", () => {
    const c = applyFaults(seed, [{ kind: "blackhole-route", node: "node1", peer: "node2" }]);
    const w = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(w.drop).toMatchObject({ code: "blackhole", location: { node: "node1" } });
    expect(w.drop?.icmp).toBeUndefined();
  });

  it("wrong dstport: the receiver answers the sending node with ICMP port unreachable, which never reaches the pod", () => {
    const c = applyFaults(seed, [{ kind: "wrong-dstport", node: "node2", port: 4789 }]);
    const w = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(w.drop).toMatchObject({ code: "port-unreachable", icmp: { type: 3, code: 3, source: "30.0.1.47", reachesSender: false } });
    expect(w.drop?.reason).toMatch(/UDP port 8472 on node2.*4789 \(VXLAN\)/);
    // node2 now sends to 4789, where node1 has no socket either.
    expect(walkPacket(c, { from: "10.244.2.2", to: "10.244.1.2" }).drop?.code).toBe("port-unreachable");
  });

  it("MTU mismatch: large packets die on the receiving NIC, small ones pass; fragments fit", () => {
    const c = applyFaults(seed, [{ kind: "mtu-mismatch", node: "node2", mtu: 1400 }]);
    const big = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2", payloadBytes: 1372 });
    expect(big.drop).toMatchObject({ code: "frame-too-big", location: { node: "node2", device: "ens3" } });
    expect(big.drop?.icmp).toBeUndefined();
    expect(big.drop?.reason).toMatch(/1450-byte packet arrives at node2 ens3, whose MTU is 1400/);
    expect(walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2", payloadBytes: 1322 }).delivered).toBe(true);
    // node2 sends its big reply in fragments of 1400 (VXLAN leaves DF clear): node1 takes them.
    const fromNode2 = walkPacket(c, { from: "10.244.2.2", to: "10.244.1.2", payloadBytes: 1372 });
    expect(fromNode2.delivered).toBe(true);
    expect(fromNode2.hops.some((h) => h.action === "note" && /fragments/.test(h.detail))).toBe(true);
  });

  it("ip_forward off: pods cannot leave the node, node-to-node still works", () => {
    const c = applyFaults(seed, [{ kind: "ip-forward-off", node: "node1" }]);
    expect(walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" }).drop).toMatchObject({ code: "not-forwarding", location: { node: "node1", device: "cni0" } });
    expect(walkPacket(c, { from: "node1", to: "node2" }).delivered).toBe(true);
  });

  it("underlay firewall on UDP 8472: the frame leaves node1's NIC and is dropped on the segment", () => {
    const c = applyFaults(seed, [{ kind: "underlay-firewall", protocol: "udp", dport: 8472 }]);
    expect(c.underlay.filters).toEqual([{ segment: seed.underlay.segments[0]?.name, protocol: "udp", dport: 8472 }]);
    const w = walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" });
    expect(w.drop).toMatchObject({ code: "underlay-filtered", location: { node: "node1", device: "ens3" } });
    expect(w.hops.some((h) => h.wire === "tx" && h.location.device === "ens3")).toBe(true);
    // Plain node traffic is not UDP 8472.
    expect(walkPacket(c, { from: "node1", to: "node2" }).delivered).toBe(true);
    // Another port is not matched.
    expect(walkPacket(applyFaults(seed, [{ kind: "underlay-firewall", protocol: "udp", dport: 4789 }]), { from: "10.244.1.2", to: "10.244.2.2" }).delivered).toBe(true);
  });

  it("wrong targetPort: the SYN reaches the pod and the reply is a RST through conntrack, from the ClusterIP", () => {
    const svc = getScenario("flannel-vxlan-service");
    const c = applyFaults(svc, [{ kind: "wrong-target-port", service: "httpd-app", targetPort: 8080 }]);
    const w = walkPacket(c, { from: "10.244.1.3", to: "10.96.148.103", protocol: "tcp", port: 80 });
    expect(w.final?.refused).toMatch(/no socket listens on TCP 8080 .* listens on TCP 80.*targetPort 8080/);
    const reply = walkReply(c, w);
    expect(reply.delivered).toBe(true);
    const last = reply.final?.packet;
    expect(last?.src).toBe("10.96.148.103");
    expect(last?.payload.kind === "tcp" ? last.payload.flags : []).toEqual(["RST", "ACK"]);
    // The port the pods listen on still answers directly.
    expect(walkPacket(c, { from: "10.244.1.3", to: "10.244.2.2", protocol: "tcp", port: 80 }).final?.refused).toBeUndefined();
  });

  it("flanneld down: its TUN device and routes are gone; its own pods' traffic falls to the default route", () => {
    const udp = getScenario("flannel-udp");
    const c = applyFaults(udp, [{ kind: "flanneld-down", node: "node2" }]);
    const host = c.nodes.find((n) => n.name === "node2")?.namespaces.find((ns) => ns.id === "host");
    expect(host?.devices.some((d) => d.name === "flannel0")).toBe(false);
    expect(host?.userspace).toEqual([]);
    expect(walkPacket(c, { from: "10.244.2.2", to: "10.244.1.2" }).drop?.code).toBe("underlay-no-route");
  });
});

describe("host-gw across subnets", () => {
  it("moving node2 to 30.0.2.47/24 gives the cluster the builder makes there (the different-subnets scenario)", () => {
    const moved = applyFaults(getScenario("flannel-host-gw"), [{ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47/24" }]);
    const built = getScenario("flannel-host-gw-different-subnets");
    const strip = (c: Cluster) => ({ nodes: c.nodes, pods: c.pods, underlay: c.underlay });
    expect(JSON.parse(JSON.stringify(strip(moved)))).toEqual(JSON.parse(JSON.stringify(strip(built))));
  });

  it("only for flannel host-gw, and only to another subnet", () => {
    expect(() => applyFaults(getScenario("seed-flannel-vxlan"), [{ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47/24" }])).toThrow(/faults\[0\]\.node/);
    expect(() => applyFaults(getScenario("flannel-host-gw"), [{ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.1.99/24" }])).toThrow(/faults\[0\]\.ip/);
    expect(() => applyFaults(getScenario("flannel-host-gw"), [{ kind: "host-gw-cross-subnet", node: "node2", ip: "30.0.2.47" }])).toThrow(/faults\[0\]\.ip/);
  });
});

describe("rp_filter (engine)", () => {
  const seed = getScenario("seed-flannel-vxlan");
  const withoutReturnRoute = applyFaults(seed, [{ kind: "missing-route", node: "node2", peer: "node1" }]);
  const setRp = (c: Cluster, all: 0 | 1 | 2, dev?: { name: string; value: 0 | 1 | 2 }): Cluster => ({
    ...c,
    nodes: c.nodes.map((n) =>
      n.name !== "node2"
        ? n
        : { ...n, namespaces: n.namespaces.map((ns) => (ns.id !== "host" ? ns : { ...ns, rpFilter: all, devices: ns.devices.map((d) => (dev && d.name === dev.name ? { ...d, rpFilter: dev.value } : d)) })) },
    ),
  });
  const probe = { from: "10.244.1.2", to: "10.244.2.2" };

  it("off: an asymmetric path is delivered (only the reply gets lost)", () => {
    expect(walkPacket(withoutReturnRoute, probe).delivered).toBe(true);
  });

  it("strict (all=1): dropped on flannel.1, naming the route back", () => {
    const w = walkPacket(setRp(withoutReturnRoute, 1), probe);
    expect(w.drop).toMatchObject({ code: "rp-filter", location: { node: "node2", device: "flannel.1" } });
    expect(w.drop?.reason).toMatch(/came in on flannel\.1, but the route back \(`default via 30\.0\.1\.1 dev ens3/);
  });

  it("the larger of all and the device applies", () => {
    expect(walkPacket(setRp(withoutReturnRoute, 0, { name: "flannel.1", value: 1 }), probe).drop?.code).toBe("rp-filter");
    expect(walkPacket(setRp(withoutReturnRoute, 1, { name: "flannel.1", value: 2 }), probe).delivered).toBe(true);
  });

  it("loose (2): any unicast route back will do, none is a drop", () => {
    expect(walkPacket(setRp(withoutReturnRoute, 2), probe).delivered).toBe(true);
    const noDefault: Cluster = {
      ...withoutReturnRoute,
      nodes: withoutReturnRoute.nodes.map((n) => (n.name !== "node2" ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id !== "host" ? ns : { ...ns, routes: ns.routes.filter((r) => r.dst !== "0.0.0.0/0") })) })),
    };
    expect(walkPacket(setRp(noDefault, 2), probe).drop?.reason).toMatch(/no unicast route back to the source 10\.244\.1\.2/);
  });

  it("strict on a symmetric path changes nothing", () => {
    expect(walkPacket(setRp(seed, 1), probe).delivered).toBe(true);
    expect(walkReply(setRp(seed, 1), walkPacket(setRp(seed, 1), probe)).delivered).toBe(true);
  });
});

describe("composition, JSON, validation", () => {
  const seed = getScenario("seed-flannel-vxlan");

  it("two faults at once: each shows its own symptom", () => {
    const faults: Fault[] = [
      { kind: "wrong-vni", node: "node2", vni: 7 },
      { kind: "ip-forward-off", node: "node1" },
    ];
    const c = applyFaults(seed, faults);
    // node1's pods die at node1 (first fault on the path), node2's pods reach node1 with VNI 7 and die there.
    expect(walkPacket(c, { from: "10.244.1.2", to: "10.244.2.2" }).drop?.code).toBe("not-forwarding");
    expect(walkPacket(c, { from: "10.244.2.2", to: "10.244.1.2" }).drop?.code).toBe("vni-mismatch");
    expect(walkPacket(c, { from: "10.244.1.2", to: "10.244.1.3" }).delivered).toBe(true);
    expect(c.name).toBe("seed-flannel-vxlan+wrong-vni+ip-forward-off");
  });

  it("the order of independent faults does not matter", () => {
    const a: Fault = { kind: "mtu-mismatch", node: "node2", mtu: 1400 };
    const b: Fault = { kind: "stale-fdb", node: "node1" };
    const one = applyFaults(seed, [a, b]);
    const two = applyFaults(seed, [b, a]);
    expect(JSON.stringify({ ...one, name: "" })).toBe(JSON.stringify({ ...two, name: "" }));
  });

  it("faults and faulted clusters survive a JSON round trip", () => {
    for (const { scenario, fault } of Object.values(EXAMPLES)) {
      const back = JSON.parse(JSON.stringify([fault])) as unknown;
      const healthy = getScenario(scenario);
      expect(parseFaults(healthy, back)).toEqual([fault]);
      const faulted = applyFaults(healthy, [fault]);
      const again = JSON.parse(JSON.stringify(faulted)) as Cluster;
      const probe = faultSymptom(healthy, fault).probe;
      expect(walkPacket(again, probe).drop?.code).toBe(walkPacket(faulted, probe).drop?.code);
    }
  });

  it("no faults: the same cluster", () => {
    expect(applyFaults(seed, [])).toBe(seed);
  });

  it("validation errors name the field", () => {
    const err = (c: Cluster, faults: unknown[]): string => {
      try {
        applyFaults(c, faults as Fault[]);
      } catch (e) {
        expect(e).toBeInstanceOf(PacketWalkInputError);
        return (e as PacketWalkInputError).path ?? "";
      }
      return "no error";
    };
    expect(err(seed, [{ kind: "stale-fdb", node: "node9" }])).toBe("faults[0].node");
    expect(err(seed, [{ kind: "ip-forward-off", node: "node1" }, { kind: "missing-route", node: "node1", peer: "node1" }])).toBe("faults[1].peer");
    expect(err(seed, [{ kind: "wrong-vni", node: "node1", vni: 1 }])).toBe("faults[0].vni");
    expect(err(seed, [{ kind: "wrong-vni", node: "node1", vni: -3 }])).toBe("faults[0].vni");
    expect(err(seed, [{ kind: "mtu-mismatch", node: "node1", mtu: 20 }])).toBe("faults[0].mtu");
    expect(err(seed, [{ kind: "wrong-arp", node: "node1", peer: "node2", mac: "zz" }])).toBe("faults[0].mac");
    expect(err(seed, [{ kind: "underlay-firewall", protocol: "sctp" }])).toBe("faults[0].protocol");
    expect(err(seed, [{ kind: "underlay-firewall", protocol: "udp", segment: "nowhere" }])).toBe("faults[0].segment");
    expect(err(seed, [{ kind: "no-endpoints", service: "nope" }])).toBe("faults[0].service");
    expect(err(seed, [{ kind: "default-deny", namespace: "kube-nothing" }])).toBe("faults[0].namespace");
    expect(err(seed, [{ kind: "melted-cable" }])).toBe("faults[0].kind");
    // A fault that needs a dataplane the cluster lacks names the node.
    expect(err(getScenario("flannel-host-gw"), [{ kind: "wrong-vni", node: "node1", vni: 5 }])).toBe("faults[0].node");
    expect(err(getScenario("seed-flannel-vxlan"), [{ kind: "flanneld-down", node: "node1" }])).toBe("faults[0].node");
    // Composition validates against the cluster as it is then: the route is already gone.
    expect(err(seed, [{ kind: "missing-route", node: "node1", peer: "node2" }, { kind: "blackhole-route", node: "node1", peer: "node2" }])).toBe("faults[1].peer");
    expect(() => parseFaults(seed, { kind: "stale-fdb" })).toThrow(/faults: faults must be an array/);
  });
});

describe("randomFault", () => {
  it("is deterministic per seed and varies across seeds", () => {
    const seed = getScenario("seed-flannel-vxlan");
    expect(randomFault(seed, 42)).toEqual(randomFault(seed, 42));
    expect(randomFault(seed, "lab-7")).toEqual(randomFault(seed, "lab-7"));
    const kinds = new Set(Array.from({ length: 40 }, (_, i) => randomFault(seed, i).kind));
    expect(kinds.size).toBeGreaterThan(5);
  });

  it("only picks faults that fit the mode, and whose symptom shows", () => {
    for (const { name } of listScenarios()) {
      const c = getScenario(name);
      const fitting = applicableFaultKinds(c);
      for (let i = 0; i < 6 && fitting.length; i++) {
        const f = randomFault(c, `${name}-${i}`);
        expect(fitting).toContain(f.kind);
        const symptom = faultSymptom(c, f);
        const after = walkPacket(applyFaults(c, [f]), symptom.probe);
        expect(shows(after, symptom.expect).ok, `${name} ${JSON.stringify(f)}: ${after.drop?.code ?? "delivered"}`).toBe(true);
      }
    }
    expect(applicableFaultKinds(getScenario("flannel-host-gw"))).not.toContain("wrong-vni");
    expect(applicableFaultKinds(getScenario("flannel-udp"))).toContain("flanneld-down");
    expect(applicableFaultKinds(getScenario("seed-flannel-vxlan"))).not.toContain("flanneld-down");
    expect(applicableFaultKinds(getScenario("seed-flannel-vxlan"))).not.toContain("default-deny");
  });

  it("respects the kinds asked for, and refuses when none fits", () => {
    const seed = getScenario("seed-flannel-vxlan");
    for (let i = 0; i < 10; i++) expect(["wrong-vni", "stale-fdb"]).toContain(randomFault(seed, i, ["wrong-vni", "stale-fdb"]).kind);
    expect(() => randomFault(seed, 1, ["flanneld-down"])).toThrow(PacketWalkInputError);
  });
});

describe("lab emitter: the model's new data", () => {
  it("emits rp_filter values and the underlay firewall as nft rules on the segment's ports", () => {
    const seed = getScenario("seed-flannel-vxlan");
    const script = labScript(applyFaults(seed, [{ kind: "rp-filter", node: "node2", peer: "node1" }, { kind: "underlay-firewall", protocol: "udp", dport: 8472 }]));
    expect(script).toContain("ip netns exec cnia-node2 sysctl -qw net/ipv4/conf/all/rp_filter=1");
    expect(script).toMatch(/nft -f - <<'UNDERLAY_FILTER'\ntable bridge underlay_filter \{/);
    expect(script).toContain('iifname { "rt0", "u0", "u1" } udp dport 8472 drop');
    const ipip = labScript(applyFaults(getScenario("calico-ipip"), [{ kind: "underlay-firewall", protocol: "ipip" }]), { ipipStandIn: "veth" });
    expect(ipip).toContain("ip protocol 4 drop");
    // A healthy cluster gets none of it.
    expect(labScript(seed)).not.toContain("UNDERLAY_FILTER");
  });

  it("a per-device rp_filter is emitted for that device", () => {
    const c = buildFlannelVxlanCluster({ nodes: [{ name: "a", ip: "172.16.0.10/24" }, { name: "b", ip: "172.16.0.11/24" }], pods: [{ name: "pa", node: "a" }] });
    const marked: Cluster = {
      ...c,
      nodes: c.nodes.map((n) => (n.name !== "a" ? n : { ...n, namespaces: n.namespaces.map((ns) => (ns.id !== "host" ? ns : { ...ns, devices: ns.devices.map((d) => (d.name === "flannel.1" ? { ...d, rpFilter: 2 as const } : d)) })) })),
    };
    expect(labScript(marked)).toContain("sysctl -qw net/ipv4/conf/flannel.1/rp_filter=2");
  });
});
