/**
 * Serves the production build, as `next start` does, with one thing added: the client's address is
 * decided here, from the socket, before Next.js sees the request. Next.js keeps whatever
 * X-Forwarded-For a client sends, so without this anyone could pick the address that rate limits
 * count against. Forwarded headers are believed only when the operator says how many proxies stand
 * in front (TRUST_PROXY); otherwise they are dropped.
 *
 *   node scripts/serve.mjs [-p PORT] [-H HOSTNAME]     (PORT from the environment too)
 */
import http from "node:http";
import next from "next";

/** The header the app reads the client's address from (server/client-address.ts). */
const CLIENT_HEADER = "x-roundtable-client";
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded", "x-real-ip"];

function arg(flag) {
  const i = process.argv.indexOf(flag);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg("-p") ?? process.env.PORT ?? 3000);
// Only -H: many containers export HOSTNAME as the machine's name, which must not narrow where we listen.
const hostname = arg("-H");
const trustedProxies = parseTrustProxy(process.env.TRUST_PROXY);

/** TRUST_PROXY: how many reverse proxies stand between the internet and this server (0 = none). */
function parseTrustProxy(value) {
  if (value === undefined || value === "" || value === "false" || value === "0") return 0;
  if (value === "true") return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) {
    console.error(`TRUST_PROXY must be the number of proxies in front of Roundtable (0 to 10), not "${value}".`);
    process.exit(1);
  }
  return n;
}

/**
 * The client's address: the socket's peer, or with N trusted proxies the address the outermost
 * of them saw (each proxy appends the address it received the request from, so the N-th entry
 * from the right of [X-Forwarded-For…, socket] was written by a proxy we trust).
 */
export function clientAddress(forwardedFor, socketAddress, proxies) {
  const hops =
    proxies === 0
      ? []
      : (forwardedFor ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  const chain = [...hops, socketAddress ?? "unknown"];
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d; count it as a.b.c.d.
  return chain[Math.max(0, chain.length - 1 - proxies)].replace(/^::ffff:/, "");
}

function prepareHeaders(req) {
  const headers = req.headers;
  const forwardedFor = Array.isArray(headers["x-forwarded-for"]) ? headers["x-forwarded-for"].join(",") : headers["x-forwarded-for"];
  const client = clientAddress(forwardedFor, req.socket.remoteAddress, trustedProxies);
  if (trustedProxies === 0) for (const name of FORWARDED) delete headers[name];
  headers["x-forwarded-for"] = client;
  headers[CLIENT_HEADER] = client;
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;

if (isMain) {
  process.env.NODE_ENV = "production";
  const app = next({ dev: false, dir: process.cwd(), hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const upgrade = app.getUpgradeHandler();
  const server = http.createServer((req, res) => {
    prepareHeaders(req);
    handle(req, res).catch((error) => {
      console.error(`[serve] ${req.method} ${req.url} failed`, error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  server.on("upgrade", (req, socket, head) => {
    prepareHeaders(req);
    upgrade(req, socket, head).catch(() => socket.destroy());
  });
  server.on("error", (error) => {
    console.error(
      error.code === "EADDRINUSE"
        ? `Port ${port} is already in use: set PORT to a free port.`
        : `The server could not start: ${error.message}`,
    );
    process.exit(1);
  });
  server.listen(port, hostname, () => {
    console.log(
      `▲ Roundtable listening on http://${hostname ?? "localhost"}:${port}${trustedProxies ? ` (trusting ${trustedProxies} proxy hop${trustedProxies === 1 ? "" : "s"})` : ""}`,
    );
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      server.close();
      void app.close?.().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 2000).unref();
    });
  }
}
