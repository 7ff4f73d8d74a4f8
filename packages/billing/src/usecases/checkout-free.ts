import type { BillingCustomer, CheckoutSession } from "@salesos/db";

import { lockOrganization, moneyTx } from "../attempts/money-tx";
import type { BillingActor, BillingDeps } from "../deps";
import { checkoutGuard } from "./checkout-complete";
import { applyCheckout } from "./checkout-effect";
import { checkoutPlanOf, quoteCheckout } from "./checkout-quote";
import { expireCheckout } from "./hosted-checkout";

/**
 * A plan that costs nothing (Free): no card, no gateway page. The server, not the page, decides this
 * from the plan's price, creates the subscription at once (under the same lock and guard as a paid
 * checkout, so two checkouts still cannot make two subscriptions) and answers the success page as `url`,
 * where a paid checkout ends too. Nothing is ever charged on these terms, so no card is kept for later.
 */
export async function completeFreeCheckout(
  deps: BillingDeps,
  args: { actor: BillingActor; session: CheckoutSession; customer: BillingCustomer; now: Date },
) {
  const { actor, session, customer, now } = args;
  const quoted = await quoteCheckout(deps.db, { session, customer, now });
  const checkoutPlan = checkoutPlanOf({ sessionId: session.id, actor, card: null, quoted });
  await moneyTx(deps.db, async (tx) => {
    await lockOrganization(tx, actor.organizationId);
    await checkoutGuard(tx, session, now);
    return applyCheckout(tx, checkoutPlan, { gateway: deps.gateway.name, now, payment: null });
  }).catch(async (error: unknown) => {
    // A twin won (a live subscription appeared): this session must not stay payable with a card.
    await expireCheckout(deps, session, now);
    throw error;
  });
  const url = new URL(session.successUrl);
  url.searchParams.set("session_id", session.id);
  return {
    sessionId: session.id,
    url: url.toString(),
    gateway: deps.gateway.name,
    expiresAt: session.expiresAt,
  };
}
