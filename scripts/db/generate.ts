/**
 * `npm run db:generate`: checks both provider schemas are in step with prisma/models.prisma,
 * then generates a Prisma client for each. Runs offline (engine "js", prisma.config.ts).
 */
import { execFileSync } from "node:child_process";
import { providers, renderSchema, schemaPath } from "./schemas";
import { readFileSync } from "node:fs";

for (const provider of providers) {
  if (readFileSync(schemaPath(provider), "utf8") !== renderSchema(provider)) {
    console.error(`prisma/${provider}/schema.prisma is out of step with prisma/models.prisma: run npm run db:schemas`);
    process.exit(1);
  }
  // generate reads no database, but the schema's env("DATABASE_URL") must resolve to this provider's kind.
  const url = provider === "sqlite" ? "file:./data/academy.db" : "postgresql://localhost/unused";
  execFileSync("npx", ["prisma", "generate", "--schema", schemaPath(provider)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}
console.log("db:generate: Prisma clients for sqlite and postgresql are up to date");
