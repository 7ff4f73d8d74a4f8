/**
 * The PaymentGateway port: what the billing engine needs from a payment provider. Single-object inputs
 * and outputs, no framework or ORM types. Two adapters: LOCAL (embedded ledger) and STRIPE.
 * Every charge and refund carries the id of our payment attempt as its idempotency key (recorded before
 * the call), so a retry never moves money twice and a reconciler can ask what happened to a key.
 */
export type GatewayName = "LOCAL" | "STRIPE";

export interface CustomerProfile {
  organizationId: string;
  email: string;
  name: string;
  phone: string | null;
  address: {
    line1: string | null;
    line2: string | null;
    city: string | null;
    state: string | null;
    postalCode: string | null;
    country: string | null;
  };
  taxId: string | null;
}

export interface CardDetails {
  gatewayPaymentMethodId: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
  fingerprint: string;
}

export type ChargeResult =
  | { status: "succeeded"; gatewayPaymentId: string }
  | {
      status: "failed";
      gatewayPaymentId: string;
      failureCode: string;
      declineCode: string | null;
      message: string;
    }
  | {
      status: "requires_action";
      gatewayPaymentId: string;
      /** Where the customer confirms with the bank (STRIPE's next_action), when the gateway has a page. */
      confirmUrl?: string | null;
    };

export interface ChargeInput {
  gatewayCustomerId: string | null;
  gatewayPaymentMethodId: string;
  amount: number;
  currency: string;
  description: string;
  idempotencyKey: string;
  /** True for the customer present on the checkout page (3-D Secure may be asked); false for renewals. */
  onSession: boolean;
  /** The extra confirmation step was completed for this payment. */
  confirmed?: boolean;
  /** Where the bank's page sends the customer back (on-session payments on a gateway with such pages). */
  returnUrl?: string | undefined;
  now: Date;
}

/** One charge of a bulk call: the gateway's answer, or what it threw for this charge alone. */
export type ChargeAnswer = { result: ChargeResult } | { error: unknown };

export interface CheckoutSessionInput {
  /** Our checkout session id (client_reference_id at Stripe). */
  sessionId: string;
  gatewayCustomerId: string;
  plan: { id: string; name: string; unitAmount: number; currency: string };
  billingCycle: "monthly" | "yearly";
  quantity: number;
  couponCode: string | null;
  trialDays: number;
  successUrl: string;
  cancelUrl: string;
  expiresAt: Date;
  idempotencyKey: string;
  /** What is charged on the page, from our own quote (0: a trial, the page only saves the card). */
  amountDue: number;
  /** The payment attempt the hosted page's payment settles (named in its metadata). */
  attemptId?: string | undefined;
}

/** A gateway-hosted checkout page as it stands (STRIPE: a Checkout Session). */
export interface HostedCheckoutState {
  gatewaySessionId: string;
  /** Our checkout session (client_reference_id). */
  sessionId: string | null;
  attemptId: string | null;
  status: "open" | "complete" | "expired";
  /** The payment's result (payment mode), once the customer paid or tried to. */
  payment: ChargeResult | null;
  /** The card the customer entered, once saved. */
  card: CardDetails | null;
}

/** A chargeback as the gateway holds it. */
export interface GatewayDispute {
  gatewayDisputeId: string;
  /** The payment it disputes (our Payment.gatewayPaymentId). */
  gatewayPaymentId: string | null;
  status: string;
  amount: number;
  reason: string;
}

/** A gateway's webhook, verified and normalised: which of our records it may concern. */
export interface GatewayEvent {
  id: string;
  type: string;
  /** The id of the object the event names (re-fetched before anything is written). */
  objectId: string;
  objectType: string;
  /** Our attempt id, when the object carries one in its metadata. */
  attemptId: string | null;
  /** The gateway customer the object belongs to, when it names one. */
  gatewayCustomerId: string | null;
  /** The payment (intent) the object belongs to, when it names one (a charge, a refund). */
  gatewayPaymentId: string | null;
}

/** A refund as the gateway holds it; `attemptId` is ours when we made it. */
export interface GatewayRefund {
  gatewayRefundId: string;
  amount: number;
  attemptId: string | null;
}

export interface PaymentGateway {
  readonly name: GatewayName;
  /**
   * The gateway can send a customer who is present to the bank's confirmation page and back (STRIPE).
   * LOCAL cannot outside its hosted checkout, so its customer-present payments go off-session.
   */
  readonly confirmsOnSession?: boolean;
  /** STRIPE: one payment's result, fetched by the gateway's id (right after the bank's page). */
  retrievePayment?(gatewayPaymentId: string): Promise<ChargeResult | null>;
  createCustomer(input: {
    profile: CustomerProfile;
    idempotencyKey: string;
  }): Promise<{ gatewayCustomerId: string }>;
  updateCustomer(input: {
    gatewayCustomerId: string;
    profile: CustomerProfile;
    idempotencyKey: string;
  }): Promise<void>;
  /** A hosted checkout page for a new subscription (LOCAL: our own /checkout/<id> page). */
  createCheckoutSession(
    input: CheckoutSessionInput,
  ): Promise<{ gatewaySessionId: string | null; url: string }>;
  /** Where to send the customer to manage billing (LOCAL: our own billing page). */
  createPortalSession(input: {
    gatewayCustomerId: string;
    returnUrl: string;
  }): Promise<{ url: string }>;
  /**
   * Verifies and attaches a card token to the customer; a card declined at setup fails here. A token that
   * is unknown or belongs to another organization fails with `payment_method_not_found`.
   */
  attachPaymentMethod(input: {
    gatewayCustomerId: string;
    organizationId: string;
    gatewayPaymentMethodId: string;
    idempotencyKey: string;
    now: Date;
  }): Promise<CardDetails>;
  detachPaymentMethod(input: {
    gatewayPaymentMethodId: string;
    idempotencyKey: string;
  }): Promise<void>;
  charge(input: ChargeInput): Promise<ChargeResult>;
  /**
   * Many charges at once, each as `charge` would make it (same keys, same answers), answered in the
   * order asked; one that fails is its own `{ error }`, never the others'. Optional: without it,
   * `chargeEach` calls `charge` for each in turn, and the billing clock sends one charge per batch
   * (an attempt must reach the gateway well within the reconciler's lease; see clock/advance-billing.ts).
   */
  chargeMany?(inputs: ChargeInput[]): Promise<ChargeAnswer[]>;
  /** What became of the charge sent with this key; null when the gateway never saw it. */
  retrieveCharge(input: { idempotencyKey: string }): Promise<ChargeResult | null>;
  /** STRIPE: every refund of a payment, including those made outside the app (the dashboard). */
  listRefunds?(gatewayPaymentId: string): Promise<GatewayRefund[]>;
  /** STRIPE: a dispute, re-fetched (webhooks only name it). */
  retrieveDispute?(gatewayDisputeId: string): Promise<GatewayDispute>;
  /** STRIPE: the customer's default card at the gateway too (its dashboard and receipts follow it). */
  setDefaultCard?(input: {
    gatewayCustomerId: string;
    gatewayPaymentMethodId: string;
    idempotencyKey: string;
  }): Promise<void>;
  /**
   * STRIPE: the customer as the gateway holds it now (webhooks only name it): its default card, or
   * `deleted` when it was deleted there.
   */
  retrieveCustomer?(
    gatewayCustomerId: string,
  ): Promise<{ deleted: boolean; defaultPaymentMethodId: string | null }>;
  /** STRIPE: the customer's cards as the gateway holds them (cards saved on its pages appear too). */
  listCards?(input: { gatewayCustomerId: string }): Promise<CardDetails[]>;
  /** STRIPE: a hosted page that saves a card on the customer (Checkout in setup mode). */
  createCardSetupSession?(input: {
    gatewayCustomerId: string;
    successUrl: string;
    cancelUrl: string;
    idempotencyKey: string;
  }): Promise<{ url: string }>;
  /** STRIPE: the hosted checkout's state, re-fetched (webhooks and the success page both use it). */
  retrieveHostedCheckout?(gatewaySessionId: string): Promise<HostedCheckoutState>;
  /**
   * STRIPE: verifies a webhook's signature on the raw body (stale after 300 s) and normalises it; throws
   * GatewayError `provider_error` when the signature is bad.
   */
  parseWebhook?(input: { rawBody: string; signature: string | null }): GatewayEvent;
  /** Gives back `amount` (at most what is left) of a succeeded charge; the same key refunds once. */
  refund(input: {
    gatewayPaymentId: string;
    amount: number;
    idempotencyKey: string;
    now: Date;
  }): Promise<{ gatewayRefundId: string }>;
}

/** One typed error for provider failures: `retryable` decides between 502/503 and a final answer. */
export class GatewayError extends Error {
  readonly code:
    | "card_declined"
    | "invalid_payment_method"
    | "payment_method_not_found"
    | "provider_unavailable"
    | "provider_error";
  readonly retryable: boolean;
  readonly declineCode: string | null;

  constructor(
    code: GatewayError["code"],
    message: string,
    opts: { retryable?: boolean; declineCode?: string | null; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "GatewayError";
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.declineCode = opts.declineCode ?? null;
  }
}

/** The default bulk charge: `charge` for each input in turn, each error kept with its own charge. */
export async function chargeEach(
  gateway: Pick<PaymentGateway, "charge">,
  inputs: ChargeInput[],
): Promise<ChargeAnswer[]> {
  const outcomes: ChargeAnswer[] = [];
  for (const input of inputs) {
    try {
      outcomes.push({ result: await gateway.charge(input) });
    } catch (error) {
      outcomes.push({ error });
    }
  }
  return outcomes;
}

/** Many charges through the gateway's bulk method when it has one, else one by one. */
export function chargeAll(gateway: PaymentGateway, inputs: ChargeInput[]): Promise<ChargeAnswer[]> {
  return gateway.chargeMany ? gateway.chargeMany(inputs) : chargeEach(gateway, inputs);
}
