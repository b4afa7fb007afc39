/**
 * Writes one Prisma schema per provider from prisma/models.prisma, the single source of
 * the data model (docs/decisions/001-sqlite-default-postgresql-ready.md).
 *
 *   tsx scripts/db/schemas.ts          write both schemas
 *   tsx scripts/db/schemas.ts --check  exit 1 if a committed schema is out of step
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";

export const providers = ["sqlite", "postgresql"] as const;
export type Provider = (typeof providers)[number];

const root = path.resolve(__dirname, "../..");

export function schemaPath(provider: Provider): string {
  return path.join(root, "prisma", provider, "schema.prisma");
}

/** The full schema text for one provider: header + the shared models. */
export function renderSchema(provider: Provider): string {
  const models = readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
  return `// GENERATED from prisma/models.prisma by scripts/db/schemas.ts. Do not edit.

generator client {
  provider   = "prisma-client"
  // Prisma 6.19 without a native query engine: queries go through the driver adapter
  // (lib/db.server.ts), so nothing is downloaded (../shared/docs/toolchain.md).
  engineType = "client"
  output     = "../generated/${provider}"
}

datasource db {
  provider = "${provider}"
  // Prisma 6 still needs a url here or the CLI falls back to the old query engine.
  url      = env("DATABASE_URL")
}

${models}`;
}

function main(): void {
  const check = process.argv.includes("--check");
  let stale = false;
  for (const provider of providers) {
    const file = schemaPath(provider);
    const wanted = renderSchema(provider);
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {
      current = "";
    }
    if (current === wanted) continue;
    if (check) {
      console.error(`${path.relative(root, file)} is out of step with prisma/models.prisma: run npm run db:schemas`);
      stale = true;
    } else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, wanted);
      console.log(`wrote ${path.relative(root, file)}`);
    }
  }
  if (stale) process.exit(1);
}

if (require.main === module) main();
