/**
 * The /v1 surface served straight from Node's HTTP server (the production server in apps/web puts this in
 * front of Next.js): the same framework-free handlers the Next.js route files mount, without the
 * framework's routing and rendering machinery on the hot path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import type { Db } from "@salesos/db";
import { currentRequestId, log } from "@salesos/log";

import { openApiDocument } from "./openapi";
import { handleRestRequest } from "./rest";
import { handleInvoicePdfRequest } from "./rest-pdf";
import { handleStripeWebhook } from "./rest-webhook";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const PDF_PATH = /^\/v1\/payments\/invoices\/([^/]+)\/pdf$/;

let openApiJson: string | undefined;

/**
 * A path segment decoded, or as sent when it is not valid percent-encoding (%ED%A0%80, a lone "%"): the
 * REST adapter never decodes its path parameters, so such an id is then simply not found (404), as on
 * every other route, instead of a URIError (500).
 */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Which handler answers this request, or null to leave it to Next.js (pages, /api, HEAD, OPTIONS). */
function routeOf(
  method: string,
  pathname: string,
  db?: Db,
): ((req: Request) => Promise<Response>) | null {
  if (!METHODS.has(method) || !pathname.startsWith("/v1/") || pathname.endsWith("/")) return null;
  if (pathname === "/v1/openapi.json")
    return method === "GET"
      ? async () => {
          openApiJson ??= JSON.stringify(openApiDocument());
          return new Response(openApiJson, {
            headers: { "content-type": "application/json" },
          });
        }
      : null;
  if (pathname === "/v1/webhooks/stripe")
    return method === "POST" ? (req) => handleStripeWebhook(req, { db }) : null;
  const pdf = PDF_PATH.exec(pathname);
  if (pdf)
    return method === "GET"
      ? (req) => handleInvoicePdfRequest(req, decodeSegment(pdf[1]!), { db })
      : null;
  return (req) => handleRestRequest(req, { db });
}

/** The body, or null as soon as it passes `limit` bytes (the rest is never read). */
function readLimited(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers["content-length"] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/**
 * 413 with the usual error body, sent at once. The rest of the body is then read and thrown away (never
 * held), so a client still sending gets to read the answer, up to 16 MiB; past that the connection is cut.
 */
export function refuseLargeBody(res: ServerResponse, limit: number): void {
  const req = res.req;
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > 16 * 1024 * 1024) req.socket.destroy();
  });
  req.resume();
  const body = JSON.stringify({
    code: "PAYLOAD_TOO_LARGE",
    message: `The request body is larger than ${limit} bytes.`,
    requestId: currentRequestId(),
  });
  res.writeHead(413, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}

function toRequest(req: IncomingMessage, pathAndQuery: string, body: Buffer | null): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return new Request(`http://${req.headers.host ?? "localhost"}${pathAndQuery}`, {
    method: req.method!,
    headers,
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = response.status === 204 ? null : Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (body) headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Answers the request if it is one of ours and returns true; returns false (having touched nothing) when
 * Next.js should answer it. `db` is for tests (the process-wide database otherwise).
 */
export function serveV1(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { bodyLimit: number; db?: Db },
): boolean {
  const pathAndQuery = req.url ?? "/";
  const queryAt = pathAndQuery.indexOf("?");
  const pathname = queryAt === -1 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const handler = routeOf(req.method ?? "GET", pathname, opts.db);
  if (!handler) return false;
  void (async () => {
    try {
      const body = req.method === "GET" ? null : await readLimited(req, opts.bodyLimit);
      if (req.method !== "GET" && body === null) return refuseLargeBody(res, opts.bodyLimit);
      await send(res, await handler(toRequest(req, pathAndQuery, body)));
    } catch (error) {
      log().error({ err: error, method: req.method, path: pathname }, "request failed");
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({
            code: "INTERNAL_SERVER_ERROR",
            message: "Something went wrong on our side.",
            requestId: currentRequestId(),
          }),
        );
      } else res.destroy();
    }
  })();
  return true;
}
