import { PrismaLibSQL } from "@prisma/adapter-libsql";
import type { TransactionMode } from "@libsql/client";
import type { SqliteSynchronous } from "../database-url";

/**
 * How long a SQLite connection waits for another writer's lock before giving up with
 * SQLITE_BUSY ("database is locked"). Writes here are short transactions, so a queue of
 * them clears well within this; without it the default is 0 ms and a second writer (the
 * seed script, a CLI, a second `next start` on the same file) fails at once.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export interface SqliteSettings {
  synchronous?: SqliteSynchronous;
}

function pragmasOf(settings: SqliteSettings): string[] {
  return [`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`, `PRAGMA synchronous = ${(settings.synchronous ?? "full").toUpperCase()}`];
}

/**
 * The libSQL adapter with the settings applied to every connection. libSQL hands its open
 * connection to each interactive transaction and lazily opens a new one for whatever comes
 * next, so a PRAGMA sent once through Prisma is lost after the first transaction (measured:
 * busy_timeout back to 0, so a write met another process's lock with an instant "database
 * is locked"). Here the first connection is configured before any statement reaches it, and
 * each replacement as soon as a transaction takes its predecessor. These PRAGMAs touch no page of
 * the file, so setting them on the new connection while the transaction runs is safe.
 */
export class ConfiguredLibSQL extends PrismaLibSQL {
  constructor(
    config: ConstructorParameters<typeof PrismaLibSQL>[0],
    private readonly settings: SqliteSettings = {},
  ) {
    super(config);
  }

  override createClient(config: Parameters<PrismaLibSQL["createClient"]>[0]): ReturnType<PrismaLibSQL["createClient"]> {
    const client = super.createClient(config);
    const pragmas = pragmasOf(this.settings);
    const execute = client.execute.bind(client);
    const startTransaction = client.transaction.bind(client);
    // One statement each: libSQL's executeMultiple refuses statements that return rows, as
    // setting busy_timeout does.
    const configure = async () => {
      for (const pragma of pragmas) await execute(pragma);
    };
    const ready = configure();
    // A failure reaches every statement through `ready`; this keeps a client that is never
    // used from crashing the process with an unhandled rejection.
    ready.catch(() => {});
    client.execute = (async (...args: Parameters<typeof execute>) => {
      await ready;
      return execute(...args);
    }) as typeof client.execute;
    client.transaction = (async (mode?: TransactionMode) => {
      await ready;
      const tx = await startTransaction(mode);
      await configure();
      return tx;
    }) as typeof client.transaction;
    return client;
  }
}
