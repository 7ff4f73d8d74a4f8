/** Stripe-shaped errors: the SDK turns the `error.type` into StripeCardError, StripeInvalidRequestError… */
export interface StripeErrorBody {
  type:
    "api_error" | "card_error" | "idempotency_error" | "invalid_request_error" | "rate_limit_error";
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  payment_intent?: unknown;
  setup_intent?: unknown;
  payment_method?: unknown;
  doc_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
    this.name = "StripeApiError";
  }
}

export function invalidRequest(message: string, param?: string, code = "parameter_invalid_string") {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message,
    code,
    ...(param ? { param } : {}),
  });
}

export function unknownParameter(param: string) {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "parameter_unknown",
    message: `Received unknown parameter: ${param}`,
    param,
  });
}

export function missingParameter(param: string) {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    code: "parameter_missing",
    message: `Missing required param: ${param}.`,
    param,
  });
}

export function noSuch(kind: string, id: string, param = "id") {
  return new StripeApiError(404, {
    type: "invalid_request_error",
    code: "resource_missing",
    message: `No such ${kind}: '${id}'`,
    param,
  });
}

export function cardError(
  code: string,
  message: string,
  extra: Partial<StripeErrorBody> & { decline_code?: string } = {},
) {
  return new StripeApiError(402, { type: "card_error", code, message, ...extra });
}
