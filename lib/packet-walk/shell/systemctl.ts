/**
 * `systemctl status|start|stop|restart flanneld` on flannel nodes. flanneld's state is only
 * modelled for the UDP backend (its userspace process and TUN flannel0); with the other backends
 * flanneld programs the kernel and the lab shows it running.
 */
import { addressInCidr, type Cidr, type IfName } from "../addresses";
import type { Cluster, FlannelLease, Netns, Route, TunDevice } from "../model";
import { clusterNodes, fail, hostNetns, ok, replaceNetns, saw, type CommandContext, type CommandOutput } from "./context";

const FLANNEL_UDP_PORT = 8285;

function isFlannel(cluster: Cluster): boolean {
  return cluster.mode.startsWith("flannel") || cluster.mode === "canal";
}

function running(ctx: CommandContext): boolean {
  if (ctx.env.cluster.mode !== "flannel-udp") return true;
  return ctx.netns.userspace.some((u) => u.kind === "flanneld-udp");
}

function nic(ctx: CommandContext): string {
  return ctx.netns.devices.find((d) => d.kind === "physical")?.name ?? "eth0";
}

function status(ctx: CommandContext): CommandOutput {
  const up = running(ctx);
  const lines = [
    `${up ? "●" : "×"} flanneld.service - Flannel overlay network agent`,
    "     Loaded: loaded (/etc/systemd/system/flanneld.service; enabled; preset: enabled)",
    up ? "     Active: active (running) since Wed 2023-02-15 02:30:00 UTC; 12min ago" : "     Active: failed (Result: exit-code) since Wed 2023-02-15 02:40:00 UTC; 2min ago",
    ...(up ? ["   Main PID: 812 (flanneld)", "      Tasks: 9 (limit: 4647)", "     Memory: 12.3M", "        CPU: 1.234s", "     CGroup: /system.slice/flanneld.service", `             └─812 /usr/local/bin/flanneld --ip-masq --kube-subnet-mgr --iface=${nic(ctx)}`] : ["   Duration: 10min", "    Process: 812 ExecStart=/usr/local/bin/flanneld --ip-masq --kube-subnet-mgr (code=exited, status=1/FAILURE)", "   Main PID: 812 (code=exited, status=1/FAILURE)", "        CPU: 1.234s"]),
  ];
  // systemctl status exits 3 for a unit that is not running.
  return { ...ok(lines, [saw(ctx, "flanneld")]), exitCode: up ? 0 : 3 };
}

/**
 * What flanneld's UDP backend sets up when it starts (configureIface and the lease watcher):
 * TUN flannel0 `<subnet>.0/32` with MTU = NIC − 28, the route `<network> dev flannel0`, and a
 * socket on 8285 with the other nodes' leases. A re-created device gets the next free ifindex.
 */
function startFlanneldUdp(ctx: CommandContext): Cluster {
  const c = ctx.env.cluster;
  const node = ctx.node;
  const host = ctx.netns;
  const subnet = node.podCidr as Cidr;
  const peers = clusterNodes(c).filter((n) => n.name !== node.name && n.podCidr);
  const peerProcess = peers.map((p) => hostNetns(p)?.userspace.find((u) => u.kind === "flanneld-udp")).find(Boolean);
  const port = peerProcess?.port ?? FLANNEL_UDP_PORT;
  const leases: FlannelLease[] = peers.map((p) => ({ subnet: p.podCidr as Cidr, publicIp: p.ip, node: p.name }));
  const nicMtu = host.devices.find((d) => d.kind === "physical")?.mtu ?? 1500;
  const tun: TunDevice = {
    kind: "tun",
    name: "flannel0" as IfName,
    ifindex: Math.max(0, ...host.devices.map((d) => d.ifindex)) + 1,
    mtu: nicMtu - 28,
    addresses: [{ ip: addressInCidr(subnet, 0), prefixLen: 32, scope: "global" }],
    up: true,
    owner: "flanneld",
  };
  const route: Route = { dst: c.clusterCidr, type: "unicast", dev: tun.name, scope: "global" };
  return replaceNetns(c, node.name, "host", (ns): Netns => ({
    ...ns,
    devices: ns.devices.some((d) => d.name === tun.name) ? ns.devices : [...ns.devices, tun],
    routes: ns.routes.some((r) => r.dev === tun.name) ? ns.routes : [...ns.routes, route],
    userspace: [...ns.userspace.filter((u) => u.kind !== "flanneld-udp"), { kind: "flanneld-udp", tun: tun.name, port, bindIp: node.ip, leases }],
  }));
}

/** `systemctl ...`. */
export function runSystemctl(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const args = words.slice(1).filter((w) => !w.startsWith("-"));
  const [verb, unitWord] = args;
  if (!verb) return fail("systemctl: the lab shell supports status, start, stop and restart of flanneld", 1);
  if (ctx.target.netns !== "host") return fail("System has not been booted with systemd as init system (PID 1). Can't operate.\nFailed to connect to bus: Host is down", 1);
  if (!unitWord) return fail(`Too few arguments.`, 1);
  const unit = unitWord.replace(/\.service$/, "");
  if (unit !== "flanneld" || !isFlannel(ctx.env.cluster) || ctx.node.external) {
    if (verb === "status") return { ...fail(`Unit ${unit}.service could not be found.`, 4), observed: [saw(ctx, "flanneld")] };
    return fail(`Failed to ${verb} ${unit}.service: Unit ${unit}.service not found.`, 5);
  }
  switch (verb) {
    case "status":
      return status(ctx);
    case "start":
    case "restart":
      if (ctx.env.cluster.mode === "flannel-udp" && (!running(ctx) || verb === "restart")) {
        const cluster = verb === "restart" && running(ctx) ? ctx.env.cluster : startFlanneldUdp(ctx);
        if (cluster === ctx.env.cluster) return ok([]);
        return { stdout: "", exitCode: 0, cluster, change: `${ctx.target.node}: flanneld ${verb}ed: flannel0, its route and the UDP socket on ${FLANNEL_UDP_PORT} are back` };
      }
      return ok([]);
    case "stop":
      return fail("systemctl: stopping flanneld is not one of the lab's fixes", 1);
    case "enable":
    case "disable":
    case "is-active":
      return verb === "is-active" ? { ...ok([running(ctx) ? "active" : "failed"]), exitCode: running(ctx) ? 0 : 3 } : ok([]);
    default:
      return fail(`Unknown command verb ${verb}.`, 1);
  }
}
