/**
 * The /v1 REST door onto the one router. Framework-free (a Fetch Request in, a Response out), so it can
 * be mounted by a Next.js route handler today and by a leaner Node server later without touching the router.
 */
import { TRPCError } from "@trpc/server";

import type { Db } from "@salesos/db";
import { currentRequestId, log, requestIdFrom, withRequest } from "@salesos/log";
import { AppError, isAppError } from "@salesos/validators";

import { createContext, type Context } from "./context";
import { apiEnv } from "./env";
import {
  idempotentRequestId,
  requestHash,
  withIdempotency,
  type StoredResponse,
} from "./middleware/idempotency";
import { jsonTooDeep, MAX_JSON_DEPTH, payloadTooLarge } from "./body-limits";
import { runOpenApi } from "./rest-adapter";
import { contractErrorBody, errorFacts, jsonError } from "./rest-response";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const JSON_TYPE = "application/json; charset=utf-8";

interface ReadRequest {
  /** The body as sent ("{}" for a body-less write). */
  body: string;
  headers: Headers;
}

/** Body-less POST/PUT/DELETE (the seed's portal and resume lines) are read as `{}`. */
async function readBody(req: Request): Promise<ReadRequest> {
  if (!BODY_METHODS.has(req.method)) return { body: "", headers: req.headers };
  const text = await req.text();
  if (req.method === "DELETE" && text.trim() !== "" && text.trim() !== "{}") {
    // The adapter reads DELETE input from the path and query only; a body would be silently ignored.
    throw new AppError("VALIDATION_FAILED", "DELETE takes no body.", {
      details: { issues: [{ path: "", message: "DELETE takes no body." }] },
    });
  }
  if (jsonTooDeep(text))
    throw payloadTooLarge(`The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`);
  let headers = req.headers;
  if (text.trim() === "" && !headers.get("content-type")) {
    headers = new Headers(headers);
    headers.set("content-type", "application/json");
  }
  return { body: text.trim() === "" ? "{}" : text, headers };
}

async function runAdapter(
  request: Request,
  read: ReadRequest,
  ctx: Context,
): Promise<StoredResponse & { headers: Headers }> {
  const response = await runOpenApi(request, { text: read.body, headers: read.headers }, ctx);
  const body =
    response.status >= 400
      ? contractErrorBody(response.body)
      : response.status === 204
        ? ""
        : response.body;
  return { status: response.status, body, headers: response.headers };
}

/**
 * The /v1 door. Whatever fails, the answer is the contract's JSON error (a database that is away is 503
 * with Retry-After, see db-errors.ts), never an empty body.
 */
export async function handleRestRequest(req: Request, opts: { db?: Db } = {}): Promise<Response> {
  // The production server opened the request's scope; under `next dev` this opens it (and says the id).
  if (!currentRequestId()) {
    const requestId = requestIdFrom(req.headers.get("x-request-id") ?? undefined);
    const response = await withRequest(requestId, () => handleRestRequest(req, opts));
    response.headers.set("x-request-id", requestId);
    return response;
  }
  try {
    return await answerRestRequest(req, opts);
  } catch (error) {
    const facts = errorFacts(error);
    if (facts.status >= 500)
      log().error(
        { err: error, method: req.method, path: new URL(req.url).pathname },
        "REST request failed",
      );
    const answer = jsonError(facts, isAppError(error) ? error.details?.issues : undefined);
    return new Response(answer.body, {
      status: answer.status,
      headers: { ...answer.headers, "content-type": JSON_TYPE },
    });
  }
}

async function answerRestRequest(req: Request, opts: { db?: Db }): Promise<Response> {
  // A body refused here (DELETE with a body, JSON too deep) is answered by handleRestRequest's catch.
  const read = await readBody(req);
  const { body } = read;
  const ctx = await createContext({
    headers: read.headers,
    transport: "rest",
    ...(opts.db ? { db: opts.db } : {}),
  });
  const key = req.headers.get("idempotency-key");
  let extraHeaders = new Headers();
  let result: StoredResponse;
  try {
    if (key !== null && BODY_METHODS.has(req.method) && ctx.actor) {
      const url = new URL(req.url);
      const scope = `${ctx.actor.user.id}:${ctx.actor.organization?.id ?? "-"}`;
      // The same request id on every retry with this key: a write that committed before its process died
      // is recognized by the engine (its audit row) instead of being refused as a second one.
      ctx.requestId = idempotentRequestId(scope, key);
      const outcome = await withIdempotency(ctx.db, {
        scope,
        key,
        hash: requestHash([req.method, url.pathname, url.search, body]),
        now: new Date(),
        leaseMs: apiEnv().IDEMPOTENCY_LEASE_SECONDS * 1000,
        run: async () => {
          const answer = await runAdapter(req, read, ctx);
          extraHeaders = answer.headers;
          return { status: answer.status, body: answer.body };
        },
      });
      result = outcome;
      if (outcome.replayed) extraHeaders = new Headers({ "Idempotent-Replayed": "true" });
    } else {
      const answer = await runAdapter(req, read, ctx);
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
