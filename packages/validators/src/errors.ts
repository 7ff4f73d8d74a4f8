/**
 * Every stable error code the product can answer with. The API maps each one to a tRPC code and an
 * HTTP status in one table (packages/api/src/errors.ts); the rest of the code only throws `AppError`.
 */
export const ERROR_CODES = [
  "BAD_REQUEST",
  "VALIDATION_FAILED",
  "UNAUTHORIZED",
  "INVALID_CREDENTIALS",
  "FORBIDDEN",
  "NOT_FOUND",
  "CONFLICT",
  "EMAIL_TAKEN",
  "EXISTING_SUBSCRIPTION",
  "ALREADY_ON_PLAN",
  "ALREADY_CANCELED",
  "NOT_RESUMABLE",
  "PAYMENT_METHOD_EXISTS",
  "LAST_PAYMENT_METHOD",
  "IDEMPOTENCY_IN_PROGRESS",
  "PAYMENT_IN_PROGRESS",
  "PREVIEW_INVALID",
  "PREVIEW_STALE",
  "CREDIT_EXCEEDS_INVOICE",
  "PAYMENT_FAILED",
  "SESSION_EXPIRED",
  "COUPON_INVALID",
  "IDEMPOTENCY_KEY_REUSED",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "GATEWAY_UNAVAILABLE",
  "SERVICE_UNAVAILABLE",
  "INTERNAL_SERVER_ERROR",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one domain error type: a stable code, a human message safe to show, optional details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
