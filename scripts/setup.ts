/**
 * `npm run setup`: first-run configuration for a fresh machine. Writes .env with a random
 * NEXTAUTH_SECRET (and the default SQLite DATABASE_URL) unless .env already exists.
 */
import { randomBytes } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";

if (existsSync(".env")) {
  console.log("setup: .env exists, leaving it as it is");
} else {
  writeFileSync(
    ".env",
    [
      "# Written by npm run setup. See README.md, Configuration.",
      "DATABASE_URL=file:./data/academy.db",
      `NEXTAUTH_SECRET=${randomBytes(32).toString("base64url")}`,
      "NEXTAUTH_URL=http://localhost:3000",
      "",
    ].join("\n"),
    { mode: 0o600 },
  );
  console.log("setup: wrote .env (SQLite at data/academy.db, a fresh NEXTAUTH_SECRET)");
}
