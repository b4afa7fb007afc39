/**
 * Runs lab scripts and commands inside lab namespaces, and captures with tcpdump.
 * Every process this harness starts is tracked by pid and stopped by pid.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readPcap, type CapturedFrame } from "./frames";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command synchronously with a hard timeout (a hung command must not hang the suite). */
export function run(cmd: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): RunResult {
  const r = spawnSync(cmd, args, { input: options.input, encoding: "utf8", timeout: options.timeoutMs ?? 10_000 });
  return { code: r.status ?? (r.signal ? 128 : 1), stdout: r.stdout ?? "", stderr: `${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Runs a shell script (the lab emitter's output) with sh. */
export function runScript(script: string, timeoutMs = 30_000): RunResult {
  return run("sh", ["-s"], { input: script, timeoutMs });
}

export function inNetns(ns: string, args: readonly string[], options: { input?: string; timeoutMs?: number } = {}): RunResult {
  return run("ip", ["netns", "exec", ns, ...args], options);
}

export interface CapturePoint {
  readonly key: string;
  readonly netns: string;
  readonly device: string;
}

interface RunningCapture {
  readonly point: CapturePoint;
  readonly file: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

/** tcpdump on every point, each confirmed listening before this resolves. */
export class Captures {
  private readonly dir = mkdtempSync(path.join(tmpdir(), "cnia-kernel-"));
  private running: RunningCapture[] = [];
  private readonly files = new Map<string, string>();

  async start(points: readonly CapturePoint[], timeoutMs = 8000): Promise<void> {
    const ready = points.map((point, i) => {
      const file = path.join(this.dir, `${i}.pcap`);
      // -p: no promiscuous mode (a bridge port must not make frames appear that the device would not take);
      // --immediate-mode: hand each packet over at once (TPACKET_V3 otherwise holds it up to a second, and SIGINT loses it);
      // "ip": ARP is the kernel's business, the walk compares IPv4 packets; -U: write each packet at once.
      const child = spawn("ip", ["netns", "exec", point.netns, "tcpdump", "-Z", "root", "--immediate-mode", "-p", "-n", "-U", "-s", "262", "-i", point.device, "-w", file, "ip"], { stdio: ["ignore", "ignore", "pipe"] });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      this.running.push({ point, file, child, exited });
      this.files.set(point.key, file);
      return new Promise<void>((resolve, reject) => {
        let err = "";
        const timer = setTimeout(() => reject(new Error(`tcpdump on ${point.netns} ${point.device} did not start: ${err}`)), timeoutMs);
        child.stderr?.on("data", (d: Buffer) => {
          err += d.toString();
          if (err.includes("listening on")) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once("exit", () => {
          clearTimeout(timer);
          reject(new Error(`tcpdump on ${point.netns} ${point.device} exited: ${err.trim()}`));
        });
      });
    });
    await Promise.all(ready);
  }

  /** Stops every capture (SIGINT flushes the file) and returns frames per point key. */
  async stop(): Promise<Map<string, CapturedFrame[]>> {
    // Let the last frames reach the files: -U writes per packet, but the packet may still be in flight.
    await new Promise((r) => setTimeout(r, 150));
    for (const c of this.running) if (c.child.exitCode === null) c.child.kill("SIGINT");
    await Promise.all(this.running.map((c) => Promise.race([c.exited, new Promise((r) => setTimeout(r, 3000))])));
    const out = new Map<string, CapturedFrame[]>();
    for (const c of this.running) {
      let frames: CapturedFrame[] = [];
      try {
        frames = readPcap(readFileSync(c.file));
      } catch (e) {
        process.stderr.write(`capture ${c.point.key}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      out.set(c.point.key, [...(out.get(c.point.key) ?? []), ...frames]);
    }
    this.running = [];
    return out;
  }

  /** The pcap file of a capture point (until dispose), for reading it back with `tcpdump -r`. */
  fileFor(key: string): string | undefined {
    return this.files.get(key);
  }

  /** Kills whatever is still running (error paths) and removes the files. */
  dispose(): void {
    for (const c of this.running) if (c.child.exitCode === null) c.child.kill("SIGKILL");
    this.running = [];
    rmSync(this.dir, { recursive: true, force: true });
  }
}
