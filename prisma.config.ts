// Prisma CLI configuration. `engine: "js"` runs the Wasm schema engine through a driver
// adapter, so the CLI never downloads a native schema-engine binary (Prisma 7 and the
// classic engine both do, which fails on air-gapped machines: ../shared/docs/toolchain.md).
// The project applies migrations with its own runner (scripts/db/migrate.ts); the CLI is
// used for `generate` and `migrate diff` only.
import type { PrismaConfig } from "prisma";
import { PrismaLibSQL } from "@prisma/adapter-libsql";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "file:./data/academy.db";
const isPostgres = /^postgres(ql)?:\/\//.test(url);

export default {
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/sqlite/schema.prisma",
  async adapter() {
    return isPostgres ? new PrismaPg({ connectionString: url }) : new PrismaLibSQL({ url });
  },
} satisfies PrismaConfig;
