/**
 * `npm run db:migration:new -- NAME`: writes the next migration for both providers from
 * the difference between the schema at the last migration and prisma/models.prisma.
 * Runs `prisma migrate diff` between two schema files: offline, no database needed.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrationsDir } from "./migrator";
import { providers, renderSchema, schemaPath } from "./schemas";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration:new -- name_in_snake_case");
  process.exit(2);
}
const adminUrl = process.env.PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);

for (const provider of providers) {
  writeFileSync(schemaPath(provider), renderSchema(provider));
  const dir = migrationsDir(provider);
  const snapshot = path.join(dir, "schema.snapshot.prisma");
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    ["prisma", "migrate", "diff", ...from, "--to-schema-datamodel", schemaPath(provider), "--script"],
    // The Wasm engine opens its adapter even for a file-to-file diff, so PostgreSQL needs a
    // reachable server (PG_ADMIN_URL, default the local one); SQLite an in-memory database.
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: provider === "sqlite" ? "file::memory:" : adminUrl } },
  );
  if (/^-- This is an empty migration/m.test(sql)) {
    console.log(`${provider}: no changes`);
    continue;
  }
  const target = path.join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, "migration.sql"), sql);
  copyFileSync(schemaPath(provider), snapshot);
  console.log(`${provider}: wrote ${path.relative(process.cwd(), target)}/migration.sql`);
}
