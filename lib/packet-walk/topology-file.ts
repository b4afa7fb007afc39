/**
 * The topology file format (`walk --topology FILE.json`): a {@link ClusterSpec}
 * plus the dataplane `mode` and builder `options`, validated with zod so every
 * error names the offending field (`nodes[1].ip: …`). Runs in the browser too
 * (a lesson could accept a pasted topology).
 */
import { z } from "zod";
import { isIpv4, isMac, parseAddressWithPrefix, PacketWalkInputError } from "./addresses";
import { buildCluster } from "./builders";
import type { ClusterSpec } from "./builders/spec";
import type { Cluster, CniMode } from "./model";

const MODES = ["flannel-vxlan", "flannel-udp", "flannel-host-gw", "calico-ipip", "calico-bgp", "calico-crosssubnet", "calico-vxlan", "canal"] as const satisfies readonly CniMode[];

const ip = z.string().refine(isIpv4, { message: "expected an IPv4 address such as 10.244.1.2" });
const ipWithPrefix = z.string().refine((s) => parseAddressWithPrefix(s) !== undefined, { message: "expected an IPv4 address with prefix such as 30.0.1.160/24" });
const cidrText = z.string().refine((s) => {
  const p = parseAddressWithPrefix(s);
  if (!p) return false;
  const n = p.ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
  const size = 2 ** (32 - p.prefixLen);
  return n % size === 0;
}, { message: "expected a network prefix with host bits zero, such as 10.244.0.0/16" });
const macText = z.string().refine((s) => isMac(s.toLowerCase()), { message: "expected a MAC address such as 2a:95:ed:10:e4:56" });
const ifNameText = z.string().regex(/^[^/:\s]{1,15}$/, { message: "expected a Linux interface name (1-15 characters, no '/', ':' or spaces)" });
const port = z.number().int().min(1).max(65535);
const labels = z.record(z.string(), z.string());
const protocol = z.enum(["tcp", "udp"]);

const nodeSchema = z.strictObject({
  name: z.string().min(1),
  ip: ipWithPrefix,
  nic: ifNameText.optional(),
  mac: macText.optional(),
  mtu: z.number().int().min(576).max(9216).optional(),
  gateway: ip.optional(),
  defaultRoute: z.strictObject({ proto: z.string().optional(), metric: z.number().int().min(0).optional(), withSrc: z.boolean().optional() }).optional(),
  podCidr: cidrText.optional(),
  vtepMac: macText.optional(),
  bridgeMac: macText.optional(),
  extraDevices: z
    .array(z.strictObject({ name: ifNameText, kind: z.literal("bridge"), mac: macText.optional(), mtu: z.number().int().min(576).max(65535).optional(), addresses: z.array(ipWithPrefix).optional(), linkdown: z.boolean().optional() }))
    .optional(),
  extraRoutes: z
    .array(
      z.strictObject({
        dst: z.string().refine((s) => isIpv4(s) || parseAddressWithPrefix(s) !== undefined, { message: "expected an IPv4 address or prefix" }),
        via: ip.optional(),
        dev: ifNameText.optional(),
        proto: z.string().optional(),
        scope: z.enum(["global", "link", "host"]).optional(),
        src: ip.optional(),
        metric: z.number().int().min(0).optional(),
        onlink: z.boolean().optional(),
        linkdown: z.boolean().optional(),
      }),
    )
    .optional(),
});

const podSchema = z.strictObject({
  name: z.string().min(1),
  node: z.string().min(1),
  namespace: z.string().min(1).optional(),
  ip: ip.optional(),
  mac: macText.optional(),
  labels: labels.optional(),
  hostInterface: z.strictObject({ name: ifNameText.optional(), mac: macText.optional(), ifindex: z.number().int().min(2).optional() }).optional(),
});

const serviceSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  type: z.enum(["ClusterIP", "NodePort"]).optional(),
  clusterIp: ip,
  ports: z.array(z.strictObject({ name: z.string().optional(), protocol: protocol.optional(), port, targetPort: port.optional(), nodePort: port.optional() })).min(1),
  selector: labels,
});

const peerSchema = z.strictObject({
  podSelector: labels.optional(),
  namespaceSelector: labels.optional(),
  ipBlock: z.strictObject({ cidr: cidrText, except: z.array(cidrText).optional() }).optional(),
});
const ruleSchema = z.strictObject({
  peers: z.array(peerSchema).optional(),
  ports: z.array(z.strictObject({ protocol: protocol.optional(), port: port.optional() })).optional(),
});
const policySchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  podSelector: labels,
  policyTypes: z.array(z.enum(["Ingress", "Egress"])).optional(),
  ingress: z.array(ruleSchema).optional(),
  egress: z.array(ruleSchema).optional(),
});

const optionsSchema = z.strictObject({
  network: cidrText.optional(),
  subnetLen: z.number().int().min(8).max(30).optional(),
  vni: z.number().int().min(1).max(16777215).optional(),
  port: port.optional(),
  directRouting: z.boolean().optional(),
  mtu: z.number().int().min(576).max(9216).optional(),
  udpChecksum: z.boolean().optional(),
  pool: cidrText.optional(),
  blockSize: z.number().int().min(20).max(32).optional(),
  vxlanPort: port.optional(),
  crossSubnetEncapsulation: z.enum(["ipip", "vxlan"]).optional(),
});

/** zod schema of a topology file. */
export const topologyFileSchema = z.strictObject({
  mode: z.enum(MODES),
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  kubeProxy: z.boolean().optional(),
  nodes: z.array(nodeSchema).min(1),
  externalHosts: z.array(nodeSchema.pick({ name: true, ip: true, nic: true, mac: true, mtu: true, gateway: true })).optional(),
  pods: z.array(podSchema).optional(),
  services: z.array(serviceSchema).optional(),
  networkPolicies: z.array(policySchema).optional(),
  options: optionsSchema.optional(),
});

/** A parsed topology file. */
export type TopologyFile = z.infer<typeof topologyFileSchema>;

/** Formats a zod path as `nodes[1].ip`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || "(root)";
}

/**
 * Validates parsed JSON and builds the cluster. Returns errors as
 * `field: message` strings (schema issues first, then builder checks such as
 * a pod on an unknown node or an IP outside its node's subnet).
 */
export function clusterFromTopologyFile(json: unknown): { ok: true; cluster: Cluster } | { ok: false; errors: string[] } {
  const parsed = topologyFileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`) };
  }
  const { mode, options, ...rest } = parsed.data;
  const spec: ClusterSpec = rest;
  try {
    return { ok: true, cluster: buildCluster(mode, spec, options ?? {}) };
  } catch (e) {
    if (e instanceof PacketWalkInputError) return { ok: false, errors: [e.message] };
    throw e;
  }
}
