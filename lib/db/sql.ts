import { Prisma } from "../../prisma/generated/sqlite/client";

/**
 * Tagged SQL fragments for `$queryRaw`, with their values bound as parameters, never
 * spliced in. Both generated clients (SQLite and PostgreSQL) take them: the fragment class
 * lives in the runtime they share (@prisma/client/runtime/client).
 */
export const sql = Prisma.sql;
/** Fragments joined with ", " (a VALUES list, an IN list). */
export const sqlList = (fragments: readonly Prisma.Sql[]) => Prisma.join(fragments, ", ");
