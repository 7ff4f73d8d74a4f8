import type { BillingActor, BillingDeps } from "../deps";
import { tokenizeCard } from "../gateways/local/tokenize";
import { StripeGateway } from "../gateways/stripe/stripe-gateway";
import { completeCheckout } from "../usecases/checkout-complete";
import { startCheckout } from "../usecases/checkout";
import { syncHostedCheckout } from "../usecases/hosted-checkout";

/** How the demo customer pays on this gateway: a subscription through its checkout, and a saved card. */
export interface DemoPayments {
  subscribe(args: { actor: BillingActor; planId: string; card: string; at: Date }): Promise<void>;
  /** A card the customer saved with the gateway (a gateway payment method id, not yet ours). */
  card(args: { actor: BillingActor; number: string; at: Date }): Promise<string>;
}

export function demoPaymentsFor(deps: BillingDeps): DemoPayments {
  return deps.gateway instanceof StripeGateway
    ? onStripeTestServer(deps, deps.gateway)
    : onLocal(deps);
}

function onLocal(deps: BillingDeps): DemoPayments {
  const card: DemoPayments["card"] = async ({ actor, number, at }) =>
    (
      await tokenizeCard(deps.db, {
        card: {
          number,
          expMonth: 12,
          expYear: at.getUTCFullYear() + 3,
          cvc: "123",
          name: "Olivia Owner",
        },
        organizationId: actor.organizationId,
        now: at,
        fingerprintKey: deps.fingerprintKey,
      })
    ).paymentMethodId;
  return {
    card,
    async subscribe({ actor, planId, card: number, at }) {
      const session = await startCheckout(deps, {
        actor,
        input: { licenseTypeId: planId, billingCycle: "monthly" },
        now: at,
      });
      await completeCheckout(deps, {
        actor,
        sessionId: session.sessionId,
        paymentMethodId: await card({ actor, number, at }),
        now: at,
      });
    },
  };
}

/**
 * On the STRIPE gateway the customer pays on Stripe's hosted page; here that is the Stripe test server's
 * page, paid by posting its form (real Stripe has no such door: the demo billing is seeded only there).
 */
function onStripeTestServer(deps: BillingDeps, gateway: StripeGateway): DemoPayments {
  return {
    async subscribe({ actor, planId, card, at }) {
      const session = await startCheckout(deps, {
        actor,
        input: { licenseTypeId: planId, billingCycle: "monthly" },
        now: at,
      });
      if (!/^http:\/\/(127\.0\.0\.1|localhost):\d+\/test\/checkout\//.test(session.url))
        throw new Error("The STRIPE demo billing is seeded only through the Stripe test server.");
      const page = await fetch(session.url, {
        method: "POST",
        body: new URLSearchParams({
          cardNumber: card,
          expMonth: "12",
          expYear: String(at.getUTCFullYear() + 3),
          cvc: "123",
          name: "Olivia Owner",
        }),
        redirect: "manual",
      });
      if (page.status !== 303)
        throw new Error(`The Stripe test server's checkout page answered ${page.status}.`);
      await syncHostedCheckout(deps, { gatewaySessionId: session.url.split("/").pop()!, now: at });
    },
    async card({ number, at }) {
      const method = await gateway.stripe.paymentMethods.create({
        type: "card",
        card: { number, exp_month: 12, exp_year: at.getUTCFullYear() + 3, cvc: "123" },
      });
      return method.id;
    },
  };
}
