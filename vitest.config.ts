import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "content/**/*.test.ts", "scripts/**/*.test.ts", "bench/**/*.test.ts"],
    environment: "node",
    setupFiles: ["tests/setup/fail-on-console-error.ts"],
    // server-only throws outside a React Server environment; unit tests import server modules directly.
    alias: { "server-only": path.resolve(__dirname, "tests/setup/server-only-noop.ts") },
  },
});
