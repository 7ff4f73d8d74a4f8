/**
 * The production HTTP server (`pnpm start`): Node's HTTP server answers the /v1 REST surface itself
 * (packages/api/src/node-http.ts) and hands everything else, pages and /api, to Next.js's request handler.
 * Run by serve.ts from the bundle `pnpm build` makes of it (build-server.ts): in the launcher's own
 * process on the embedded database, or as one cluster worker per core on PostgreSQL.
 */
import cluster from "node:cluster";
import { createServer } from "node:http";
import path from "node:path";

import next from "next";

import { bodyLimitBytes } from "@salesos/api/body-limits";
import { refuseLargeBody, serveV1 } from "@salesos/api/node-http";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies, resolveClientAddress } from "@salesos/auth";

// Run from its bundle in .next/salesos (see build-server.ts); serve.ts says where the app is.
const WEB_DIR = process.env.SALESOS_WEB_DIR ?? path.resolve(import.meta.dirname, "..");

/**
 * On every answer, pages and API alike: no framing (clickjacking of the sign-in and billing pages), no
 * MIME sniffing, no full URLs in Referer to other sites, and HSTS when the public URL is HTTPS. The script
 * policy (a CSP with nonces) is not here yet: see docs/security.md.
 */
function securityHeadersFor(publicUrl: string | undefined): [string, string][] {
  const headers: [string, string][] = [
    ["Content-Security-Policy", "frame-ancestors 'none'"],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
  ];
  if (publicUrl?.startsWith("https://"))
    headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

export async function startProductionServer(opts: {
  port: number;
  hostname: string | undefined;
}): Promise<void> {
  const app = next({
    dev: false,
    dir: WEB_DIR,
    port: opts.port,
    ...(opts.hostname ? { hostname: opts.hostname } : {}),
  });
  const handle = app.getRequestHandler();
  // Read once, so a bad value stops the start instead of failing requests.
  const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  const bodyLimit = bodyLimitBytes();
  const securityHeaders = securityHeadersFor(process.env.NEXTAUTH_URL);
  await app.prepare();
  const server = createServer((req, res) => {
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    // Rate limits key on this: worked out here from the socket, never taken from the client.
    req.headers[CLIENT_ADDRESS_HEADER] = resolveClientAddress({
      socketAddress: req.socket.remoteAddress,
      forwardedFor: [req.headers["x-forwarded-for"] ?? []].flat().join(","),
      trusted,
    });
    if (serveV1(req, res, { bodyLimit })) return;
    // Next.js reads bodies whole: it gets only bodies that declare a length within the limit.
    const declared = req.headers["content-length"];
    const hasBody = declared !== undefined || req.headers["transfer-encoding"] !== undefined;
    if (hasBody && !(Number(declared) <= bodyLimit)) return refuseLargeBody(res, bodyLimit);
    void handle(req, res);
  });
  // Node's defaults, made explicit: a slow client cannot hold a worker's socket forever.
  server.headersTimeout = 60_000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, resolve);
  });
  if (!cluster.isWorker) console.info(`Ready on http://${opts.hostname ?? "0.0.0.0"}:${opts.port}`);
}

// A cluster worker forked by serve.ts runs this file directly.
if (cluster.isWorker) {
  try {
    await startProductionServer({
      port: Number(process.env.PORT),
      hostname: process.env.SALESOS_LISTEN_HOSTNAME || undefined,
    });
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
