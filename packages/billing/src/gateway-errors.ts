import { AppError } from "@salesos/validators";

import { GatewayError, type ChargeResult } from "./gateways/port";

/** Gateway failures as API errors: a decline is 402 with its code; a provider failure is 502. */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof GatewayError)) return error;
  if (error.code === "card_declined") {
    return new AppError("PAYMENT_FAILED", error.message, {
      details: { declineCode: error.declineCode ?? "card_declined" },
    });
  }
  if (error.code === "invalid_payment_method") return new AppError("BAD_REQUEST", error.message);
  // Unknown and another organization's card look the same: 404.
  if (error.code === "payment_method_not_found") return new AppError("NOT_FOUND", error.message);
  return new AppError(
    "GATEWAY_UNAVAILABLE",
    "The payment provider did not answer. Nothing was changed; try again.",
    {
      details: { retryable: error.retryable },
      cause: error,
    },
  );
}

/** Runs a gateway call, translating its typed error. */
export async function callGateway<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toAppError(error);
  }
}

export function declinedError(result: Extract<ChargeResult, { status: "failed" }>): AppError {
  return new AppError("PAYMENT_FAILED", result.message, {
    details: { declineCode: result.declineCode ?? result.failureCode },
  });
}
