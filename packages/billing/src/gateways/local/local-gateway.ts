import { randomBytes } from "node:crypto";

import type { Db, LocalCard } from "@salesos/db";

import {
  GatewayError,
  type CardDetails,
  type ChargeInput,
  type ChargeResult,
  type PaymentGateway,
} from "../port";

function localId(prefix: string): string {
  return `${prefix}_local_${randomBytes(12).toString("hex")}`;
}

function isExpired(card: Pick<LocalCard, "expMonth" | "expYear">, now: Date): boolean {
  const year = now.getUTCFullYear();
  return card.expYear < year || (card.expYear === year && card.expMonth < now.getUTCMonth() + 1);
}

const DECLINES = {
  DECLINE: { declineCode: "card_declined", message: "Your card was declined." },
  INSUFFICIENT_FUNDS: {
    declineCode: "insufficient_funds",
    message: "Your card has insufficient funds.",
  },
  FAIL_AFTER_ATTACH: { declineCode: "card_declined", message: "Your card was declined." },
  EXPIRED: { declineCode: "expired_card", message: "Your card has expired." },
} as const;

/**
 * The embedded gateway: a complete, deterministic ledger in our own database (local_cards,
 * local_charges). The test card number decides every outcome, as in Stripe's test mode.
 */
export class LocalGateway implements PaymentGateway {
  readonly name = "LOCAL" as const;

  constructor(private readonly opts: { db: Db; appUrl: string }) {}

  private async card(gatewayPaymentMethodId: string): Promise<LocalCard> {
    const card = await this.opts.db.localCard.findUnique({ where: { id: gatewayPaymentMethodId } });
    if (!card)
      throw new GatewayError(
        "invalid_payment_method",
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
    now: Date;
  }): Promise<CardDetails> {
    const card = await this.card(input.gatewayPaymentMethodId);
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
    // A key whose charge was refunded stands for a new attempt: follow the chain to the live key.
    let key = input.idempotencyKey;
    let previous = await this.opts.db.localCharge.findUnique({ where: { idempotencyKey: key } });
    while (previous?.refundedAt) {
      key = `${input.idempotencyKey}#after:${previous.id}`;
      previous = await this.opts.db.localCharge.findUnique({ where: { idempotencyKey: key } });
    }
    if (previous) return this.resultOf(previous.id, previous.succeeded, previous.failureCode);
    const card = await this.card(input.gatewayPaymentMethodId);
    if (card.behavior === "REQUIRES_ACTION" && input.onSession && !input.confirmed) {
      return { status: "requires_action", gatewayPaymentId: localId("pi") };
    }
    const decline = isExpired(card, input.now)
      ? DECLINES.EXPIRED
      : card.behavior in DECLINES
        ? DECLINES[card.behavior as keyof typeof DECLINES]
        : null;
    const id = localId("ch");
    await this.opts.db.localCharge
      .create({
        data: {
          id,
          idempotencyKey: key,
          cardId: card.id,
          amount: input.amount,
          currency: input.currency,
          succeeded: !decline,
          failureCode: decline?.declineCode ?? null,
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
    return this.resultOf(stored.id, stored.succeeded, stored.failureCode);
  }

  private resultOf(id: string, succeeded: boolean, failureCode: string | null): ChargeResult {
    if (succeeded) return { status: "succeeded", gatewayPaymentId: id };
    const decline =
      Object.values(DECLINES).find((d) => d.declineCode === failureCode) ?? DECLINES.DECLINE;
    return {
      status: "failed",
      gatewayPaymentId: id,
      failureCode: "card_declined",
      declineCode: decline.declineCode,
      message: decline.message,
    };
  }

  async refund(input: { gatewayPaymentId: string; now: Date }): Promise<void> {
    await this.opts.db.localCharge.updateMany({
      where: { id: input.gatewayPaymentId, succeeded: true, refundedAt: null },
      data: { refundedAt: input.now },
    });
  }
}
