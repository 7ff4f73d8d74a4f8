/**
 * The /v1 REST door onto the one router. Framework-free (a Fetch Request in, a Response out), so it can
 * be mounted by a Next.js route handler today and by a leaner Node server later without touching the router.
 */
import { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";

import type { Db } from "@salesos/db";
import { AppError, isAppError } from "@salesos/validators";

import { createContext, type Context } from "./context";
import { apiEnv } from "./env";
import { describeError } from "./errors";
import {
  idempotentRequestId,
  requestHash,
  withIdempotency,
  type StoredResponse,
} from "./middleware/idempotency";
import {
  contractErrorBody,
  errorFacts,
  errorHeaders,
  jsonError,
  successStatusOf,
} from "./rest-response";
import { appRouter } from "./root";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = "application/json; charset=utf-8";

/** Body-less POST/PUT/DELETE (the seed's portal and resume lines) are read as `{}`. */
async function readBody(req: Request): Promise<{ request: Request; body: string }> {
  if (!BODY_METHODS.has(req.method)) return { request: req, body: "" };
  const text = await req.text();
  if (req.method === "DELETE" && text.trim() !== "" && text.trim() !== "{}") {
    // The adapter reads DELETE input from the path and query only; a body would be silently ignored.
    throw new AppError("VALIDATION_FAILED", "DELETE takes no body.", {
      details: { issues: [{ path: "", message: "DELETE takes no body." }] },
    });
  }
  const headers = new Headers(req.headers);
  if (text.trim() === "" && !headers.get("content-type"))
    headers.set("content-type", "application/json");
  const body = text.trim() === "" ? "{}" : text;
  return { request: new Request(req.url, { method: req.method, headers, body }), body };
}

async function runAdapter(
  request: Request,
  ctx: Context,
): Promise<StoredResponse & { headers: Headers }> {
  let path: string | undefined;
  const response = await createOpenApiFetchHandler({
    endpoint: "/v1",
    router: appRouter,
    req: request,
    createContext: () => ctx,
    responseMeta: ({ errors, paths }) => {
      path = paths?.[0];
      const error = errors[0];
      if (!error) return { status: successStatusOf(path) };
      const facts = errorFacts(error);
      return { status: facts.status, headers: errorHeaders(facts) };
    },
    onError: ({ error }) => {
      if (describeError(error).status >= 500)
        console.error(
          `REST ${request.method} ${new URL(request.url).pathname}:`,
          error.cause ?? error,
        );
    },
  });
  const text = await response.text();
  const body =
    response.status >= 400 ? contractErrorBody(text) : response.status === 204 ? "" : text;
  return { status: response.status, body, headers: response.headers };
}

export async function handleRestRequest(req: Request, opts: { db?: Db } = {}): Promise<Response> {
  let read: { request: Request; body: string };
  try {
    read = await readBody(req);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const answer = jsonError(
      errorFacts(new TRPCError({ code: "BAD_REQUEST", cause: error })),
      error.details?.issues,
    );
    return new Response(answer.body, {
      status: answer.status,
      headers: { "content-type": JSON_TYPE },
    });
  }
  const { request, body } = read;
  const ctx = await createContext({
    headers: request.headers,
    transport: "rest",
    ...(opts.db ? { db: opts.db } : {}),
  });
  const key = request.headers.get("idempotency-key");
  let extraHeaders = new Headers();
  let result: StoredResponse;
  try {
    if (key !== null && BODY_METHODS.has(request.method) && ctx.actor) {
      const url = new URL(request.url);
      const scope = `${ctx.actor.user.id}:${ctx.actor.organization?.id ?? "-"}`;
      // The same request id on every retry with this key: a write that committed before its process died
      // is recognized by the engine (its audit row) instead of being refused as a second one.
      ctx.requestId = idempotentRequestId(scope, key);
      const outcome = await withIdempotency(ctx.db, {
        scope,
        key,
        hash: requestHash([request.method, url.pathname, url.search, body]),
        now: new Date(),
        leaseMs: apiEnv().IDEMPOTENCY_LEASE_SECONDS * 1000,
        run: async () => {
          const answer = await runAdapter(request, ctx);
          extraHeaders = answer.headers;
          return { status: answer.status, body: answer.body };
        },
      });
      result = outcome;
      if (outcome.replayed) extraHeaders = new Headers({ "Idempotent-Replayed": "true" });
    } else {
      const answer = await runAdapter(request, ctx);
      extraHeaders = answer.headers;
      result = answer;
    }
  } catch (error) {
    if (!isAppError(error)) throw error;
    const answer = jsonError(
      errorFacts(new TRPCError({ code: "BAD_REQUEST", cause: error })),
      error.details?.issues,
    );
    result = answer;
    extraHeaders = new Headers(answer.headers);
  }
  const headers = new Headers();
  for (const name of ["www-authenticate", "retry-after", "idempotent-replayed"]) {
    const value = extraHeaders.get(name);
    if (value) headers.set(name, value);
  }
  if (result.status === 204) return new Response(null, { status: 204, headers });
  headers.set("content-type", JSON_TYPE);
  return new Response(result.body, { status: result.status, headers });
}
