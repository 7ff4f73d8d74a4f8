import type { Params } from "./params";
import type { Store, StripeObject } from "./store";

/** What a route handler sees. */
export interface Ctx {
  store: Store;
  /** This server's own origin (hosted pages live here). */
  baseUrl: string;
  params: Params;
  /** Path captures, e.g. the `{id}` of /v1/customers/{id}. */
  ids: string[];
  /** Records an event (a deep copy of the object now) and hands it to webhook delivery. */
  emit(type: string, object: StripeObject, previous?: Record<string, unknown>): void;
}

export interface Reply {
  status?: number;
  body: unknown;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  method: "GET" | "POST" | "DELETE";
  pattern: RegExp;
  handler: Handler;
}

/** `/v1/customers/:id` → a regex capturing each `:name` segment. */
export function route(method: Route["method"], path: string, handler: Handler): Route {
  const source = path.replace(/:[a-z_]+/g, "([^/]+)");
  return { method, pattern: new RegExp(`^${source}$`), handler };
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

/** Stripe list object over `items` (newest first), honouring limit, starting_after, ending_before. */
export function listOf(items: StripeObject[], params: Params, url: string): Reply {
  const sorted = [...items].reverse();
  const limit = Math.min(Math.max(Number(params.limit ?? 10) || 10, 1), 100);
  let start = 0;
  let end = sorted.length;
  if (typeof params.starting_after === "string") {
    start = sorted.findIndex((o) => o.id === params.starting_after) + 1;
  } else if (typeof params.ending_before === "string") {
    end = Math.max(
      sorted.findIndex((o) => o.id === params.ending_before),
      0,
    );
    start = Math.max(end - limit, 0);
  }
  const page = sorted.slice(start, Math.min(start + limit, end));
  return {
    body: { object: "list", data: page, has_more: start + limit < end, url },
  };
}
