import Stripe from "stripe";

import { GatewayError } from "../port";

/**
 * One decline vocabulary on both gateways: Stripe's `decline_code` (insufficient_funds, lost_card, …),
 * except that its `generic_decline` is our `card_declined` (the LOCAL gateway's, and the spec's, word for
 * a decline without a reason); with no decline code, Stripe's error code (expired_card, incorrect_cvc…).
 */
export function declineCodeOf(error: {
  decline_code?: string | undefined;
  code?: string | undefined;
}) {
  const code = error.decline_code ?? error.code ?? "card_declined";
  return code === "generic_decline" ? "card_declined" : code;
}

/**
 * Stripe's errors as our one gateway error: a decline is final (402 with its decline code); a rate limit,
 * a Stripe 5xx, a timeout or a lost connection is retryable (502/503: nothing changed on our side, the
 * attempt stays for the reconciler); an unknown or foreign payment method is "not found".
 */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof Stripe.errors.StripeCardError)
    return new GatewayError("card_declined", error.message, {
      declineCode: declineCodeOf(error),
      cause: error,
    });
  if (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    error instanceof Stripe.errors.StripeAPIError ||
    (error instanceof Stripe.errors.StripeError && (error.statusCode ?? 0) >= 500)
  )
    return new GatewayError(
      "provider_unavailable",
      "The payment provider did not answer. Try again.",
      {
        retryable: true,
        cause: error,
      },
    );
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const notFound =
      error.code === "resource_missing" || error.code === "payment_method_already_attached";
    if (notFound && error.param !== "customer")
      return new GatewayError("payment_method_not_found", "This card is unknown. Enter it again.", {
        cause: error,
      });
    return new GatewayError("provider_error", error.message, { cause: error });
  }
  return new GatewayError("provider_unavailable", "The payment provider failed.", {
    retryable: true,
    cause: error,
  });
}

/** Runs one Stripe call, translating what it throws. */
export async function stripeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toGatewayError(error);
  }
}
