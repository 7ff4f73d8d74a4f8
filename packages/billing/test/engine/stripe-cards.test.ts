/**
 * Cards, disputes and refunds that happen at Stripe (its pages, its dashboard, the bank), brought into
 * our records by the webhooks and the card list, on the Stripe test server.
 */
import { describe, expect, it } from "vitest";

import {
  getInvoice,
  listPaymentMethods,
  LocalGateway,
  processGatewayEvent,
  setDefaultPaymentMethod,
  startCardSetup,
  syncHostedCheckout,
} from "../../src";
import { moneyViolations } from "../../src/testing";
import { useStripeEngine } from "./stripe-engine";

const e = useStripeEngine();

describe("what happens at Stripe", () => {
  it("cards: one added on Stripe's setup page appears; one detached there disappears, the default moving on", async () => {
    const actor = await e.h.newOrganization("Card Keeper");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    const { url } = await startCardSetup(e.h.deps, { actor, now: new Date() });
    expect(e.server.store.checkoutSessions.get(e.gatewaySessionId(url))).toMatchObject({
      mode: "setup",
    });
    const saved = await e.pay(url, "5555555555554444");
    expect(saved.headers.get("location")).toBe("http://localhost:3000/billing");
    const both = await listPaymentMethods(e.h.deps, { actor });
    expect(both.map((m) => [m.brand, m.isDefault])).toEqual([
      ["visa", true],
      ["mastercard", false],
    ]);
    const visa = await e.h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: actor.organizationId, brand: "visa" },
    });
    const stripe = e.stripe;
    // The default is Stripe's default too; if Stripe fails, ours stays as it was.
    const mastercard = both.find((m) => m.brand === "mastercard")!;
    const customerId = (
      await e.h.db.billingCustomer.findUniqueOrThrow({
        where: { organizationId: actor.organizationId },
      })
    ).gatewayCustomerId!;
    e.server.faults.set(`POST /v1/customers/${customerId}`, { kind: "error", status: 500 }, 2);
    await expect(
      setDefaultPaymentMethod(e.h.deps, { actor, paymentMethodId: mastercard.id, now: new Date() }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect((await listPaymentMethods(e.h.deps, { actor }))[0]!.brand).toBe("visa");
    await setDefaultPaymentMethod(e.h.deps, {
      actor,
      paymentMethodId: mastercard.id,
      now: new Date(),
    });
    const atStripe = await stripe.customers.retrieve(customerId);
    expect("invoice_settings" in atStripe && atStripe.invoice_settings.default_payment_method).toBe(
      mastercard.gatewayPaymentMethodId,
    );
    await setDefaultPaymentMethod(e.h.deps, { actor, paymentMethodId: visa.id, now: new Date() });
    // The bank renews the card: the webhook brings the new expiry to our row.
    await stripe.paymentMethods.update(visa.gatewayPaymentMethodId, { card: { exp_year: 2039 } });
    for (const delivery of e.deliveries(visa.gatewayPaymentMethodId, "payment_method.updated"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    expect(await e.h.db.paymentMethod.findUniqueOrThrow({ where: { id: visa.id } })).toMatchObject({
      expYear: 2039,
    });
    await stripe.paymentMethods.detach(visa.gatewayPaymentMethodId);
    for (const delivery of e.deliveries(visa.gatewayPaymentMethodId, "payment_method.detached"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    expect(await e.h.db.paymentMethod.findUnique({ where: { id: visa.id } })).toBeNull();
    const left = await listPaymentMethods(e.h.deps, { actor });
    expect(left.map((m) => [m.brand, m.isDefault])).toEqual([["mastercard", true]]);
    const local = {
      ...e.h.deps,
      gateway: new LocalGateway({ db: e.h.db, appUrl: "http://localhost:3000" }),
    };
    await expect(startCardSetup(local, { actor, now: new Date() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
  it("customer.updated: our default card follows Stripe's default, re-fetched (old and repeated events too)", async () => {
    const actor = await e.subscribed("Default Follows");
    await e.addCard(actor, "5555555555554444");
    const customer = await e.h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
      include: { defaultPaymentMethod: true },
    });
    expect(customer.defaultPaymentMethod?.last4).toBe("4444");
    const visa = await e.h.db.paymentMethod.findFirstOrThrow({
      where: { organizationId: actor.organizationId, last4: "4242" },
    });
    // Someone makes the Visa the default in Stripe's dashboard.
    await e.stripe.customers.update(customer.gatewayCustomerId!, {
      invoice_settings: { default_payment_method: visa.gatewayPaymentMethodId },
    });
    const deliveries = e.deliveries(customer.gatewayCustomerId!, "customer.updated");
    expect(deliveries.length).toBeGreaterThan(1); // ours (to 4444) and the dashboard's, in any order
    for (const delivery of [...deliveries].reverse())
      for (let i = 0; i < 2; i++)
        await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    expect(
      (await e.h.db.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } }))
        .defaultPaymentMethodId,
    ).toBe(visa.id);
    expect(
      await e.h.db.auditLog.count({
        where: {
          organizationId: actor.organizationId,
          action: "payment_method.default_at_gateway",
        },
      }),
    ).toBe(1);
  });

  it("a chargeback marks the paid invoice and tells the customer, opened and decided", async () => {
    const actor = await e.h.newOrganization("Disputed Buyer");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    const session = e.server.store.checkoutSessions.get(e.gatewaySessionId(started.url))!;
    const dispute = e.server.dispute(session.payment_intent as string);
    for (const delivery of e.deliveries(dispute.id, "charge.dispute.created"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    const invoice = await e.h.db.invoice.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(invoice).toMatchObject({
      status: "PAID",
      disputeStatus: "needs_response",
      disputeAmount: 2999,
    });
    e.server.closeDispute(dispute.id, "lost");
    for (const delivery of e.deliveries(dispute.id, "charge.dispute.closed"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    const view = await getInvoice(e.h.deps, { actor, invoiceId: invoice.id });
    expect(view.dispute).toMatchObject({ status: "lost", amount: 2999 });
    const notices = await e.h.db.notification.findMany({
      where: { organizationId: actor.organizationId, kind: { startsWith: "DISPUTE_" } },
      orderBy: { createdAt: "asc" },
    });
    expect(notices.map((n) => n.kind)).toEqual(["DISPUTE_OPENED", "DISPUTE_CLOSED"]);
  });
  it("a refund made in Stripe's dashboard is recorded once (a credit note that was refunded); a deleted Stripe customer is recreated", async () => {
    const actor = await e.h.newOrganization("Dashboard Refund");
    const started = await e.checkout(actor);
    await e.pay(started.url);
    await syncHostedCheckout(e.h.deps, {
      gatewaySessionId: e.gatewaySessionId(started.url),
      now: new Date(),
    });
    const session = e.server.store.checkoutSessions.get(e.gatewaySessionId(started.url))!;
    const stripe = e.stripe;
    await stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 999 });
    const chargeId = e.server.store.paymentIntents.get(session.payment_intent as string)!
      .latest_charge as string;
    for (let i = 0; i < 2; i++)
      for (const delivery of e.deliveries(chargeId, "charge.refunded"))
        await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    const notes = await e.h.db.creditNote.findMany({
      where: { organizationId: actor.organizationId },
    });
    expect(notes.map((n) => [n.total, n.refundAmount, n.creditAmount])).toEqual([[999, 999, 0]]);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);

    const customer = await e.h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    await stripe.customers.del(customer.gatewayCustomerId!);
    for (const delivery of e.deliveries(customer.gatewayCustomerId!, "customer.deleted"))
      await processGatewayEvent(e.h.deps, { ...delivery, now: new Date() });
    const { url } = await startCardSetup(e.h.deps, { actor, now: new Date() });
    const renewed = await e.h.db.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
    expect(renewed.gatewayCustomerId).toMatch(/^cus_/);
    expect(renewed.gatewayCustomerId).not.toBe(customer.gatewayCustomerId);
    expect(e.server.store.checkoutSessions.get(e.gatewaySessionId(url))!.customer).toBe(
      renewed.gatewayCustomerId,
    );
  });
});
