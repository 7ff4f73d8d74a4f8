import { TRPCError } from "@trpc/server";

import { currentRequestId } from "@salesos/log";

import { describeError, type ErrorFacts } from "./errors";
import { appRouter } from "./root";

/** Non-200 success statuses declared on procedures (`meta.successStatus`), e.g. 201 for creations. */
export function successStatusOf(path: string | undefined): number {
  if (!path) return 200;
  const procedure = (
    appRouter._def.procedures as unknown as Record<
      string,
      { _def: { meta?: { successStatus?: number } } } | undefined
    >
  )[path];
  return procedure?._def.meta?.successStatus ?? 200;
}

export function errorFacts(error: unknown): ErrorFacts {
  return describeError(
    error instanceof TRPCError
      ? error
      : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error }),
  );
}

export function errorHeaders(facts: ErrorFacts): Record<string, string> {
  const headers: Record<string, string> = {};
  if (facts.status === 401) headers["WWW-Authenticate"] = 'Bearer realm="salesos"';
  const retryAfter = facts.details?.retryAfterSeconds;
  if ((facts.status === 429 || facts.status === 503) && typeof retryAfter === "number")
    headers["Retry-After"] = String(retryAfter);
  return headers;
}

interface AdapterErrorBody {
  message?: string;
  data?: { appCode?: string; details?: unknown; issues?: unknown };
}

/**
 * The contract's error body `{ code, message, issues?, details?, requestId }` from the adapter's error
 * body. `requestId` is the request's (X-Request-Id), so a customer's report finds its log lines.
 */
export function contractErrorBody(text: string): string {
  let raw: AdapterErrorBody = {};
  try {
    raw = JSON.parse(text) as AdapterErrorBody;
  } catch {
    // not JSON: fall back to a generic body
  }
  return JSON.stringify({
    code: raw.data?.appCode ?? "INTERNAL_SERVER_ERROR",
    message: raw.message ?? "Something went wrong on our side.",
    ...(raw.data?.issues ? { issues: raw.data.issues } : {}),
    ...(raw.data?.details ? { details: raw.data.details } : {}),
    ...requestIdField(),
  });
}

/** `{ requestId }` inside a request scope (the production server opens one per request), else `{}`. */
export function requestIdField(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

export function jsonError(
  facts: ErrorFacts,
  issues?: unknown,
): { status: number; body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    code: facts.code,
    message: facts.message,
    ...(issues ? { issues } : {}),
    ...(facts.details ? { details: facts.details } : {}),
    ...requestIdField(),
  });
  return { status: facts.status, body, headers: errorHeaders(facts) };
}
