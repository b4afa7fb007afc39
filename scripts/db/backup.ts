/**
 * `npm run db:backup -- FILE` and `npm run db:restore -- FILE`: a consistent copy of the
 * database in DATABASE_URL, and putting one back.
 *
 * - SQLite: `VACUUM INTO` writes a consistent single-file snapshot while the app keeps
 *   running (WAL readers and writers are not stopped). Restore copies it over the
 *   database file; stop the app first (the WAL and shm files of the old file are removed).
 * - PostgreSQL: `pg_dump --format=custom` (Debian's postgresql-client), restored with
 *   `pg_restore --clean --if-exists --no-owner` into the database in DATABASE_URL.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createClient } from "@libsql/client";
import { providerOf, sqliteFilePath } from "../../lib/database-url";

export async function backupDatabase(url: string, file: string): Promise<void> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (providerOf(url) === "sqlite") {
    if (existsSync(file)) rmSync(file);
    const client = createClient({ url });
    try {
      await client.execute({ sql: "VACUUM INTO ?", args: [path.resolve(file)] });
    } finally {
      client.close();
    }
    return;
  }
  execFileSync("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, url], { stdio: ["ignore", "ignore", "inherit"] });
}

export async function restoreDatabase(url: string, file: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`No backup at ${file}`);
  if (providerOf(url) === "sqlite") {
    const target = sqliteFilePath(url)!;
    for (const suffix of ["-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
    copyFileSync(file, target);
    return;
  }
  execFileSync("pg_restore", ["--clean", "--if-exists", "--no-owner", `--dbname=${url}`, file], { stdio: ["ignore", "ignore", "inherit"] });
}

async function main() {
  const [command, file] = [process.argv[2], process.argv[3]];
  const url = process.env.DATABASE_URL ?? "file:./data/academy.db";
  if ((command !== "backup" && command !== "restore") || !file) {
    console.error("usage: tsx scripts/db/backup.ts backup|restore FILE   (database from DATABASE_URL)");
    process.exit(2);
  }
  if (command === "backup") await backupDatabase(url, file);
  else await restoreDatabase(url, file);
  console.log(`${command === "backup" ? "backed up" : "restored"} ${providerOf(url)} database ${command === "backup" ? "to" : "from"} ${file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
