// @ts-check
/** Security headers that do not depend on the request; the CSP with its nonce is set in proxy.ts. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // pdfkit reads its data files and fonts from node_modules at run time, and exceljs's streams
  // do not survive bundling: the exports load them as plain Node packages.
  serverExternalPackages: ["better-sqlite3", "pdfkit", "fontkit", "exceljs"],
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

module.exports = nextConfig;
