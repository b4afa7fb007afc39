import { AsyncLocalStorage } from "node:async_hooks";

/**
 * One JSON object per line on stdout/stderr, each with the id of the request it belongs
 * to, so a log aggregator can follow one request across the HTTP server's access line and
 * whatever the app logged while serving it.
 *
 * The request id lives in an AsyncLocalStorage that the HTTP server (scripts/serve.ts)
 * enters for each request. The store is kept on globalThis: the server and the app's
 * bundled code load this module separately but run in the same process, and both must see
 * the same store.
 */
export interface RequestContext {
  requestId: string;
}

const STORE_KEY = Symbol.for("cni-academy.request-context");
type WithStore = typeof globalThis & { [STORE_KEY]?: AsyncLocalStorage<RequestContext> };

export function requestContextStore(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as WithStore;
  return (holder[STORE_KEY] ??= new AsyncLocalStorage<RequestContext>());
}

export type LogLevel = "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export function logLine(level: LogLevel, msg: string, fields: LogFields = {}, now = new Date()): string {
  const requestId = requestContextStore().getStore()?.requestId;
  return JSON.stringify({ time: now.toISOString(), level, msg, ...(requestId ? { requestId } : {}), ...fields }, (_key, value: unknown) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
}

export const log = {
  info: (msg: string, fields?: LogFields) => void process.stdout.write(logLine("info", msg, fields) + "\n"),
  warn: (msg: string, fields?: LogFields) => void process.stderr.write(logLine("warn", msg, fields) + "\n"),
  error: (msg: string, fields?: LogFields) => void process.stderr.write(logLine("error", msg, fields) + "\n"),
};
