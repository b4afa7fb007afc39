import { describe, expect, it } from "vitest";
import { cidr, ipv4, ipv4ToNumber, type Cidr } from "./addresses";
import { indexNetns, lookupRoute, selectSourceAddress } from "./cluster-index";
import { buildLpm, lpmLookup } from "./lpm";
import type { Netns, Route } from "./model";

const route = (dst: string, extra: Partial<Route> = {}): Route => ({ dst: cidr(dst), type: "unicast", ...extra });

describe("longest-prefix match", () => {
  const items = [cidr("0.0.0.0/0"), cidr("10.244.0.0/16"), cidr("10.244.2.0/24"), cidr("10.244.2.2/32")];
  const idx = buildLpm(items, (c: Cidr) => c);
  const hit = (ip: string) => lpmLookup(idx, ipv4ToNumber(ip) as number)?.[0];
  it("prefers the most specific prefix", () => {
    expect(hit("10.244.2.2")).toBe("10.244.2.2/32");
    expect(hit("10.244.2.3")).toBe("10.244.2.0/24");
    expect(hit("10.244.9.9")).toBe("10.244.0.0/16");
    expect(hit("8.8.8.8")).toBe("0.0.0.0/0");
  });
  it("returns nothing without a covering prefix", () => {
    const noDefault = buildLpm([cidr("10.0.0.0/8")], (c: Cidr) => c);
    expect(lpmLookup(noDefault, ipv4ToNumber("11.0.0.1") as number)).toBeUndefined();
  });
});

describe("kernel route selection and source address", () => {
  const ns: Netns = {
    id: "host",
    devices: [
      { kind: "loopback", name: "lo" as never, ifindex: 1, mtu: 65536, up: true, addresses: [{ ip: ipv4("127.0.0.1"), prefixLen: 8, scope: "host" }] },
      { kind: "physical", name: "ens3" as never, ifindex: 2, mtu: 1450, up: true, mac: "fa:16:3e:eb:3a:5e" as never, segment: "s", addresses: [{ ip: ipv4("30.0.1.47"), prefixLen: 24, scope: "global" }] },
      { kind: "bridge", name: "cni0" as never, ifindex: 5, mtu: 1400, up: true, mac: "de:fb:ba:bd:46:44" as never, addresses: [{ ip: ipv4("10.244.2.1"), prefixLen: 24, scope: "global" }] },
      { kind: "veth", name: "cali1" as never, ifindex: 6, mtu: 1400, up: true, mac: "ee:ee:ee:ee:ee:ee" as never, addresses: [], peer: { netns: "pod:x", device: "eth0" as never, ifindex: 3 }, proxyArp: true },
    ],
    routes: [
      route("0.0.0.0/0", { via: ipv4("30.0.1.1"), dev: "ens3" as never, metric: 100 }),
      route("0.0.0.0/0", { via: ipv4("30.0.1.2"), dev: "ens3" as never, metric: 50 }),
      route("10.244.2.0/24", { dev: "cni0" as never, scope: "link", src: ipv4("10.244.2.1") }),
      route("10.244.2.9/32", { dev: "cali1" as never, scope: "link" }),
    ],
    neighbours: [],
    fdb: [],
    ipForward: true,
    userspace: [],
    rejectedRoutes: [],
  };
  const idx = indexNetns("node2", ns);
  it("breaks ties between equal prefixes by the lowest metric", () => {
    expect(lookupRoute(idx, ipv4("1.1.1.1"))?.via).toBe("30.0.1.2");
  });
  it("selects the device address in the destination's subnet, else falls back in ifindex order", () => {
    expect(selectSourceAddress(idx, "ens3" as never, ipv4("30.0.1.160"), "global")).toBe("30.0.1.47");
    // cali* has no address: the kernel takes the first non-link-scope address of another device (not lo's host-scope one).
    expect(selectSourceAddress(idx, "cali1" as never, ipv4("10.244.2.9"), "link")).toBe("30.0.1.47");
  });
});
