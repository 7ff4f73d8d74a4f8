import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { completeCheckout, getSubscription, listInvoices, startCheckout } from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const now = new Date("2026-03-01T12:00:00Z");

describe("checkout on the LOCAL gateway", () => {
  it("creates an ACTIVE subscription, a paid numbered invoice and the default card once paid", async () => {
    const actor = await h.newOrganization("Initech");
    const id = await h.subscribe(actor, { plan: "starter", now });
    const sub = await getSubscription(h.deps, { actor, subscriptionId: id });
    expect(sub).toMatchObject({
      status: "ACTIVE",
      billingCycle: "monthly",
      unitAmount: 2999,
      currency: "usd",
      currentPeriodEnd: new Date("2026-04-01T12:00:00Z"),
    });
    expect(sub.recentInvoices).toHaveLength(1);
    expect(sub.recentInvoices[0]).toMatchObject({
      status: "PAID",
      total: 2999,
      amountDue: 0,
      amountPaid: 2999,
      billingReason: "SUBSCRIPTION_CREATE",
    });
    expect(sub.recentInvoices[0]?.number).toMatch(/^INIT-[0-9A-F]{6}-000001$/);
    // A MEMBER reads the same subscription without its invoices (access.ts).
    const asMember = await getSubscription(h.deps, {
      actor: { ...actor, role: "MEMBER" },
      subscriptionId: id,
    });
    expect(asMember).toEqual({ ...sub, recentInvoices: [] });
    const customer = await h.db.billingCustomer.findUniqueOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(customer.defaultPaymentMethodId).not.toBeNull();
  });

  it("refuses a second checkout while a subscription is live (409 EXISTING_SUBSCRIPTION)", async () => {
    const actor = await h.newOrganization("Hooli");
    const id = await h.subscribe(actor, { plan: "starter", now });
    const plan = await h.plan("professional");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: plan.id, billingCycle: "monthly" },
        now,
      }),
    ).rejects.toMatchObject({ code: "EXISTING_SUBSCRIPTION", details: { subscriptionId: id } });
  });

  it("keeps the session open after a decline, writes nothing of ours, and then accepts another card", async () => {
    const actor = await h.newOrganization("Pied Piper");
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "monthly" },
      now,
    });
    for (const number of [CARDS.decline, CARDS.insufficient]) {
      await expect(
        completeCheckout(h.deps, {
          actor,
          sessionId: session.sessionId,
          paymentMethodId: await h.card(number, now),
          now,
        }),
      ).rejects.toMatchObject({ code: "PAYMENT_FAILED" });
    }
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      0,
    );
    expect(
      await h.db.paymentMethod.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(0);
    const done = await completeCheckout(h.deps, {
      actor,
      sessionId: session.sessionId,
      paymentMethodId: await h.card(CARDS.ok, now),
      now,
    });
    expect(done.status).toBe("complete");
  });

  it("asks for the extra confirmation step with the 3220 card, then completes on confirm", async () => {
    const actor = await h.newOrganization("Vandelay");
    const plan = await h.plan("professional");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "yearly" },
      now,
    });
    const first = await completeCheckout(h.deps, {
      actor,
      sessionId: session.sessionId,
      paymentMethodId: await h.card(CARDS.threeDS, now),
      now,
    });
    expect(first).toEqual({ status: "requires_action" });
    const confirmed = await completeCheckout(h.deps, {
      actor,
      sessionId: session.sessionId,
      confirmed: true,
      now,
    });
    expect(confirmed.status).toBe("complete");
    const invoices = await listInvoices(h.deps, { actor, query: { page: 1, limit: 10 } });
    expect(invoices.data[0]).toMatchObject({ total: 95988, status: "PAID" });
  });

  it("expires sessions (410 SESSION_EXPIRED) and hides other organizations' sessions (404)", async () => {
    const actor = await h.newOrganization("Soylent");
    const other = await h.newOrganization("Umbrella");
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "monthly" },
      now,
    });
    const card = await h.card(CARDS.ok, now);
    await expect(
      completeCheckout(h.deps, {
        actor: other,
        sessionId: session.sessionId,
        paymentMethodId: card,
        now,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const later = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    await expect(
      completeCheckout(h.deps, {
        actor,
        sessionId: session.sessionId,
        paymentMethodId: card,
        now: later,
      }),
    ).rejects.toMatchObject({ code: "SESSION_EXPIRED" });
  });

  it("refuses plans that are not for sale and return URLs on another origin", async () => {
    const actor = await h.newOrganization("Acme Two");
    const plan = await h.plan("starter");
    await h.db.plan.create({
      data: { slug: "hidden", name: "Hidden", tier: "CUSTOM", monthlyPrice: 100, isPublic: false },
    });
    const hidden = await h.plan("hidden");
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: hidden.id, billingCycle: "monthly" },
        now,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      startCheckout(h.deps, {
        actor,
        input: {
          licenseTypeId: plan.id,
          billingCycle: "monthly",
          successUrl: "https://evil.example/x",
        },
        now,
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(
      startCheckout(h.deps, {
        actor,
        input: { licenseTypeId: plan.id, billingCycle: "monthly", quantity: 6 },
        now,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
