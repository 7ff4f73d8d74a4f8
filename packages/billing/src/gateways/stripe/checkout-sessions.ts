import type Stripe from "stripe";

import { GatewayError, type CheckoutSessionInput } from "../port";
import { stripeCall } from "./errors";

/**
 * Stripe takes an expiry 30 minutes to 24 hours after the request, by its own clock: ours, moved into
 * that window by the wall clock (an engine instant may be earlier, e.g. a back-dated demo seed). Our own
 * session keeps its own expiry.
 */
export function stripeExpiry(expiresAt: Date, wallClockMs = Date.now()): number {
  const wall = Math.floor(wallClockMs / 1000);
  const wanted = Math.floor(expiresAt.getTime() / 1000);
  return Math.min(Math.max(wanted, wall + 31 * 60), wall + 24 * 3600 - 60);
}

/**
 * Stripe-hosted Checkout for the first payment, priced by our own quote (`amountDue`); `setup` mode
 * when nothing is due now (a trial): the card is saved for the renewals.
 */
export async function createPaymentCheckout(stripe: Stripe, input: CheckoutSessionInput) {
  const metadata = { checkout_session_id: input.sessionId, attempt_id: input.attemptId ?? "" };
  const common = {
    customer: input.gatewayCustomerId,
    client_reference_id: input.sessionId,
    success_url: `${input.successUrl}${input.successUrl.includes("?") ? "&" : "?"}session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: input.cancelUrl,
    expires_at: stripeExpiry(input.expiresAt),
    metadata,
  };
  const session = await stripeCall(() =>
    input.amountDue > 0
      ? stripe.checkout.sessions.create(
          {
            ...common,
            mode: "payment",
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: input.plan.currency,
                  unit_amount: input.amountDue,
                  product_data: { name: `${input.plan.name} (${input.billingCycle})` },
                },
              },
            ],
            payment_intent_data: { setup_future_usage: "off_session", metadata },
          },
          { idempotencyKey: input.idempotencyKey },
        )
      : stripe.checkout.sessions.create(
          {
            ...common,
            mode: "setup",
            currency: input.plan.currency,
            setup_intent_data: { metadata },
          },
          { idempotencyKey: input.idempotencyKey },
        ),
  );
  if (!session.url) throw new GatewayError("provider_error", "Stripe gave no checkout page.");
  return { gatewaySessionId: session.id, url: session.url };
}

/** Checkout in setup mode: a page that saves a card on the customer ("Add card"). */
export async function createCardSetupCheckout(
  stripe: Stripe,
  input: {
    gatewayCustomerId: string;
    successUrl: string;
    cancelUrl: string;
    idempotencyKey: string;
  },
) {
  const customer = await stripeCall(() => stripe.customers.retrieve(input.gatewayCustomerId));
  const session = await stripeCall(() =>
    stripe.checkout.sessions.create(
      {
        mode: "setup",
        customer: input.gatewayCustomerId,
        currency: ("currency" in customer && customer.currency) || "usd",
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
        metadata: { purpose: "add_card" },
      },
      { idempotencyKey: input.idempotencyKey },
    ),
  );
  if (!session.url) throw new GatewayError("provider_error", "Stripe gave no page to add a card.");
  return { url: session.url };
}
