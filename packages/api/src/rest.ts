/**
 * The /v1 REST door onto the one router. Framework-free (a Fetch Request in, a Response out), so it can
 * be mounted by a Next.js route handler today and by a leaner Node server later without touching the router.
 */
import { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";

import type { Db } from "@salesos/db";

import { createContext } from "./context";
import { describeError } from "./errors";
import { appRouter } from "./root";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Body-less POST/PUT/DELETE (the seed's portal and resume lines) are treated as `{}`. */
async function withJsonBody(req: Request): Promise<Request> {
  if (!BODY_METHODS.has(req.method)) return req;
  const body = await req.text();
  if (body.trim() !== "" || req.headers.get("content-type")) {
    return new Request(req.url, {
      method: req.method,
      headers: req.headers,
      body: body === "" ? "{}" : body,
    });
  }
  const headers = new Headers(req.headers);
  headers.set("content-type", "application/json");
  return new Request(req.url, { method: req.method, headers, body: "{}" });
}

function errorHeaders(facts: ReturnType<typeof describeError>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (facts.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="salesos"';
  const retryAfter = facts.details?.retryAfterSeconds;
  if (facts.status === 429 && typeof retryAfter === "number")
    headers["Retry-After"] = String(retryAfter);
  return headers;
}

interface AdapterErrorBody {
  message?: string;
  data?: { appCode?: string; details?: unknown; issues?: unknown };
}

/** Rewrites the adapter's error body into the contract's `{ code, message, issues?, details? }`. */
async function contractError(response: Response): Promise<Response> {
  const raw = (await response.json().catch(() => ({}))) as AdapterErrorBody;
  const body = {
    code: raw.data?.appCode ?? "INTERNAL_SERVER_ERROR",
    message: raw.message ?? "Something went wrong on our side.",
    ...(raw.data?.issues ? { issues: raw.data.issues } : {}),
    ...(raw.data?.details ? { details: raw.data.details } : {}),
  };
  const headers = new Headers(response.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.delete("content-length");
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

export async function handleRestRequest(req: Request, opts: { db?: Db } = {}): Promise<Response> {
  const request = await withJsonBody(req);
  const response = await createOpenApiFetchHandler({
    endpoint: "/v1",
    router: appRouter,
    req: request,
    createContext: () =>
      createContext({
        headers: request.headers,
        transport: "rest",
        ...(opts.db ? { db: opts.db } : {}),
      }),
    responseMeta: ({ errors }) => {
      const error = errors[0];
      if (!error) return {};
      const facts = describeError(
        error instanceof TRPCError
          ? error
          : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }),
      );
      return { status: facts.status, headers: errorHeaders(facts) };
    },
    onError: ({ error, path }) => {
      if (describeError(error).status >= 500)
        console.error(
          `REST ${req.method} ${path ?? new URL(req.url).pathname}:`,
          error.cause ?? error,
        );
    },
  });
  if (response.status < 400) {
    const headers = new Headers(response.headers);
    headers.set("content-type", "application/json; charset=utf-8");
    return new Response(response.body, { status: response.status, headers });
  }
  return contractError(response);
}
