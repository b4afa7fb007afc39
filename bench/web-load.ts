/**
 * One autocannon load run for `npm run bench:web` (bench/web.ts), in a child process of its
 * own so the load generator's event loop is neither the server's nor the orchestrator's
 * (which holds the Chromium connection and the result table). The parent forks this file
 * and sends one `LoadSpec` over IPC; the answer is one `LoadResult`.
 */
import autocannon from "autocannon";

export interface LoadRequest {
  method: "GET" | "PUT" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  durationSec: number;
  /** Exactly this many requests (e.g. one submit per open attempt), then stop. */
  amount?: number;
  /**
   * The requests, taken in turn across all connections: request k is `requests[k % n]`.
   * Several learners' cookies (or one per attempt, with `amount`) spread the load the way
   * many learners do, instead of fifty connections queueing on one attempt's row lock.
   */
  requests: LoadRequest[];
}

export interface LoadResult {
  requests: number;
  durationSec: number;
  reqPerSec: number;
  /** Latency percentiles in ms over every answered request, 2xx or not. */
  p50: number;
  p95: number;
  p99: number;
  statusCounts: Record<string, number>;
  non2xx: number;
  errors: number;
  timeouts: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs one spec in this process (the child's side). */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  let next = 0;
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSec }),
    timeout: 30,
    requests: [
      {
        setupRequest: (req) => {
          const r = spec.requests[next++ % spec.requests.length]!;
          return { ...req, method: r.method, path: r.path, headers: { ...r.headers }, body: r.body };
        },
      },
    ],
  };
  // The callback form returns the instance, whose per-response events the promise form hides
  // (the executor runs at once, so `instance` is set below it).
  let instance!: autocannon.Instance;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
  // autocannon's own percentiles stop at p90/p97.5; the goals name p95, so keep every latency.
  instance.on("response", (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statusCounts[statusCode] = (statusCounts[statusCode] ?? 0) + 1;
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  const answered = latencies.length;
  const non2xx = Object.entries(statusCounts).reduce((n, [status, count]) => (status.startsWith("2") ? n : n + count), 0);
  return {
    requests: answered,
    durationSec: result.duration,
    reqPerSec: answered / result.duration,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    statusCounts,
    non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

if (require.main === module && process.send) {
  process.once("message", (spec: LoadSpec) => {
    runLoad(spec).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }, () => process.exit(1)),
    );
  });
}
