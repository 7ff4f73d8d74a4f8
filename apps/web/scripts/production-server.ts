/**
 * The production HTTP server (`pnpm start`): Node's HTTP server answers the /v1 REST surface itself
 * (packages/api/src/node-http.ts) and hands everything else, pages and /api, to Next.js's request handler.
 * Run by serve.ts from the bundle `pnpm build` makes of it (build-server.ts): in the launcher's own
 * process on the embedded database, or as one cluster worker per core on PostgreSQL.
 * Before either: /healthz, /readyz and /metrics (packages/api/src/ops). Every request runs in a request
 * scope with its id (X-Request-Id, kept when sane, else new), returned in the X-Request-Id header, on each
 * of its JSON log lines and in its error bodies; one access line per request when it ends.
 */
import cluster from "node:cluster";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";

import next from "next";

import { bodyLimitBytes } from "@salesos/api/body-limits";
import { refuseLargeBody, serveV1 } from "@salesos/api/node-http";
import {
  createServerMetrics,
  joinClusterMetrics,
  metricsToken,
  pageTemplates,
  routeLabel,
  serveOps,
} from "@salesos/api/ops";
import { CLIENT_ADDRESS_HEADER, parseTrustedProxies, resolveClientAddress } from "@salesos/auth";
import { startJobsInBackground } from "@salesos/api/jobs";
import { getDatabase, getDb } from "@salesos/db";
import { log, requestIdFrom, rootLogger, withRequest } from "@salesos/log";

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
  const metrics = createServerMetrics(getDb);
  const pages = pageTemplates(builtPageRoutes());
  joinClusterMetrics(metrics.process);
  const ops = { db: getDb, metrics, metricsToken: metricsToken() };
  await app.prepare();
  // Background work starts with the server, not with Next.js's first page request: /readyz and the
  // queue's workers are right from the first second.
  startJobsInBackground(getDatabase());
  const server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers["x-request-id"]);
    // Next.js and the /v1 context read it from the request (ctx.requestId, the audit log).
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    withRequest(requestId, () => answer(req, res));
  });

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const started = process.hrtime.bigint();
    const pathname = (req.url ?? "/").split("?", 1)[0]!;
    res.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = routeLabel(pathname, pages);
      // A client that hung up before the answer was sent: 499, as nginx logs it.
      const status = res.writableFinished ? res.statusCode : 499;
      metrics.observeRequest(req.method ?? "GET", route, status, seconds);
      log().info(
        { method: req.method, route, status, ms: Math.round(seconds * 10_000) / 10 },
        "request",
      );
    });
    for (const [name, value] of securityHeaders) res.setHeader(name, value);
    if (serveOps(req, res, pathname, ops)) return;
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
  }
  // Node's defaults, made explicit: a slow client cannot hold a worker's socket forever.
  server.headersTimeout = 60_000;
  server.requestTimeout = 300_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.hostname, resolve);
  });
  if (!cluster.isWorker) console.info(`Ready on http://${opts.hostname ?? "0.0.0.0"}:${opts.port}`);
  else log().info({ port: opts.port }, "worker listening");
}

/** The page templates of this build ("/checkout/[sessionId]"), for the request metrics' route label. */
function builtPageRoutes(): string[] {
  const manifest = path.join(WEB_DIR, ".next", "app-path-routes-manifest.json");
  return Object.values(JSON.parse(readFileSync(manifest, "utf8")) as Record<string, string>);
}

// A cluster worker forked by serve.ts runs this file directly.
if (cluster.isWorker) {
  try {
    await startProductionServer({
      port: Number(process.env.PORT),
      hostname: process.env.SALESOS_LISTEN_HOSTNAME || undefined,
    });
  } catch (error) {
    rootLogger().fatal({ err: error }, "the server could not start");
    process.exit(1);
  }
}
