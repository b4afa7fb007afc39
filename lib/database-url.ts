/**
 * What a DATABASE_URL means. The only place that knows which providers exist:
 * `file:` is the embedded SQLite default, `postgres://` / `postgresql://` is PostgreSQL.
 */
export type Provider = "sqlite" | "postgresql";

/** The provider a DATABASE_URL selects; throws with a readable message for anything else. */
export function providerOf(url: string): Provider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgres://"/"postgresql://" (PostgreSQL); got "${url.slice(0, 20)}…"`,
  );
}

/** The file path of a `file:` URL (relative paths are relative to the working directory). */
export function sqliteFilePath(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const rest = url.slice("file:".length).split("?")[0] ?? "";
  return rest.startsWith("//") ? rest.slice(2) : rest;
}

/**
 * When a commit waits for the disk (docs/decisions/022-sqlite-connections.md). "full"
 * (the default) fsyncs the WAL at every commit: an acknowledged answer survives a power
 * cut. "normal" fsyncs only at checkpoints: commits do not wait for the disk and still
 * survive the server process being killed, but a power cut or kernel crash can lose the
 * last commits before the checkpoint. The operator chooses; the app never lowers it.
 */
export const SQLITE_SYNCHRONOUS_LEVELS = ["full", "normal"] as const;
export type SqliteSynchronous = (typeof SQLITE_SYNCHRONOUS_LEVELS)[number];
