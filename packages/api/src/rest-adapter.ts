/**
 * The OpenAPI adapter, built once. trpc-to-openapi's fetch handler rebuilds its route table (a regular
 * expression per procedure) on every request; this keeps one node-style handler for the process and feeds
 * it the same Request proxy the fetch handler would.
 */
import { TRPCError } from "@trpc/server";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";

import { log } from "@salesos/log";

import type { Context } from "./context";
import { describeError } from "./errors";
import { errorFacts, errorHeaders, successStatusOf } from "./rest-response";
import { appRouter } from "./root";

interface AdapterAnswer {
  status: number;
  body: string;
  headers: Headers;
}

/** Per request: the context the handler is given and the procedure it matched (for the success status). */
interface Exchange {
  ctx: Context;
  path?: string;
  request: Request;
}
const exchanges = new WeakMap<object, Exchange>();

type NodeHandler = (req: unknown, res: unknown) => Promise<void>;

const handler = createOpenApiNodeHttpHandler({
  router: appRouter,
  createContext: ({ req }: { req: object }) => exchanges.get(req)!.ctx,
  responseMeta: ({ errors, paths }: { errors: TRPCError[]; paths?: string[] }) => {
    const error = errors[0];
    if (!error) return { status: successStatusOf(paths?.[0]) };
    const facts = errorFacts(error);
    return { status: facts.status, headers: errorHeaders(facts) };
  },
  onError: ({ error, req }: { error: TRPCError; req: object }) => {
    if (describeError(error).status < 500) return;
    const request = exchanges.get(req)?.request;
    log().error(
      {
        err: error.cause ?? error,
        method: request?.method,
        path: request ? new URL(request.url).pathname : undefined,
      },
      "REST procedure failed",
    );
  },
} as never) as unknown as NodeHandler;

function parsedBody(
  headers: Headers,
  text: string,
): { valid: boolean; data: unknown; cause?: unknown } {
  const type = headers.get("content-type") ?? "";
  if (!type.includes("application/json")) return { valid: true, data: text };
  try {
    return { valid: true, data: JSON.parse(text) };
  } catch (cause) {
    return { valid: false, data: undefined, cause };
  }
}

/**
 * Runs one /v1 request through the router with this context: `text` is its body, already read, and
 * `headers` its headers (with a content type supplied for an empty body).
 */
export function runOpenApi(
  request: Request,
  read: { text: string; headers: Headers },
  ctx: Context,
): Promise<AdapterAnswer> {
  // The adapter matches paths without the /v1 prefix, as the fetch handler's `endpoint` option did.
  const url = request.url.replace("/v1", "");
  const body = parsedBody(read.headers, read.text);
  const proxy = new Proxy(request, {
    get: (target, prop) => {
      if (prop === "url") return url;
      if (prop === "headers") return read.headers;
      if (prop === "body") {
        if (!body.valid)
          throw new TRPCError({
            code: "PARSE_ERROR",
            message: "Failed to parse request body",
            cause: body.cause,
          });
        return body.data;
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function"
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
  exchanges.set(proxy, { ctx, request });
  const headers = new Headers();
  let status = 200;
  return new Promise<AdapterAnswer>((resolve, reject) => {
    const res = {
      get statusCode() {
        return status;
      },
      set statusCode(code: number) {
        status = code;
      },
      setHeader(key: string, value: string | string[]) {
        for (const v of typeof value === "string" ? [value] : value) headers.append(key, v);
      },
      end(answer?: string) {
        resolve({ status, body: answer ?? "", headers });
      },
    };
    handler(proxy, res).catch(reject);
  });
}
