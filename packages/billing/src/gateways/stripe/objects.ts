import type Stripe from "stripe";

import { GatewayError, type CardDetails, type ChargeResult } from "../port";
import { declineCodeOf } from "./errors";

export function cardOf(method: Stripe.PaymentMethod): CardDetails {
  const card = method.card;
  if (!card) throw new GatewayError("invalid_payment_method", "Only cards are supported.");
  return {
    gatewayPaymentMethodId: method.id,
    brand: card.brand,
    last4: card.last4,
    expMonth: card.exp_month,
    expYear: card.exp_year,
    fingerprint: card.fingerprint ?? method.id,
  };
}

/** A payment intent as our charge result (PROCESSING is neither: the caller asks again later). */
export function resultOf(intent: Stripe.PaymentIntent): ChargeResult | "processing" {
  if (intent.status === "succeeded") return { status: "succeeded", gatewayPaymentId: intent.id };
  if (intent.status === "requires_action" || intent.status === "requires_confirmation")
    return {
      status: "requires_action",
      gatewayPaymentId: intent.id,
      confirmUrl: intent.next_action?.redirect_to_url?.url ?? null,
    };
  if (intent.status === "processing") return "processing";
  const error = intent.last_payment_error;
  return {
    status: "failed",
    gatewayPaymentId: intent.id,
    failureCode: "card_declined",
    declineCode: error ? declineCodeOf(error) : intent.status === "canceled" ? "canceled" : null,
    message: error?.message ?? "The payment did not go through.",
  };
}
