import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

/** The packet-walk engine, quiz core and labs are pure: they run in the browser and on the server alike. */
const pureCoreRestrictions = {
  patterns: [
    { group: ["react", "react-dom", "react/*", "next", "next/*", "next-auth", "next-auth/*"], message: "lib/packet-walk and lib/quiz are pure: no UI framework imports." },
    { group: ["@prisma/*", "prisma", "@/prisma/*", "pg", "@libsql/*"], message: "lib/packet-walk and lib/quiz are pure: no database imports." },
    { group: ["node:*", "fs", "fs/*", "path", "child_process", "net", "http", "https", "os"], message: "lib/packet-walk and lib/quiz are pure: no Node I/O; put it in a shell (scripts/ or *.server.ts)." },
    { group: ["@/lib/*.server", "@/lib/**/*.server", "@/components/*", "@/app/*", "server-only"], message: "The pure core must not depend on the server shell or the UI." },
  ],
};

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: [".next/**", "node_modules/**", "prisma/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  {
    files: ["lib/packet-walk/**/*.ts", "lib/quiz/**/*.ts", "lib/labs/**/*.ts", "content/labs/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", pureCoreRestrictions] },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
