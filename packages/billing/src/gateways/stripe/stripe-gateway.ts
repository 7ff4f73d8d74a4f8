import Stripe from "stripe";

import {
  GatewayError,
  type CardDetails,
  type ChargeInput,
  type ChargeResult,
  type CheckoutSessionInput,
  type CustomerProfile,
  type PaymentGateway,
} from "../port";
import { createCardSetupCheckout, createPaymentCheckout } from "./checkout-sessions";
import { createStripeClient, customerParams, type StripeGatewayConfig } from "./client";
import { declineCodeOf, stripeCall, toGatewayError } from "./errors";
import { parseStripeWebhook, retrieveHostedCheckout } from "./hosted";
import { cardOf, resultOf } from "./objects";

type AttachInput = Parameters<PaymentGateway["attachPaymentMethod"]>[0];
type RefundInput = Parameters<PaymentGateway["refund"]>[0];

export { STRIPE_API_VERSION, type StripeGatewayConfig } from "./client";

/**
 * The STRIPE adapter: Stripe moves money and stores cards; our engine prices, invoices and decides.
 * Every write carries our attempt id (or a key derived from our row) as its Idempotency-Key, and every
 * payment intent names the attempt in its metadata, so the reconciler can find it.
 */
export class StripeGateway implements PaymentGateway {
  readonly name = "STRIPE" as const;
  readonly confirmsOnSession = true;
  readonly stripe: Stripe;

  constructor(private readonly config: StripeGatewayConfig) {
    this.stripe = createStripeClient(config);
  }

  async createCustomer(input: { profile: CustomerProfile; idempotencyKey: string }) {
    const customer = await stripeCall(() =>
      this.stripe.customers.create(customerParams(input.profile), {
        idempotencyKey: input.idempotencyKey,
      }),
    );
    return { gatewayCustomerId: customer.id };
  }

  async updateCustomer(input: {
    gatewayCustomerId: string;
    profile: CustomerProfile;
    idempotencyKey: string;
  }): Promise<void> {
    await stripeCall(() =>
      this.stripe.customers.update(input.gatewayCustomerId, customerParams(input.profile), {
        idempotencyKey: input.idempotencyKey,
      }),
    );
  }

  /** Stripe-hosted Checkout priced by our quote (checkout-sessions.ts). */
  createCheckoutSession(input: CheckoutSessionInput) {
    return createPaymentCheckout(this.stripe, input);
  }

  /** Stripe's Billing portal is not used: managing billing is our own page on both gateways. */
  async createPortalSession(input: { returnUrl: string }) {
    return { url: new URL("/billing", input.returnUrl || this.config.appUrl).toString() };
  }

  /** Stripe knows whose card it is: one attached to another customer is "not found". */
  async attachPaymentMethod(input: AttachInput): Promise<CardDetails> {
    const existing = await stripeCall(() =>
      this.stripe.paymentMethods.retrieve(input.gatewayPaymentMethodId),
    );
    if (existing.customer === input.gatewayCustomerId) return cardOf(existing);
    if (existing.customer)
      throw new GatewayError("payment_method_not_found", "This card is unknown. Enter it again.");
    const method = await stripeCall(() =>
      this.stripe.paymentMethods.attach(
        input.gatewayPaymentMethodId,
        { customer: input.gatewayCustomerId },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return cardOf(method);
  }

  async detachPaymentMethod(input: { gatewayPaymentMethodId: string; idempotencyKey: string }) {
    await stripeCall(() =>
      this.stripe.paymentMethods.detach(input.gatewayPaymentMethodId, undefined, {
        idempotencyKey: input.idempotencyKey,
      }),
    );
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency,
          ...(input.gatewayCustomerId ? { customer: input.gatewayCustomerId } : {}),
          payment_method: input.gatewayPaymentMethodId,
          description: input.description,
          confirm: true,
          off_session: !input.onSession,
          ...(input.onSession
            ? { return_url: input.returnUrl ?? new URL("/billing", this.config.appUrl).toString() }
            : {}),
          metadata: { attempt_id: input.idempotencyKey },
        },
        { idempotencyKey: input.idempotencyKey },
      );
      const result = resultOf(intent);
      if (result === "processing")
        throw new GatewayError("provider_unavailable", "The payment is still processing.", {
          retryable: true,
        });
      return result;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeCardError && error.payment_intent)
        return {
          status: "failed",
          gatewayPaymentId: error.payment_intent.id,
          failureCode: "card_declined",
          declineCode: declineCodeOf(error),
          message: error.message,
        };
      throw toGatewayError(error);
    }
  }

  /**
   * What became of the attempt with this key: the payment intent naming it in its metadata. Stripe's
   * search index can lag up to a minute; the reconciler only asks about attempts older than its lease.
   */
  async retrieveCharge(input: { idempotencyKey: string }): Promise<ChargeResult | null> {
    const found = await stripeCall(() =>
      this.stripe.paymentIntents.search({
        query: `metadata['attempt_id']:'${input.idempotencyKey.replace(/'/g, "")}'`,
        limit: 1,
      }),
    );
    const [intent] = found.data;
    if (!intent) return null;
    const result = resultOf(intent);
    if (result === "processing")
      throw new GatewayError("provider_unavailable", "The payment is still processing.", {
        retryable: true,
      });
    return result;
  }

  async listRefunds(gatewayPaymentId: string) {
    const refunds = await stripeCall(() =>
      this.stripe.refunds.list({ payment_intent: gatewayPaymentId, limit: 100 }),
    );
    return refunds.data
      .filter((r) => r.status === "succeeded" || r.status === "pending")
      .map((r) => ({
        gatewayRefundId: r.id,
        amount: r.amount,
        attemptId: r.metadata?.attempt_id || null,
      }));
  }

  async retrievePayment(gatewayPaymentId: string): Promise<ChargeResult | null> {
    const intent = await stripeCall(() => this.stripe.paymentIntents.retrieve(gatewayPaymentId));
    const result = resultOf(intent);
    return result === "processing" ? null : result;
  }

  async retrieveDispute(gatewayDisputeId: string) {
    const dispute = await stripeCall(() => this.stripe.disputes.retrieve(gatewayDisputeId));
    return {
      gatewayDisputeId: dispute.id,
      gatewayPaymentId:
        typeof dispute.payment_intent === "string"
          ? dispute.payment_intent
          : (dispute.payment_intent?.id ?? null),
      status: dispute.status,
      amount: dispute.amount,
      reason: dispute.reason,
    };
  }

  async setDefaultCard(input: {
    gatewayCustomerId: string;
    gatewayPaymentMethodId: string;
    idempotencyKey: string;
  }): Promise<void> {
    await stripeCall(() =>
      this.stripe.customers.update(
        input.gatewayCustomerId,
        { invoice_settings: { default_payment_method: input.gatewayPaymentMethodId } },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
  }

  async retrieveCustomer(gatewayCustomerId: string) {
    const customer = await stripeCall(() => this.stripe.customers.retrieve(gatewayCustomerId));
    if (customer.deleted) return { deleted: true, defaultPaymentMethodId: null };
    const value = customer.invoice_settings?.default_payment_method;
    return {
      deleted: false,
      defaultPaymentMethodId: typeof value === "string" ? value : (value?.id ?? null),
    };
  }

  async listCards(input: { gatewayCustomerId: string }): Promise<CardDetails[]> {
    const list = await stripeCall(() =>
      this.stripe.paymentMethods.list({
        customer: input.gatewayCustomerId,
        type: "card",
        limit: 100,
      }),
    );
    return list.data.map(cardOf);
  }

  createCardSetupSession(input: Parameters<typeof createCardSetupCheckout>[1]) {
    return createCardSetupCheckout(this.stripe, input);
  }

  retrieveHostedCheckout(gatewaySessionId: string) {
    return retrieveHostedCheckout(this.stripe, gatewaySessionId);
  }

  parseWebhook(input: { rawBody: string; signature: string | null }) {
    return parseStripeWebhook(this.stripe, this.config.webhookSecret, input);
  }

  async refund(input: RefundInput) {
    const refund = await stripeCall(() =>
      this.stripe.refunds.create(
        {
          payment_intent: input.gatewayPaymentId,
          amount: input.amount,
          metadata: { attempt_id: input.idempotencyKey },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { gatewayRefundId: refund.id };
  }
}
