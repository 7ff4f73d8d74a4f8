import type { CardBehaviour } from "./cards";

/** A Stripe object as sent on the wire. */
export type StripeObject = Record<string, unknown> & {
  id: string;
  object: string;
  created: number;
};

/** Everything the server knows, in memory; insertion order is creation order. */
export class Store {
  readonly customers = new Map<string, StripeObject>();
  readonly deletedCustomers = new Set<string>();
  readonly paymentMethods = new Map<string, StripeObject>();
  /** What each payment method's card does (the number itself is never kept). */
  readonly cardBehaviour = new Map<string, CardBehaviour>();
  readonly paymentIntents = new Map<string, StripeObject>();
  readonly setupIntents = new Map<string, StripeObject>();
  readonly charges = new Map<string, StripeObject>();
  readonly refunds = new Map<string, StripeObject>();
  readonly disputes = new Map<string, StripeObject>();
  readonly checkoutSessions = new Map<string, StripeObject>();
  readonly events = new Map<string, StripeObject>();
  readonly webhookEndpoints = new Map<string, StripeObject & { secret?: string }>();

  /** The map an id belongs to, by its prefix (for `expand[]` and lookups). */
  byId(id: string): StripeObject | undefined {
    const prefix = id.slice(0, id.indexOf("_"));
    const map: Record<string, Map<string, StripeObject>> = {
      cus: this.customers,
      pm: this.paymentMethods,
      pi: this.paymentIntents,
      seti: this.setupIntents,
      ch: this.charges,
      re: this.refunds,
      dp: this.disputes,
      cs: this.checkoutSessions,
      evt: this.events,
      we: this.webhookEndpoints,
    };
    return map[prefix]?.get(id);
  }
}
