import { TRPCError } from "@trpc/server";
import type { TRPC_ERROR_CODE_KEY } from "@trpc/server/rpc";

import { AppError, type ErrorCode } from "@salesos/validators";

import { databaseTrouble } from "./db-errors";

/** The one table: each stable error code, its tRPC code and its HTTP status. */
export const ERROR_TABLE: Record<ErrorCode, { trpc: TRPC_ERROR_CODE_KEY; http: number }> = {
  BAD_REQUEST: { trpc: "BAD_REQUEST", http: 400 },
  VALIDATION_FAILED: { trpc: "BAD_REQUEST", http: 400 },
  COUPON_INVALID: { trpc: "BAD_REQUEST", http: 400 },
  PREVIEW_INVALID: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", http: 401 },
  INVALID_CREDENTIALS: { trpc: "UNAUTHORIZED", http: 401 },
  PAYMENT_FAILED: { trpc: "PAYMENT_REQUIRED", http: 402 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  EMAIL_TAKEN: { trpc: "CONFLICT", http: 409 },
  EXISTING_SUBSCRIPTION: { trpc: "CONFLICT", http: 409 },
  ALREADY_ON_PLAN: { trpc: "CONFLICT", http: 409 },
  ALREADY_CANCELED: { trpc: "CONFLICT", http: 409 },
  NOT_RESUMABLE: { trpc: "CONFLICT", http: 409 },
  PAYMENT_METHOD_EXISTS: { trpc: "CONFLICT", http: 409 },
  LAST_PAYMENT_METHOD: { trpc: "CONFLICT", http: 409 },
  IDEMPOTENCY_IN_PROGRESS: { trpc: "CONFLICT", http: 409 },
  PAYMENT_IN_PROGRESS: { trpc: "CONFLICT", http: 409 },
  CREDIT_EXCEEDS_INVOICE: { trpc: "CONFLICT", http: 409 },
  PREVIEW_STALE: { trpc: "CONFLICT", http: 409 },
  SESSION_EXPIRED: { trpc: "NOT_FOUND", http: 410 },
  PAYLOAD_TOO_LARGE: { trpc: "PAYLOAD_TOO_LARGE", http: 413 },
  UNSUPPORTED_MEDIA_TYPE: { trpc: "UNSUPPORTED_MEDIA_TYPE", http: 415 },
  IDEMPOTENCY_KEY_REUSED: { trpc: "UNPROCESSABLE_CONTENT", http: 422 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  INTERNAL_SERVER_ERROR: { trpc: "INTERNAL_SERVER_ERROR", http: 500 },
  GATEWAY_UNAVAILABLE: { trpc: "BAD_GATEWAY", http: 502 },
  SERVICE_UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503 },
};

/** For errors raised by tRPC itself (no AppError behind them): the stable code to show. */
const FROM_TRPC: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: "VALIDATION_FAILED",
  PARSE_ERROR: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_SUPPORTED: "NOT_FOUND",
  CONFLICT: "CONFLICT",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
};

export function toTRPCError(error: AppError): TRPCError {
  return new TRPCError({
    code: ERROR_TABLE[error.code].trpc,
    message: error.message,
    cause: error,
  });
}

export interface ErrorFacts {
  code: ErrorCode;
  status: number;
  message: string;
  details: Record<string, unknown> | undefined;
}

/** What the outside world may learn about an error: never a stack, a SQL or a gateway message. */
export function describeError(error: TRPCError): ErrorFacts {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return {
      code: cause.code,
      status: ERROR_TABLE[cause.code].http,
      message: cause.message,
      details: cause.details,
    };
  }
  const trouble = databaseTrouble(cause);
  if (trouble === "unavailable")
    return {
      code: "SERVICE_UNAVAILABLE",
      status: 503,
      message: "The service is briefly unavailable. Try again in a moment.",
      details: { retryAfterSeconds: 2 },
    };
  if (trouble === "conflict")
    return {
      code: "CONFLICT",
      status: 409,
      message: "This request collided with another change. Try again.",
      details: undefined,
    };
  const code = FROM_TRPC[error.code] ?? "INTERNAL_SERVER_ERROR";
  const status = code === "INTERNAL_SERVER_ERROR" ? 500 : ERROR_TABLE[code].http;
  const message =
    code === "INTERNAL_SERVER_ERROR" ? "Something went wrong on our side." : error.message;
  return { code, status, message, details: undefined };
}
