import "server-only";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/**
 * bcrypt off the main thread. bcryptjs is pure JavaScript: its async API still runs on the
 * event loop, in slices of up to 100 ms, so a burst of sign-ins for many accounts (each a
 * first attempt the rate limits let through) held /api/health for most of a second. Here
 * each hash runs in a worker thread, at most one per core but one, leaving a core to serve
 * everything else; jobs queue for a free worker.
 *
 * The worker is evaluated from a string (a bundler would not ship a separate worker file);
 * it loads bcryptjs from node_modules relative to the working directory, as the app does.
 */
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const bcrypt = require("bcryptjs");
parentPort.on("message", ({ id, op, password, hashOrCost }) => {
  try {
    const result = op === "hash" ? bcrypt.hashSync(password, hashOrCost) : bcrypt.compareSync(password, hashOrCost);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Job = { id: number; op: "hash" | "compare"; password: string; hashOrCost: string | number; resolve(v: unknown): void; reject(e: Error): void };

class PasswordWorkers {
  private readonly size = Math.max(1, availableParallelism() - 1);
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private started = 0;
  private nextId = 1;

  run(op: Job["op"], password: string, hashOrCost: string | number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, op, password, hashOrCost, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.started < this.size ? this.spawn() : null);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      // A worker with work keeps the process alive; an idle one must not (scripts would never exit).
      worker.ref();
      worker.postMessage({ id: job.id, op: job.op, password: job.password, hashOrCost: job.hashOrCost });
    }
  }

  private spawn(): Worker {
    this.started += 1;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on("message", (message: { id: number; result?: unknown; error?: string }) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if (job && job.id === message.id) {
        if (message.error !== undefined) job.reject(new Error(message.error));
        else job.resolve(message.result);
      }
      this.dispatch();
    });
    const lost = (error: Error) => {
      // A crashed worker fails its job and is replaced on the next dispatch.
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
      this.started -= 1;
      job?.reject(error);
      this.dispatch();
    };
    worker.on("error", lost);
    worker.on("exit", (code) => {
      if (this.busy.has(worker) || this.idle.includes(worker)) lost(new Error(`password worker exited with code ${code}`));
    });
    return worker;
  }
}

const WORKERS_KEY = Symbol.for("cni-academy.password-workers");
function workers(): PasswordWorkers {
  const holder = globalThis as typeof globalThis & { [WORKERS_KEY]?: PasswordWorkers };
  return (holder[WORKERS_KEY] ??= new PasswordWorkers());
}

/** How many hashes and comparisons this process has started: tests count work with it (uniform sign-up). */
export const passwordWorkCount = { hash: 0, compare: 0 };

export async function bcryptHash(password: string, cost: number): Promise<string> {
  passwordWorkCount.hash += 1;
  return (await workers().run("hash", password, cost)) as string;
}

export async function bcryptCompare(password: string, hash: string): Promise<boolean> {
  passwordWorkCount.compare += 1;
  return (await workers().run("compare", password, hash)) as boolean;
}
