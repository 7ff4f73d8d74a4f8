/**
 * /healthz, /readyz and /metrics, answered by the production server before anything else: no session,
 * no rate limit (a load balancer probes every few seconds), no Next.js.
 * - /healthz: the process answers (200). A load balancer restarts an instance that stops answering it.
 * - /readyz: 200 or 503 with each check (readiness.ts); the balancer sends traffic only on 200.
 * - /metrics: Prometheus text, only with `Authorization: Bearer $METRICS_TOKEN`; without METRICS_TOKEN
 *   it does not exist (404).
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Db } from "@salesos/db";
import { currentRequestId, log } from "@salesos/log";

import { processMetricsText } from "./cluster-metrics";
import type { ServerMetrics } from "./metrics";
import { checkReadiness } from "./readiness";

export interface OpsOptions {
  db: () => Db;
  metrics: ServerMetrics;
  /** METRICS_TOKEN, validated at start (metricsToken). */
  metricsToken: string | undefined;
}

/** METRICS_TOKEN, checked once at start: a short token is a start failure, not a weak endpoint. */
export function metricsToken(value = process.env.METRICS_TOKEN): string | undefined {
  if (value === undefined || value === "") return undefined;
  if (value.length < 32) throw new Error("METRICS_TOKEN must be at least 32 characters.");
  return value;
}

function json(res: ServerResponse, status: number, body: object, headers: object = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function error(res: ServerResponse, status: number, code: string, message: string, headers = {}) {
  json(res, status, { code, message, requestId: currentRequestId() }, headers);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function answerMetrics(req: IncomingMessage, res: ServerResponse, opts: OpsOptions) {
  if (!opts.metricsToken) return error(res, 404, "NOT_FOUND", "No such route.");
  if (!bearerMatches(req.headers.authorization, opts.metricsToken))
    return error(res, 401, "UNAUTHORIZED", "A valid metrics token is required.", {
      "www-authenticate": 'Bearer realm="metrics"',
    });
  const [own, shared] = await Promise.all([
    processMetricsText(opts.metrics.process),
    opts.metrics.shared.metrics(),
  ]);
  const text = `${own.trimEnd()}\n${shared}`;
  res.writeHead(200, {
    "content-type": opts.metrics.process.contentType,
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** Answers the request and returns true when it is one of these three paths; false otherwise. */
export function serveOps(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  opts: OpsOptions,
): boolean {
  if (pathname !== "/healthz" && pathname !== "/readyz" && pathname !== "/metrics") return false;
  // Other methods go on to Next.js, which answers 404 as for any path it does not have.
  if (req.method !== "GET" && req.method !== "HEAD") return false;
  void (async () => {
    try {
      if (pathname === "/healthz") return json(res, 200, { status: "ok" });
      if (pathname === "/readyz") {
        const readiness = await checkReadiness(opts.db());
        return json(res, readiness.ready ? 200 : 503, {
          status: readiness.ready ? "ready" : "not ready",
          checks: readiness.checks,
        });
      }
      await answerMetrics(req, res, opts);
    } catch (failure) {
      log().error({ err: failure, path: pathname }, "ops endpoint failed");
      if (!res.headersSent)
        error(res, 500, "INTERNAL_SERVER_ERROR", "Something went wrong on our side.");
      else res.destroy();
    }
  })();
  return true;
}
