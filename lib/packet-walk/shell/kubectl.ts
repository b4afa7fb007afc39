/**
 * `kubectl` on a node (the nodes carry a kubeconfig; pods do not have kubectl): the cluster's
 * pods, nodes, Services, endpoints and NetworkPolicies in kubectl's column format, and the
 * fixes a lab needs (delete a policy, patch a Service's targetPort, restart a Deployment).
 *
 * What the model does not have is filled in with fixed, plausible values and said so in the
 * README: ages, kubelet/OS versions, restart counts.
 */
import { fnv1a32 } from "../hash";
import type { Cluster, Labels, PodInfo, Service, ServicePort } from "../model";
import { labelsMatch } from "../policy";
import { fail, ok, saw, clusterNodes, type CommandContext, type CommandOutput } from "./context";

const AGE = "3d";

/** kubectl's table printer: columns padded to the widest cell, three spaces apart. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join("");
  return [line(header), ...rows.map(line)];
}

function labelText(l: Labels): string {
  const keys = Object.keys(l).sort();
  return keys.length ? keys.map((k) => `${k}=${l[k]}`).join(",") : "<none>";
}

/**
 * A pod is not Ready when a Service selects it but does not list it as an endpoint: that is
 * how the model's "no endpoints" fault shows up (the endpoints controller drops unready pods).
 */
function podReady(cluster: Cluster, pod: PodInfo): boolean {
  return !cluster.services.some(
    (s) => s.namespace === pod.namespace && Object.keys(s.selector).length > 0 && labelsMatch(s.selector, pod.labels) && !s.endpoints.some((e) => e.pod === pod.name),
  );
}

/** The Deployment a pod belongs to, from its name (`<deployment>-<template hash>-<suffix>`). */
export function deploymentOf(pod: PodInfo): string {
  const parts = pod.name.split("-");
  return parts.length > 2 ? parts.slice(0, -2).join("-") : pod.name;
}

interface KubectlArgs {
  positional: string[];
  namespace: string;
  all: boolean;
  wide: boolean;
  output?: string;
  patch?: string;
  patchType?: string;
}

function parseArgs(words: readonly string[]): KubectlArgs | CommandOutput {
  const a: KubectlArgs = { positional: [], namespace: "default", all: false, wide: false };
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    const value = (flag: string): string | undefined => (w.includes("=") ? w.slice(w.indexOf("=") + 1) : words[++i] ?? (void flag, undefined));
    if (w === "-A" || w === "--all-namespaces") a.all = true;
    else if (w === "-n" || w === "--namespace" || w.startsWith("--namespace=")) {
      const v = value("namespace");
      if (!v) return fail('error: flag needs an argument: \'n\' in -n', 1);
      a.namespace = v;
    } else if (w.startsWith("-n") && w.length > 2) a.namespace = w.slice(2);
    else if (w === "-o" || w === "--output" || w.startsWith("--output=") || (w.startsWith("-o") && w.length > 2)) {
      const v = w.startsWith("-o") && w.length > 2 && !w.startsWith("--") ? w.slice(2) : value("output");
      if (v === "wide") a.wide = true;
      else if (v === "name") a.output = "name";
      else return fail(`error: the lab's kubectl prints tables (-o wide) and names (-o name); "${v ?? ""}" is not available`, 1);
    } else if (w === "-p" || w === "--patch" || w.startsWith("--patch=")) a.patch = value("patch");
    else if (w === "--type" || w.startsWith("--type=")) a.patchType = value("type");
    else if (w.startsWith("-")) return fail(`error: unknown flag: ${w}\nSee 'kubectl --help' for usage.`, 1);
    else a.positional.push(w);
  }
  return a;
}

const RESOURCES: Record<string, string> = {
  po: "pods", pod: "pods", pods: "pods",
  no: "nodes", node: "nodes", nodes: "nodes",
  svc: "services", service: "services", services: "services",
  ep: "endpoints", endpoints: "endpoints",
  endpointslice: "endpointslices", endpointslices: "endpointslices",
  netpol: "networkpolicies", networkpolicy: "networkpolicies", networkpolicies: "networkpolicies",
  deploy: "deployments", deployment: "deployments", deployments: "deployments",
};

/** `kubectl ...`. */
export function runKubectl(ctx: CommandContext, words: readonly string[]): CommandOutput {
  if (ctx.target.netns !== "host" || ctx.node.external) return fail("bash: kubectl: command not found", 127);
  const args = parseArgs(words);
  if (!("positional" in args)) return args;
  const [verb, ...rest] = args.positional;
  // `kubectl get svc/httpd-app` and `kubectl get svc httpd-app` are the same request.
  const split = rest.flatMap((r, i) => (i === 0 && r.includes("/") ? r.split("/") : [r]));
  const [kindWord, name] = split;
  const kind = kindWord ? RESOURCES[kindWord.toLowerCase()] ?? RESOURCES[kindWord.toLowerCase().split(".")[0] ?? ""] : undefined;
  switch (verb) {
    case undefined:
    case "help":
      return ok(["kubectl controls the Kubernetes cluster manager.", "", "The lab shell supports:", "  get pods|nodes|svc|endpoints|endpointslices|networkpolicy|deployments [-n NS | -A] [-o wide]", "  describe svc NAME", "  delete networkpolicy NAME [-n NS]", "  patch svc NAME [--type=json|merge] -p PATCH", "  rollout restart deployment NAME"]);
    case "get":
      if (!kindWord) return fail("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of supported resources.", 1);
      if (!kind) return fail(`error: the server doesn't have a resource type "${kindWord}"`, 1);
      return get(ctx, kind, name, args);
    case "describe":
      if (kind !== "services") return fail(`error: the lab's kubectl describes Services only (kubectl describe svc NAME)`, 1);
      return describeService(ctx, name, args);
    case "delete":
      if (kind !== "networkpolicies") return fail("error: the lab's kubectl deletes NetworkPolicies only (kubectl delete networkpolicy NAME -n NS)", 1);
      return deletePolicy(ctx, name, args);
    case "patch":
      if (kind !== "services") return fail("error: the lab's kubectl patches Services only (kubectl patch svc NAME -p ...)", 1);
      return patchService(ctx, name, args);
    case "rollout":
      return rollout(ctx, args.positional, args);
    case "exec":
    case "logs":
    case "apply":
    case "edit":
    case "scale":
    case "label":
      return fail(`error: "kubectl ${verb}" is not available in the lab shell (use a pod's own terminal for commands inside it)`, 1);
    default:
      return fail(`error: unknown command "${verb}" for "kubectl"\n\nDid you mean this?\n\tget`, 1);
  }
}

function inScope(args: KubectlArgs, namespace: string): boolean {
  return args.all || namespace === args.namespace;
}

function noneFound(args: KubectlArgs): CommandOutput {
  return { stdout: "", stderr: args.all ? "No resources found\n" : `No resources found in ${args.namespace} namespace.\n`, exitCode: 0 };
}

function notFound(kind: string, name: string): CommandOutput {
  return fail(`Error from server (NotFound): ${kind} "${name}" not found`, 1);
}

function servicePorts(s: Service): string {
  return s.ports.map((p) => `${p.port}${p.nodePort !== undefined && s.type === "NodePort" ? `:${p.nodePort}` : ""}/${p.protocol.toUpperCase()}`).join(",");
}

function endpointText(s: Service): string {
  if (!s.endpoints.length) return "<none>";
  const all = s.endpoints.flatMap((e) => s.ports.map((p) => `${e.ip}:${p.targetPort}`));
  return all.length > 3 ? `${all.slice(0, 3).join(",")} + ${all.length - 3} more...` : all.join(",");
}

function get(ctx: CommandContext, kind: string, name: string | undefined, args: KubectlArgs): CommandOutput {
  const c = ctx.env.cluster;
  const ns = (namespace: string, row: string[]): string[] => (args.all ? [namespace, ...row] : row);
  const nsHeader = (h: string[]): string[] => (args.all ? ["NAMESPACE", ...h] : h);
  const pick = <T extends { name: string; namespace: string }>(list: readonly T[], label: string): T[] | CommandOutput => {
    const shown = list.filter((x) => inScope(args, x.namespace) && (name === undefined || x.name === name));
    if (name !== undefined && !shown.length) return notFound(label, name);
    return shown;
  };
  const asNames = (prefix: string, list: readonly { name: string }[]): CommandOutput => ok(list.map((x) => `${prefix}/${x.name}`));
  switch (kind) {
    case "pods": {
      const pods = pick(c.pods, "pods");
      if (!Array.isArray(pods)) return pods;
      const observed = [saw(ctx, "pods")];
      if (!pods.length) return { ...noneFound(args), observed };
      if (args.output === "name") return { ...asNames("pod", pods), observed };
      const header = nsHeader(["NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(args.wide ? ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : [])]);
      const rows = pods.map((p) => ns(p.namespace, [p.name, podReady(c, p) ? "1/1" : "0/1", "Running", "0", AGE, ...(args.wide ? [p.ip, p.node, "<none>", "<none>"] : [])]));
      return ok(table(header, rows), observed);
    }
    case "nodes": {
      const nodes = clusterNodes(c).filter((n) => name === undefined || n.name === name);
      if (name !== undefined && !nodes.length) return notFound("nodes", name);
      const observed = [saw(ctx, "nodes")];
      if (args.output === "name") return { ...asNames("node", nodes), observed };
      const header = ["NAME", "STATUS", "ROLES", "AGE", "VERSION", ...(args.wide ? ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] : [])];
      const rows = nodes.map((n) => [n.name, "Ready", "<none>", "10d", "v1.30.4", ...(args.wide ? [n.ip, "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0-25-amd64", "containerd://1.6.20"] : [])]);
      return ok(table(header, rows), observed);
    }
    case "services": {
      const svcs = pick(c.services, "services");
      if (!Array.isArray(svcs)) return svcs;
      const observed = [saw(ctx, "services")];
      if (!svcs.length) return { ...noneFound(args), observed };
      if (args.output === "name") return { ...asNames("service", svcs), observed };
      const header = nsHeader(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE", ...(args.wide ? ["SELECTOR"] : [])]);
      const rows = svcs.map((s) => ns(s.namespace, [s.name, s.type, s.clusterIp, "<none>", servicePorts(s), AGE, ...(args.wide ? [labelText(s.selector)] : [])]));
      return ok(table(header, rows), observed);
    }
    case "endpoints": {
      const svcs = pick(c.services, "endpoints");
      if (!Array.isArray(svcs)) return svcs;
      const observed = [saw(ctx, "endpoints")];
      if (!svcs.length) return { ...noneFound(args), observed };
      const rows = svcs.map((s) => ns(s.namespace, [s.name, endpointText(s), AGE]));
      return ok(table(nsHeader(["NAME", "ENDPOINTS", "AGE"]), rows), observed);
    }
    case "endpointslices": {
      const sliceName = (s: Service): string => `${s.name}-${(fnv1a32(`${s.namespace}/${s.name}`) >>> 0).toString(36).slice(0, 5).padEnd(5, "x")}`;
      const svcs = c.services.filter((s) => inScope(args, s.namespace) && (name === undefined || sliceName(s) === name));
      if (name !== undefined && !svcs.length) return notFound("endpointslices.discovery.k8s.io", name);
      const observed = [saw(ctx, "endpoints")];
      if (!svcs.length) return { ...noneFound(args), observed };
      const rows = svcs.map((s) => ns(s.namespace, [sliceName(s), "IPv4", s.endpoints.length ? [...new Set(s.ports.map((p) => String(p.targetPort)))].join(",") : "<unset>", s.endpoints.length ? s.endpoints.map((e) => e.ip).join(",") : "<unset>", AGE]));
      return ok(table(nsHeader(["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"]), rows), observed);
    }
    case "networkpolicies": {
      const pols = pick(c.networkPolicies, "networkpolicies.networking.k8s.io");
      if (!Array.isArray(pols)) return pols;
      const observed = [saw(ctx, "policies")];
      if (!pols.length) return { ...noneFound(args), observed };
      const rows = pols.map((p) => ns(p.namespace, [p.name, labelText(p.podSelector), AGE]));
      return ok(table(nsHeader(["NAME", "POD-SELECTOR", "AGE"]), rows), observed);
    }
    case "deployments": {
      const groups = new Map<string, { name: string; namespace: string; pods: PodInfo[] }>();
      for (const p of c.pods) {
        const key = `${p.namespace}/${deploymentOf(p)}`;
        const g = groups.get(key) ?? { name: deploymentOf(p), namespace: p.namespace, pods: [] };
        g.pods.push(p);
        groups.set(key, g);
      }
      const list = pick([...groups.values()], "deployments.apps");
      if (!Array.isArray(list)) return list;
      const observed = [saw(ctx, "pods")];
      if (!list.length) return { ...noneFound(args), observed };
      const rows = list.map((g) => {
        const ready = g.pods.filter((p) => podReady(c, p)).length;
        return ns(g.namespace, [g.name, `${ready}/${g.pods.length}`, String(g.pods.length), String(ready), AGE]);
      });
      return ok(table(nsHeader(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]), rows), observed);
    }
    default:
      return fail(`error: the server doesn't have a resource type "${kind}"`, 1);
  }
}

function findService(ctx: CommandContext, name: string | undefined, args: KubectlArgs): Service | CommandOutput {
  if (!name) return fail("error: resource name may not be empty", 1);
  const svc = ctx.env.cluster.services.find((s) => s.name === name && s.namespace === args.namespace);
  return svc ?? notFound("services", name);
}

function describeService(ctx: CommandContext, name: string | undefined, args: KubectlArgs): CommandOutput {
  const svc = findService(ctx, name, args);
  if (!("clusterIp" in svc)) return svc;
  const row = (k: string, v: string): string => `${`${k}:`.padEnd(26)}${v}`;
  const out = [row("Name", svc.name), row("Namespace", svc.namespace), row("Labels", "<none>"), row("Annotations", "<none>"), row("Selector", labelText(svc.selector)), row("Type", svc.type), row("IP Family Policy", "SingleStack"), row("IP Families", "IPv4"), row("IP", svc.clusterIp), row("IPs", svc.clusterIp)];
  for (const p of svc.ports) {
    const proto = p.protocol.toUpperCase();
    out.push(row("Port", `${p.name || "<unset>"}  ${p.port}/${proto}`), row("TargetPort", `${p.targetPort}/${proto}`));
    if (p.nodePort !== undefined && svc.type === "NodePort") out.push(row("NodePort", `${p.name || "<unset>"}  ${p.nodePort}/${proto}`));
    out.push(row("Endpoints", svc.endpoints.length ? svc.endpoints.map((e) => `${e.ip}:${p.targetPort}`).join(",") : ""));
  }
  out.push(row("Session Affinity", "None"));
  if (svc.type === "NodePort") out.push(row("External Traffic Policy", "Cluster"));
  out.push(row("Events", "<none>"));
  return ok(out, [saw(ctx, "services"), saw(ctx, "endpoints")]);
}

function deletePolicy(ctx: CommandContext, name: string | undefined, args: KubectlArgs): CommandOutput {
  if (!name) return fail("error: resource(s) were provided, but no name was specified", 1);
  const c = ctx.env.cluster;
  const pol = c.networkPolicies.find((p) => p.name === name && p.namespace === args.namespace);
  if (!pol) return notFound("networkpolicies.networking.k8s.io", name);
  const cluster: Cluster = { ...c, networkPolicies: c.networkPolicies.filter((p) => p !== pol) };
  return { stdout: `networkpolicy.networking.k8s.io "${name}" deleted\n`, exitCode: 0, cluster, change: `deleted NetworkPolicy ${pol.namespace}/${pol.name}` };
}

function asPort(v: unknown): number | undefined {
  return typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : typeof v === "string" && /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? Number(v) : undefined;
}

/**
 * targetPort changes only: a JSON patch (`replace /spec/ports/N/targetPort`) or a strategic/merge
 * patch whose `spec.ports` entries are matched by `port` (strategic merge's key; a real JSON merge
 * patch would replace the whole list, which here keeps the other fields of the matched port).
 */
function patchService(ctx: CommandContext, name: string | undefined, args: KubectlArgs): CommandOutput {
  const svc = findService(ctx, name, args);
  if (!("clusterIp" in svc)) return svc;
  if (args.patch === undefined) return fail("error: must specify -p to patch", 1);
  let doc: unknown;
  try {
    doc = JSON.parse(args.patch);
  } catch {
    return fail(`error: unable to parse "${args.patch}": yaml: did not find expected node content`, 1);
  }
  const ports: ServicePort[] = [...svc.ports];
  const type = args.patchType ?? "strategic";
  if (type === "json") {
    if (!Array.isArray(doc)) return fail("error: unable to parse the JSON patch: it must be an array of operations", 1);
    for (const op of doc as unknown[]) {
      const o = op as { op?: unknown; path?: unknown; value?: unknown };
      const m = typeof o.path === "string" ? /^\/spec\/ports\/(\d+)\/targetPort$/.exec(o.path) : null;
      if ((o.op !== "replace" && o.op !== "add") || !m) return fail(`error: the lab's kubectl applies "replace /spec/ports/N/targetPort" operations only`, 1);
      const i = Number(m[1]);
      const port = ports[i];
      if (!port) return fail(`The request is invalid: the server rejected our request due to an error in our request`, 1);
      const value = asPort(o.value);
      if (value === undefined) return fail(`The Service "${svc.name}" is invalid: spec.ports[${i}].targetPort: Invalid value: ${JSON.stringify(o.value)}: must be between 1 and 65535, inclusive`, 1);
      ports[i] = { ...port, targetPort: value };
    }
  } else if (type === "merge" || type === "strategic") {
    const spec = (doc as { spec?: { ports?: unknown } } | null)?.spec;
    if (!spec || !Array.isArray(spec.ports)) return fail("error: the lab's kubectl patches spec.ports[].targetPort only, e.g. -p '{\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":8080}]}}'", 1);
    for (const entry of spec.ports as unknown[]) {
      const e = entry as { port?: unknown; targetPort?: unknown };
      const i = ports.findIndex((p) => p.port === asPort(e.port));
      const value = asPort(e.targetPort);
      if (i < 0) return fail(`error: the lab's kubectl matches ports by "port": ${svc.name} has no port ${JSON.stringify(e.port)}`, 1);
      if (value === undefined) return fail(`The Service "${svc.name}" is invalid: spec.ports[${i}].targetPort: Invalid value: ${JSON.stringify(e.targetPort)}: must be between 1 and 65535, inclusive`, 1);
      ports[i] = { ...(ports[i] as ServicePort), targetPort: value };
    }
  } else return fail(`error: --type must be one of [json merge strategic], not "${type}"`, 1);
  const changed = ports.some((p, i) => p.targetPort !== svc.ports[i]?.targetPort);
  if (!changed) return ok(`service/${svc.name} patched (no change)\n`);
  const c = ctx.env.cluster;
  const cluster: Cluster = { ...c, services: c.services.map((s) => (s === svc ? { ...s, ports } : s)) };
  return { stdout: `service/${svc.name} patched\n`, exitCode: 0, cluster, change: `Service ${svc.namespace}/${svc.name} targetPort ${svc.ports.map((p) => p.targetPort).join(",")} → ${ports.map((p) => p.targetPort).join(",")}` };
}

/**
 * `kubectl rollout restart deployment NAME`: the Deployment's pods are replaced by ready ones, so
 * every Service selecting them lists them as endpoints again. The model keeps the pods' names and
 * IPs (a real restart gives new ones); this is the fix for the "no endpoints" fault, whose pods
 * are modelled as running but not Ready.
 */
function rollout(ctx: CommandContext, words: readonly string[], args: KubectlArgs): CommandOutput {
  const [, action, kindWord, maybeName] = words;
  if (action !== "restart") return fail("error: the lab's kubectl supports `kubectl rollout restart deployment NAME` only", 1);
  const kind = kindWord ? RESOURCES[kindWord.split("/")[0] ?? ""] : undefined;
  const name = kindWord?.includes("/") ? kindWord.split("/")[1] : maybeName;
  if (kind !== "deployments" || !name) return fail("error: the lab's kubectl supports `kubectl rollout restart deployment NAME` only", 1);
  const c = ctx.env.cluster;
  const pods = c.pods.filter((p) => p.namespace === args.namespace && deploymentOf(p) === name);
  if (!pods.length) return notFound("deployments.apps", name);
  let restored = 0;
  const services = c.services.map((s) => {
    if (s.namespace !== args.namespace || Object.keys(s.selector).length === 0) return s;
    const missing = pods.filter((p) => labelsMatch(s.selector, p.labels) && !s.endpoints.some((e) => e.pod === p.name));
    if (!missing.length) return s;
    restored += missing.length;
    // Endpoints in pod order, as the builders derive them.
    const eps = c.pods.filter((p) => s.endpoints.some((e) => e.pod === p.name) || missing.includes(p)).map((p) => ({ ip: p.ip, pod: p.name, node: p.node }));
    return { ...s, endpoints: eps };
  });
  const out = `deployment.apps/${name} restarted\n`;
  if (!restored) return ok(out);
  return { stdout: out, exitCode: 0, cluster: { ...c, services }, change: `Deployment ${args.namespace}/${name} restarted: ${restored} pod(s) Ready again, back in their Services' endpoints` };
}
