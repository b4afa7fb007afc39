/**
 * Security headers (docs/decisions/012-web-hardening.md). The Content-Security-Policy
 * allows inline scripts: Next streams each page's React Server Components payload as
 * inline <script> tags and the theme is set by a small inline script before paint, and
 * the lesson pages are static (built once), so per-request nonces are not available to
 * them. What the policy does hold: scripts, styles, images, fonts and requests only from
 * this origin (no third-party script can load, nothing can be posted elsewhere), no
 * plugins, no <base> rewriting, forms only to this origin, and no framing at all.
 * HSTS depends on NEXTAUTH_URL at run time, so proxy.ts adds it.
 */
function contentSecurityPolicy(dev) {
  return [
    "default-src 'self'",
    // 'unsafe-eval' only for the dev server (React's dev tooling); never in production.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** @type {(phase: string) => import('next').NextConfig} */
module.exports = (phase) => ({
  reactStrictMode: true,
  poweredByHeader: false,
  // esbuild (used by mdx-bundler at build time) ships a native binary and must not be bundled.
  serverExternalPackages: ["mdx-bundler", "esbuild", "@libsql/client", "libsql", "pg"],
  experimental: {
    // With proxy.ts in front, Next copies each request body into memory (up to this size)
    // so that both proxy and handler could read it, and drops the rest as it streams in.
    // Twice the API's 64 KB limit: socket chunks are at most 64 KB, so a body over the limit
    // always leaves more than 64 KB for lib/http.server.ts to see and answer 413, and no
    // request ever holds more than 128 KB (docs/decisions/012-web-hardening.md).
    proxyClientMaxBodySize: 2 * 64 * 1024,
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: contentSecurityPolicy(phase === "phase-development-server") },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()" },
        ],
      },
    ];
  },
});
