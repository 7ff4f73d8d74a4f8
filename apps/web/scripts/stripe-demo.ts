import {
  addPaymentMethod,
  startCheckout,
  StripeGateway,
  syncHostedCheckout,
  type BillingActor,
  type BillingDeps,
} from "@salesos/billing";

/**
 * The demo billing on the STRIPE gateway, through the engine and the Stripe test server (never real
 * Stripe: it pays the hosted page by posting its form): Acme subscribed to Starter through Stripe's
 * Checkout with 4242, a second card (5555) saved on its Stripe customer; Globex without a subscription.
 */
export async function seedDemoOnStripe(deps: BillingDeps, args: { now: Date }): Promise<void> {
  const gateway = deps.gateway;
  if (!(gateway instanceof StripeGateway))
    throw new Error("seedDemoOnStripe needs the STRIPE gateway");
  const organizationId = "org_demo_acme";
  if ((await deps.db.subscription.count({ where: { organizationId } })) > 0) return;
  const owner = await deps.db.membership.findFirstOrThrow({
    where: { organizationId, role: "OWNER" },
  });
  const actor: BillingActor = { userId: owner.userId, organizationId, role: "OWNER" };
  const starter = await deps.db.plan.findUniqueOrThrow({ where: { slug: "starter" } });
  const session = await startCheckout(deps, {
    actor,
    input: { licenseTypeId: starter.id, billingCycle: "monthly" },
    now: args.now,
  });
  const page = await fetch(session.url, {
    method: "POST",
    body: new URLSearchParams({
      cardNumber: "4242424242424242",
      expMonth: "12",
      expYear: String(args.now.getUTCFullYear() + 3),
      cvc: "123",
      name: "Olivia Owner",
    }),
    redirect: "manual",
  });
  if (page.status !== 303)
    throw new Error(`the Stripe test server's checkout answered ${page.status}`);
  const gatewaySessionId = session.url.split("/").pop()!;
  await syncHostedCheckout(deps, { gatewaySessionId, now: args.now });
  const second = await gateway.stripe.paymentMethods.create({
    type: "card",
    card: {
      number: "5555555555554444",
      exp_month: 12,
      exp_year: args.now.getUTCFullYear() + 3,
      cvc: "123",
    },
  });
  await addPaymentMethod(deps, { actor, paymentMethodId: second.id, now: args.now });
}
