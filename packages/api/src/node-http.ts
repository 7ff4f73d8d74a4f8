/**
 * The /v1 surface served straight from Node's HTTP server (the production server in apps/web puts this in
 * front of Next.js): the same framework-free handlers the Next.js route files mount, without the
 * framework's routing and rendering machinery on the hot path.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

import { openApiDocument } from "./openapi";
import { handleRestRequest } from "./rest";
import { handleInvoicePdfRequest } from "./rest-pdf";
import { handleStripeWebhook } from "./rest-webhook";

const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE"]);
const PDF_PATH = /^\/v1\/payments\/invoices\/([^/]+)\/pdf$/;

let openApiJson: string | undefined;

/** Which handler answers this request, or null to leave it to Next.js (pages, /api, HEAD, OPTIONS). */
function routeOf(method: string, pathname: string): ((req: Request) => Promise<Response>) | null {
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
  if (pathname === "/v1/webhooks/stripe") return method === "POST" ? handleStripeWebhook : null;
  const pdf = PDF_PATH.exec(pathname);
  if (pdf)
    return method === "GET"
      ? (req) => handleInvoicePdfRequest(req, decodeURIComponent(pdf[1]!))
      : null;
  return handleRestRequest;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
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
 * Next.js should answer it.
 */
export function serveV1(req: IncomingMessage, res: ServerResponse): boolean {
  const pathAndQuery = req.url ?? "/";
  const queryAt = pathAndQuery.indexOf("?");
  const pathname = queryAt === -1 ? pathAndQuery : pathAndQuery.slice(0, queryAt);
  const handler = routeOf(req.method ?? "GET", pathname);
  if (!handler) return false;
  void (async () => {
    try {
      const body = req.method === "GET" ? null : await readAll(req);
      await send(res, await handler(toRequest(req, pathAndQuery, body)));
    } catch (error) {
      console.error(`${req.method} ${pathname}:`, error);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(
          JSON.stringify({
            code: "INTERNAL_SERVER_ERROR",
            message: "Something went wrong on our side.",
          }),
        );
      } else res.destroy();
    }
  })();
  return true;
}
