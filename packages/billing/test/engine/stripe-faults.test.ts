/**
 * Stripe failing at each money step (the test server answering 500, or hanging past our timeout): our
 * answer is 502/503, our rows are unchanged apart from the attempt, and the reconciler or a retry with
 * the same key finishes — never a second Stripe charge or refund.
 */
import { describe, expect, it } from "vitest";

import {
  advanceBilling,
  createCreditNote,
  LocalGateway,
  payInvoice,
  reconcileAttempts,
  startCheckout,
} from "../../src";
import { moneyViolations } from "../../src/testing";
import { useStripeEngine } from "./stripe-engine";

const e = useStripeEngine({ timeoutMs: 800 });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function intentsOf(attemptIds: string[]) {
  return [...e.server.store.paymentIntents.values()].filter((i) =>
    attemptIds.includes((i.metadata as Record<string, string>).attempt_id ?? ""),
  );
}

describe("Stripe failing", () => {
  it("checkout: a 500 creating the Checkout Session is 503; the session and its attempt end, nothing else", async () => {
    const actor = await e.h.newOrganization("Checkout Outage");
    e.server.faults.set("POST /v1/checkout/sessions", { kind: "error", status: 500 }, 2);
    await expect(
      startCheckout(e.h.deps, {
        actor,
        input: { licenseTypeId: (await e.h.plan("starter")).id, billingCycle: "monthly" },
        now: new Date(),
      }),
    ).rejects.toMatchObject({ code: "GATEWAY_UNAVAILABLE" });
    expect(
      await e.h.db.checkoutSession.findFirstOrThrow({
        where: { organizationId: actor.organizationId },
      }),
    ).toMatchObject({
      status: "EXPIRED",
    });
    expect(
      await e.h.db.paymentAttempt.findFirstOrThrow({
        where: { organizationId: actor.organizationId },
      }),
    ).toMatchObject({
      status: "FAILED",
    });
    expect(
      await e.h.db.subscription.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(0);
  });

  it("pay now: Stripe hangs past our timeout → 503; the reconciler finds the charge by its key; one charge", async () => {
    const actor = await e.subscribed("Pay Now Hang");
    await e.addCard(actor, "4000000000000341");
    const subscription = await e.h.db.subscription.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    // The renewal on the 0341 default fails (it attaches, then every charge fails): an open invoice.
    await advanceBilling(e.h.deps, { now: subscription.currentPeriodEnd });
    const open = await e.h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: subscription.id, status: "OPEN" },
    });
    // A good card becomes the default, then "pay now" — and Stripe hangs (twice: the SDK retries once).
    await e.addCard(actor, "5555555555554444");
    e.server.faults.set("POST /v1/payment_intents", { kind: "hang", ms: 1_200 }, 2);
    await expect(
      payInvoice(e.h.deps, { actor, invoiceId: open.id, now: new Date() }),
    ).rejects.toMatchObject({
      code: "GATEWAY_UNAVAILABLE",
    });
    expect(await e.h.db.invoice.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: "OPEN",
    });
    await pause(2_000);
    // A reconciler on the LOCAL gateway (a script started without the STRIPE env) must not settle a
    // STRIPE attempt: LOCAL has never seen its key and would call the paid charge failed.
    const onLocal = {
      ...e.h.deps,
      gateway: new LocalGateway({ db: e.h.db, appUrl: e.h.deps.appUrl }),
    };
    expect(await reconcileAttempts(onLocal, { now: new Date(), leaseMs: 0 })).toEqual({
      charges: 0,
      refunds: 0,
      unknown: 0,
      otherGateway: 1,
    });
    expect(await reconcileAttempts(e.h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      charges: 1,
      otherGateway: 0,
    });
    expect(await e.h.db.invoice.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({
      status: "PAID",
    });
    const attempts = await e.h.db.paymentAttempt.findMany({
      where: { invoiceId: open.id, kind: "CHARGE", status: "SUCCEEDED" },
    });
    expect(attempts).toHaveLength(1);
    expect(
      intentsOf(attempts.map((a) => a.id)).filter((i) => i.status === "succeeded"),
    ).toHaveLength(1);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });

  it("refund: a lost answer leaves the refund PENDING; the reconciler resends it with its key: refunded once", async () => {
    const actor = await e.subscribed("Refund Lost");
    const invoice = await e.h.db.invoice.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    e.server.faults.set("POST /v1/refunds", { kind: "drop" }, 2);
    const note = await createCreditNote(e.h.deps, {
      actor,
      invoiceId: invoice.id,
      amount: 1000,
      reason: "DUPLICATE",
      refund: true,
      now: new Date(),
    });
    expect(note.refundAmount).toBe(1000);
    const pending = await e.h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId, kind: "REFUND" },
    });
    expect(pending.status).toBe("PENDING");
    expect(await reconcileAttempts(e.h.deps, { now: new Date(), leaseMs: 0 })).toMatchObject({
      refunds: 1,
    });
    const refunds = [...e.server.store.refunds.values()].filter(
      (r) => (r.metadata as Record<string, string>).attempt_id === pending.id,
    );
    expect(refunds.map((r) => r.amount)).toEqual([1000]);
    expect(await moneyViolations(e.h.db, actor.organizationId)).toEqual([]);
  });
});
