import { type Db, type LocalCard, transaction } from "@salesos/db";

import {
  GatewayError,
  type CardDetails,
  type ChargeInput,
  type ChargeAnswer,
  type ChargeResult,
  type PaymentGateway,
} from "../port";
import { chargeManyLocal } from "./charge-many";
import {
  chargeDecision,
  DECLINES,
  isExpired,
  localId,
  requiresActionResult,
  resultOf,
} from "./outcomes";

/**
 * The embedded gateway: a complete, deterministic ledger in our own database (local_cards,
 * local_charges). The test card number decides every outcome, as in Stripe's test mode.
 */
export class LocalGateway implements PaymentGateway {
  readonly name = "LOCAL" as const;

  constructor(private readonly opts: { db: Db; appUrl: string }) {}

  /** A token of another organization is as unknown as one that never existed. */
  private async card(gatewayPaymentMethodId: string, organizationId?: string): Promise<LocalCard> {
    const card = await this.opts.db.localCard.findUnique({ where: { id: gatewayPaymentMethodId } });
    if (!card || (organizationId && card.organizationId && card.organizationId !== organizationId))
      throw new GatewayError(
        "payment_method_not_found",
        "This card token is unknown. Enter the card again.",
      );
    return card;
  }

  async createCustomer(): Promise<{ gatewayCustomerId: string }> {
    return { gatewayCustomerId: localId("cus") };
  }

  async updateCustomer(): Promise<void> {
    // The LOCAL gateway keeps no copy of the customer: our billing_customers row is the record.
  }

  async createCheckoutSession(input: {
    sessionId: string;
  }): Promise<{ gatewaySessionId: null; url: string }> {
    return {
      gatewaySessionId: null,
      url: new URL(`/checkout/${input.sessionId}`, this.opts.appUrl).toString(),
    };
  }

  async createPortalSession(input: { returnUrl: string }): Promise<{ url: string }> {
    return { url: new URL("/billing", input.returnUrl || this.opts.appUrl).toString() };
  }

  async attachPaymentMethod(input: {
    gatewayPaymentMethodId: string;
    organizationId: string;
    now: Date;
  }): Promise<CardDetails> {
    const card = await this.card(input.gatewayPaymentMethodId, input.organizationId);
    // A card that is declined outright is refused at setup too (a zero-amount verification, as Stripe does).
    const decline = isExpired(card, input.now)
      ? DECLINES.EXPIRED
      : card.behavior === "DECLINE" || card.behavior === "INSUFFICIENT_FUNDS"
        ? DECLINES[card.behavior]
        : null;
    if (decline)
      throw new GatewayError("card_declined", decline.message, {
        declineCode: decline.declineCode,
      });
    return {
      gatewayPaymentMethodId: card.id,
      brand: card.brand,
      last4: card.last4,
      expMonth: card.expMonth,
      expYear: card.expYear,
      fingerprint: card.fingerprint,
    };
  }

  async detachPaymentMethod(): Promise<void> {
    // Tokens stay in the ledger (past charges refer to them); detaching is our own row's business.
  }

  async charge(input: ChargeInput): Promise<ChargeResult> {
    const key = input.idempotencyKey;
    const previous = await this.opts.db.localCharge.findUnique({ where: { idempotencyKey: key } });
    if (previous) return resultOf(previous.id, previous.succeeded, previous.failureCode);
    const card = await this.card(input.gatewayPaymentMethodId);
    const decision = chargeDecision(card, input);
    if (decision.requiresAction) return requiresActionResult(key);
    await this.opts.db.localCharge
      .create({
        data: {
          id: localId("ch"),
          idempotencyKey: key,
          cardId: card.id,
          amount: input.amount,
          currency: input.currency,
          succeeded: decision.declineCode === null,
          failureCode: decision.declineCode,
          description: input.description,
          createdAt: input.now,
        },
      })
      .catch(async (error: unknown) => {
        // A concurrent call with the same key won the insert: answer with its result.
        const winner = await this.opts.db.localCharge.findUnique({
          where: { idempotencyKey: key },
        });
        if (!winner) throw error;
      });
    const stored = await this.opts.db.localCharge.findUniqueOrThrow({
      where: { idempotencyKey: key },
    });
    return resultOf(stored.id, stored.succeeded, stored.failureCode);
  }

  chargeMany(inputs: ChargeInput[]): Promise<ChargeAnswer[]> {
    return chargeManyLocal(this.opts.db, inputs);
  }

  async retrieveCharge(input: { idempotencyKey: string }): Promise<ChargeResult | null> {
    const charge = await this.opts.db.localCharge.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
    });
    return charge ? resultOf(charge.id, charge.succeeded, charge.failureCode) : null;
  }

  async refund(input: {
    gatewayPaymentId: string;
    amount: number;
    idempotencyKey: string;
    now: Date;
  }): Promise<{ gatewayRefundId: string }> {
    const db = this.opts.db;
    const done = await db.localRefund.findUnique({
      where: { idempotencyKey: input.idempotencyKey },
    });
    if (done) return { gatewayRefundId: done.id };
    return transaction(db, async (tx) => {
      // The charge row is the ledger's lock: refunds of one charge never exceed it.
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT id FROM local_charges WHERE id = ${input.gatewayPaymentId} FOR UPDATE`;
      const charge = rows[0]
        ? await tx.localCharge.findUniqueOrThrow({ where: { id: input.gatewayPaymentId } })
        : null;
      if (!charge?.succeeded)
        throw new GatewayError("provider_error", "There is no succeeded charge to refund.");
      const again = await tx.localRefund.findUnique({
        where: { idempotencyKey: input.idempotencyKey },
      });
      if (again) return { gatewayRefundId: again.id };
      const amount = Math.min(input.amount, charge.amount - charge.amountRefunded);
      if (amount <= 0)
        throw new GatewayError("provider_error", "This charge has been refunded in full already.");
      const refund = await tx.localRefund.create({
        data: {
          id: localId("re"),
          idempotencyKey: input.idempotencyKey,
          chargeId: charge.id,
          amount,
          createdAt: input.now,
        },
      });
      const refunded = charge.amountRefunded + amount;
      await tx.localCharge.update({
        where: { id: charge.id },
        data: {
          amountRefunded: refunded,
          ...(refunded >= charge.amount ? { refundedAt: input.now } : {}),
        },
      });
      return { gatewayRefundId: refund.id };
    });
  }
}
