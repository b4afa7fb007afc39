import { describe, expect, it } from "vitest";
import { getScenario } from "./scenarios";
import { labFileName, labHopCommand, labProbe } from "./lab-commands";
import { labNames } from "./lab-script";
import { walkPacket } from "./walk";

const POD_A1 = "10.244.1.2";

describe("lab commands", () => {
  it("runs each hop's command in the hop's own namespace, pods and the router included", () => {
    const c = getScenario("seed-flannel-vxlan");
    const walk = walkPacket(c, { from: POD_A1, to: "10.244.2.2" });
    const names = labNames(c);
    for (const hop of walk.hops) {
      const cmd = labHopCommand(c, hop);
      if (!hop.command) {
        expect(cmd).toBeUndefined();
        continue;
      }
      expect(cmd, hop.command).toBeDefined();
      const ns = hop.location.node === "router" ? names.router : names.netns(hop.location.node, hop.location.netns);
      expect(cmd!.startsWith(`ip netns exec ${ns} `)).toBe(true);
      expect(cmd).not.toContain("kubectl");
    }
    const first = walk.hops[0]!;
    expect(first.command).toBe("kubectl exec -it httpd-app-675b65488d-9w69v -- ip route get 10.244.2.2");
    expect(labHopCommand(c, first)).toBe("ip netns exec cnia-node1.httpd-app-675b65488d-9w69v ip route get 10.244.2.2");
    const send = walk.hops.find((h) => h.location.device === "ens3" && h.action === "send")!;
    expect(labHopCommand(c, send)).toMatch(/^ip netns exec cnia-node1 tcpdump -eni ens3 /);
  });

  it("has nothing to show for the Kubernetes API, journald or flanneld", () => {
    const c = getScenario("flannel-vxlan-service");
    const empty = walkPacket(c, { from: "10.244.1.3", to: "10.96.201.17", protocol: "tcp", port: 80 });
    const last = empty.hops.at(-1)!;
    expect(last.command).toBe("kubectl get endpoints httpd-empty -n default");
    expect(labHopCommand(c, last)).toBeUndefined();
    expect(labHopCommand(c, { location: last.location, command: "journalctl -u flanneld | grep -i subnet" })).toBeUndefined();
  });

  it("sends a ping, a TCP connection (with a listener on every endpoint) or a UDP datagram from the source namespace", () => {
    const seed = getScenario("seed-flannel-vxlan");
    const ping = labProbe(seed, walkPacket(seed, { from: POD_A1, to: "10.244.2.2" }), { from: POD_A1, to: "10.244.2.2" });
    expect(ping).toEqual({ listen: [], send: "ip netns exec cnia-node1.httpd-app-675b65488d-9w69v ping -c 1 -W 2 10.244.2.2" });
    const big = { from: POD_A1, to: "10.244.2.2", payloadBytes: 1400, ttl: 3 };
    expect(labProbe(seed, walkPacket(seed, big), big).send).toMatch(/ping -c 1 -W 2 -t 3 -s 1400 -M do 10\.244\.2\.2$/);

    const svc = getScenario("flannel-vxlan-service");
    const spec = { from: "client", to: "30.0.1.47", protocol: "tcp", port: 30080 } as const;
    const probe = labProbe(svc, walkPacket(svc, spec), spec);
    expect(probe.send).toBe("ip netns exec cnia-client curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' http://30.0.1.47:30080/");
    // Both endpoints listen on the targetPort: kube-proxy may pick either.
    expect(probe.listen).toEqual([
      "ip netns exec cnia-node1.httpd-app-675b65488d-9w69v python3 -m http.server 80 >/dev/null 2>&1 &",
      "ip netns exec cnia-node2.httpd-app-675b65488d-6kgk6 python3 -m http.server 80 >/dev/null 2>&1 &",
    ]);
    const udp = { from: POD_A1, to: "10.244.2.2", protocol: "udp", port: 53 } as const;
    expect(labProbe(seed, walkPacket(seed, udp), udp).send).toBe(
      `ip netns exec cnia-node1.httpd-app-675b65488d-9w69v python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x" * 32, ("10.244.2.2", 53))'`,
    );
  });

  it("names the scripts after the scenario", () => {
    expect(labFileName("seed-flannel-vxlan", "setup")).toBe("cnia-lab-seed-flannel-vxlan.sh");
    expect(labFileName("seed-flannel-vxlan", "cleanup")).toBe("cnia-lab-seed-flannel-vxlan-cleanup.sh");
  });
});
