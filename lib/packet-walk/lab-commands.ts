/**
 * What a learner types on the lab that {@link labScript} builds: each hop's command run
 * inside the right namespace, and the commands that send the walk's packet there.
 *
 * Pure: builds text, runs nothing.
 */
import { labNames, shellQuote, type LabOptions } from "./lab-script";
import type { Cluster } from "./model";
import type { Hop, PacketSpec, WalkResult } from "./walk";

/** File names of the scripts a lesson offers for a scenario. */
export function labFileName(scenario: string, kind: "setup" | "cleanup"): string {
  return kind === "setup" ? `cnia-lab-${scenario}.sh` : `cnia-lab-${scenario}-cleanup.sh`;
}

/**
 * The hop's command (`ip route get …`, `tcpdump -eni ens3 …`, `bridge fdb show …`) as it is
 * run on the lab host: inside the hop's namespace with `ip netns exec`. Undefined when the
 * lab cannot show it: it has no Kubernetes API (`kubectl get …`), no journald and no
 * flanneld, only the kernel's state.
 */
export function labHopCommand(cluster: Cluster, hop: Pick<Hop, "location" | "command">, options: LabOptions = {}): string | undefined {
  if (!hop.command) return undefined;
  // In a pod the cluster needs kubectl exec; in the lab the pod is just a namespace.
  const inner = hop.command.replace(/^kubectl exec -it \S+ -- /, "");
  if (/^(kubectl|journalctl|ss) /.test(inner)) return undefined;
  const names = labNames(cluster, options);
  const router = cluster.underlay.router;
  const ns = router && hop.location.node === router.name ? names.router : names.netns(hop.location.node, hop.location.netns);
  return ns === undefined ? undefined : `ip netns exec ${shellQuote(ns)} ${inner}`;
}

/** How to send a walk's packet on the lab: listeners to start first (TCP), then the one command. */
export interface LabProbe {
  /** One per namespace that may answer (every endpoint of a Service: kube-proxy picks at random). */
  readonly listen: readonly string[];
  readonly send: string;
}

/** The commands that send the forward walk's packet from its source namespace on the lab. */
export function labProbe(cluster: Cluster, walk: WalkResult, spec: PacketSpec, options: LabOptions = {}): LabProbe {
  const names = labNames(cluster, options);
  const from = shellQuote(names.netns(walk.source.node, walk.source.netns));
  const dst = walk.initial.dst;
  const protocol = spec.protocol ?? "icmp";
  if (protocol === "icmp") {
    const flags = [
      "-c 1",
      "-W 2",
      ...(spec.ttl !== undefined ? [`-t ${spec.ttl}`] : []),
      ...(spec.payloadBytes !== undefined && spec.payloadBytes !== 56 ? [`-s ${spec.payloadBytes}`] : []),
      // ping sets Don't Fragment by default on Linux; say so when the size is the point.
      ...(spec.payloadBytes !== undefined ? [spec.dontFragment === false ? "-M dont" : "-M do"] : []),
    ];
    return { listen: [], send: `ip netns exec ${from} ping ${flags.join(" ")} ${dst}` };
  }
  const port = spec.port ?? (protocol === "tcp" ? 80 : 53);
  if (protocol === "udp") {
    const bytes = spec.payloadBytes ?? 32;
    const script = `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x" * ${bytes}, ("${dst}", ${port}))`;
    return { listen: [], send: `ip netns exec ${from} python3 -c ${shellQuote(script)}` };
  }
  const listeners = new Map<string, number>();
  for (const s of cluster.services) {
    for (const p of s.ports) {
      if (p.protocol !== "tcp") continue;
      const viaClusterIp = s.clusterIp === dst && p.port === port;
      const viaNodePort = p.nodePort === port && cluster.nodes.some((n) => !n.external && n.ip === dst);
      if (!viaClusterIp && !viaNodePort) continue;
      for (const e of s.endpoints) listeners.set(names.netns(e.node, `pod:${e.pod}`), p.targetPort);
    }
  }
  if (listeners.size === 0 && walk.final) listeners.set(names.netns(walk.final.location.node, walk.final.location.netns), port);
  return {
    listen: [...listeners].map(([ns, p]) => `ip netns exec ${shellQuote(ns)} python3 -m http.server ${p} >/dev/null 2>&1 &`),
    send: `ip netns exec ${from} curl -sS -m 5 -o /dev/null -w '%{http_code}\\n' http://${dst}:${port}/`,
  };
}
