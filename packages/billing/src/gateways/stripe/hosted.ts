import type Stripe from "stripe";

import { GatewayError, type GatewayEvent, type HostedCheckoutState } from "../port";
import { stripeCall } from "./errors";
import { cardOf, resultOf } from "./objects";

/** A Checkout Session re-fetched with its payment or setup intent and the card, in our terms. */
export async function retrieveHostedCheckout(
  stripe: Stripe,
  gatewaySessionId: string,
): Promise<HostedCheckoutState> {
  const session = await stripeCall(() =>
    stripe.checkout.sessions.retrieve(gatewaySessionId, {
      expand: ["payment_intent.payment_method", "setup_intent.payment_method"],
    }),
  );
  const intent = session.payment_intent as Stripe.PaymentIntent | null;
  const setup = session.setup_intent as Stripe.SetupIntent | null;
  const method = (intent?.payment_method ??
    setup?.payment_method ??
    null) as Stripe.PaymentMethod | null;
  const payment = intent ? resultOf(intent) : null;
  return {
    gatewaySessionId: session.id,
    sessionId: session.client_reference_id,
    attemptId: session.metadata?.attempt_id || null,
    status:
      session.status === "complete"
        ? "complete"
        : session.status === "expired"
          ? "expired"
          : "open",
    payment: payment === "processing" ? null : payment,
    card: method && typeof method === "object" && method.card ? cardOf(method) : null,
  };
}

/** Signature first (on the raw body, 300 s tolerance), then only the fields we route by. */
export function parseStripeWebhook(
  stripe: Stripe,
  secret: string,
  input: { rawBody: string; signature: string | null },
): GatewayEvent {
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(input.rawBody, input.signature ?? "", secret, 300);
  } catch (error) {
    throw new GatewayError("provider_error", "The webhook signature is invalid or too old.", {
      cause: error,
    });
  }
  const object = event.data.object as unknown as {
    id?: string;
    object?: string;
    metadata?: Record<string, string> | null;
    customer?: unknown;
    payment_intent?: unknown;
  };
  return {
    id: event.id,
    type: event.type,
    objectId: object.id ?? "",
    objectType: object.object ?? "",
    attemptId: object.metadata?.attempt_id || null,
    gatewayCustomerId: typeof object.customer === "string" ? object.customer : null,
    gatewayPaymentId:
      object.object === "payment_intent"
        ? (object.id ?? null)
        : typeof object.payment_intent === "string"
          ? object.payment_intent
          : null,
  };
}
