/** `cat FILE`: the files a learner reads on a node (flannel's subnet.env, /proc/sys). */
import type { Cluster } from "../model";
import { fail, saw, type CommandContext, type CommandOutput } from "./context";
import { readSysctlFile } from "./sysctl";

/**
 * flanneld's /run/flannel/subnet.env (WriteSubnetFile in flannel's main.go): the network, this
 * node's subnet as the gateway address (`<subnet>.1/24`), the backend's MTU and --ip-masq.
 */
function subnetEnv(ctx: CommandContext): string | undefined {
  const c: Cluster = ctx.env.cluster;
  if (!(c.mode.startsWith("flannel") || c.mode === "canal") || ctx.target.netns !== "host" || !ctx.node.podCidr) return undefined;
  const [base, len] = ctx.node.podCidr.split("/");
  const parts = (base ?? "").split(".").map(Number);
  parts[3] = (parts[3] ?? 0) + 1;
  const dev = ctx.netns.devices.find((d) => d.kind === "vxlan" || d.kind === "tun") ?? ctx.netns.devices.find((d) => d.kind === "physical");
  return `FLANNEL_NETWORK=${c.clusterCidr}\nFLANNEL_SUBNET=${parts.join(".")}/${len}\nFLANNEL_MTU=${dev?.mtu ?? 1500}\nFLANNEL_IPMASQ=true\n`;
}

/** `cat FILE...`. */
export function runCat(ctx: CommandContext, words: readonly string[]): CommandOutput {
  const files = words.slice(1).filter((w) => !/^-[A-Za-z]+$/.test(w));
  if (!files.length) return fail("cat: reading standard input is not supported in the lab shell: name a file", 1);
  let stdout = "";
  let stderr = "";
  const observed = [];
  for (const f of files) {
    const path = f.replace(/\/+/g, "/");
    const text = path === "/run/flannel/subnet.env" ? subnetEnv(ctx) : path.startsWith("/proc/sys/") ? readSysctlFile(ctx, path) : undefined;
    if (text === undefined) {
      stderr += `cat: ${f}: No such file or directory\n`;
      continue;
    }
    stdout += text;
    observed.push(saw(ctx, path.startsWith("/proc/sys/") ? "sysctl" : "flannel-subnet"));
  }
  return { stdout, ...(stderr ? { stderr } : {}), exitCode: stderr ? 1 : 0, observed };
}
