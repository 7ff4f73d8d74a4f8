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

import { newNonce, pagePolicy, securityHeadersFor } from "./security-headers";

// Run from its bundle in .next/salesos (see build-server.ts); serve.ts says where the app is.
const WEB_DIR = process.env.SALESOS_WEB_DIR ?? path.resolve(import.meta.dirname, "..");

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
    // Pages: a script policy with a nonce of this answer's own. Next.js takes the nonce from the request's
    // policy header, so that header is ours whatever the client sent.
    const policy = pagePolicy(newNonce());
    req.headers["content-security-policy"] = policy;
    delete req.headers["content-security-policy-report-only"];
    res.setHeader("Content-Security-Policy", policy);
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
