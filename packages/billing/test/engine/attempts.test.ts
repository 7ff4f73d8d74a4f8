import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addPaymentMethod,
  advanceBilling,
  changePlan,
  completeCheckout,
  payInvoice,
  previewPlanChange,
  reconcileAttempts,
  refundCharge,
  SimulatedCrash,
  createCreditNote,
  startCheckout,
  type BillingDeps,
  type CrashPoint,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";
import { moneyViolations } from "../../src/testing";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const start = new Date("2026-04-01T00:00:00Z");
const half = new Date("2026-04-16T00:00:00Z");
const afterLease = (at: Date) => new Date(at.getTime() + 2 * 60_000);

function crashingAt(point: CrashPoint): BillingDeps {
  return { ...h.deps, faults: { crashAt: point, mode: "throw" } };
}

describe("a crash between the gateway's answer and our commit", () => {
  it("checkout: the reconciler creates the subscription the customer paid for; the retry answers the first outcome", async () => {
    const actor = await h.newOrganization("Crash Checkout");
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor,
      input: { licenseTypeId: plan.id, billingCycle: "monthly" },
      now: start,
    });
    const card = await h.card(CARDS.ok, start, actor.organizationId);
    const request = { actor, sessionId: session.sessionId, paymentMethodId: card, now: start };
    await expect(completeCheckout(crashingAt("checkout.charged"), request)).rejects.toBeInstanceOf(
      SimulatedCrash,
    );
    // Charged, nothing of ours yet: exactly the orphan a kill -9 leaves.
    expect(await h.db.localCharge.count({ where: { cardId: card, succeeded: true } })).toBe(1);
    expect(await h.db.subscription.count({ where: { organizationId: actor.organizationId } })).toBe(
      0,
    );
    // A retry inside the lease is told to wait, and charges nothing.
    await expect(completeCheckout(h.deps, request)).rejects.toMatchObject({
      code: "PAYMENT_IN_PROGRESS",
    });
    const summary = await reconcileAttempts(h.deps, { now: afterLease(start) });
    expect(summary).toEqual({ charges: 1, refunds: 0, unknown: 0, otherGateway: 0 });
    const retried = await completeCheckout(h.deps, { ...request, now: afterLease(start) });
    expect(retried.status).toBe("complete");
    expect(await h.db.localCharge.count({ where: { cardId: card } })).toBe(1);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("plan change: reconciled into the change and its paid proration invoice", async () => {
    const actor = await h.newOrganization("Crash Upgrade");
    const subscriptionId = await h.subscribe(actor, { plan: "starter", now: start });
    const professional = await h.plan("professional");
    const preview = await previewPlanChange(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id },
      now: half,
    });
    await expect(
      changePlan(crashingAt("plan_change.charged"), {
        actor,
        subscriptionId,
        request: { newLicenseTypeId: professional.id, previewId: preview.previewId },
        now: half,
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).planId,
    ).not.toBe(professional.id);
    expect(await reconcileAttempts(h.deps, { now: afterLease(half) })).toMatchObject({
      charges: 1,
    });
    const after = await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(after.planId).toBe(professional.id);
    // The retry of the same request answers the first outcome.
    const retried = await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: professional.id, previewId: preview.previewId },
      now: afterLease(half),
    });
    expect(retried.invoice).toMatchObject({ status: "PAID", total: preview.amountDueNow });
    const invoice = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId, billingReason: "SUBSCRIPTION_UPDATE" },
    });
    expect(invoice).toMatchObject({ status: "PAID", total: preview.amountDueNow });
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("pay now: reconciled into the paid invoice; a retry does not charge again", async () => {
    const actor = await h.newOrganization("Crash Pay Now");
    const sub = await h.subscribe(actor, { plan: "starter", now: start });
    // The renewal fails on a card that attaches but declines every charge (0341)...
    const failing = await h.card(CARDS.failLater, start, actor.organizationId);
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: failing,
      setAsDefault: true,
      now: start,
    });
    const renewal = new Date("2026-05-01T00:00:01Z");
    await advanceBilling(h.deps, { now: renewal });
    const open = await h.db.invoice.findFirstOrThrow({
      where: { subscriptionId: sub, status: "OPEN" },
    });
    // ...then the customer adds a good card and pays now.
    const good = await h.card(CARDS.mastercard, renewal, actor.organizationId);
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: good,
      setAsDefault: true,
      now: renewal,
    });
    await expect(
      payInvoice(crashingAt("invoice.charged"), { actor, invoiceId: open.id, now: renewal }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    await reconcileAttempts(h.deps, { now: afterLease(renewal) });
    expect((await h.db.invoice.findUniqueOrThrow({ where: { id: open.id } })).status).toBe("PAID");
    // The retry answers the first outcome (the paid invoice) and charges nothing more.
    expect(
      await payInvoice(h.deps, { actor, invoiceId: open.id, now: afterLease(renewal) }),
    ).toMatchObject({ id: open.id, status: "PAID" });
    expect(await h.db.localCharge.count({ where: { cardId: good, succeeded: true } })).toBe(1);
    expect((await h.db.subscription.findUniqueOrThrow({ where: { id: sub } })).status).toBe(
      "ACTIVE",
    );
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });

  it("refund: a refund attempt cut off after the gateway is sent again with the same key and refunds once", async () => {
    const actor = await h.newOrganization("Crash Refund");
    await h.subscribe(actor, { plan: "professional", now: start });
    const charge = await h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId, kind: "CHARGE", status: "SUCCEEDED" },
    });
    await expect(
      refundCharge(crashingAt("refund.sent"), {
        chargeAttemptId: charge.id,
        amount: 1000,
        reason: "goodwill",
        now: half,
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    expect(await reconcileAttempts(h.deps, { now: afterLease(half) })).toEqual({
      charges: 0,
      refunds: 1,
      unknown: 0,
      otherGateway: 0,
    });
    const ledger = await h.db.localCharge.findUniqueOrThrow({
      where: { id: charge.gatewayPaymentId! },
      include: { refunds: true },
    });
    expect(ledger.amountRefunded).toBe(1000);
    expect(ledger.refunds).toHaveLength(1);
  });

  it("credit note: its refund cut off after the gateway is resent by the reconciler, refunded once, books balanced", async () => {
    const actor = await h.newOrganization("Crash Credit Note");
    const subscriptionId = await h.subscribe(actor, { plan: "professional", now: start });
    const invoice = await h.db.invoice.findFirstOrThrow({ where: { subscriptionId } });
    await expect(
      createCreditNote(crashingAt("refund.sent"), {
        actor,
        invoiceId: invoice.id,
        amount: 2500,
        reason: "DUPLICATE",
        refund: true,
        now: half,
      }),
    ).rejects.toBeInstanceOf(SimulatedCrash);
    // The credit note and its refund attempt were committed before the gateway was called.
    const note = await h.db.creditNote.findFirstOrThrow({
      where: { organizationId: actor.organizationId },
    });
    expect(note).toMatchObject({ total: 2500, refundAmount: 2500, creditAmount: 0 });
    expect(await reconcileAttempts(h.deps, { now: afterLease(half) })).toMatchObject({
      refunds: 1,
    });
    const charge = await h.db.localCharge.findFirstOrThrow({
      where: { amount: 9999, refunds: { some: {} }, amountRefunded: 2500 },
      include: { refunds: true },
    });
    expect(charge.refunds).toHaveLength(1);
    expect(await moneyViolations(h.db, actor.organizationId)).toEqual([]);
  });
});

describe("refunds through attempts", () => {
  it("partial refunds add up to at most the charge; more is refused before the gateway", async () => {
    const actor = await h.newOrganization("Partial Refunds");
    await h.subscribe(actor, { plan: "professional", now: start });
    const charge = await h.db.paymentAttempt.findFirstOrThrow({
      where: { organizationId: actor.organizationId, kind: "CHARGE", status: "SUCCEEDED" },
    });
    const first = await refundCharge(h.deps, {
      chargeAttemptId: charge.id,
      amount: 4000,
      reason: "requested_by_customer",
      now: half,
    });
    expect(first.status).toBe("SUCCEEDED");
    await expect(
      refundCharge(h.deps, {
        chargeAttemptId: charge.id,
        amount: charge.amount - 3999,
        reason: "requested_by_customer",
        now: half,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", details: { refundable: charge.amount - 4000 } });
    await refundCharge(h.deps, {
      chargeAttemptId: charge.id,
      amount: charge.amount - 4000,
      reason: "requested_by_customer",
      now: half,
    });
    const ledger = await h.db.localCharge.findUniqueOrThrow({
      where: { id: charge.gatewayPaymentId! },
    });
    expect(ledger.amountRefunded).toBe(charge.amount);
    expect(ledger.refundedAt).not.toBeNull();
  });
});

describe("cards belong to one organization", () => {
  it("another organization's token is 404 at checkout and when attached", async () => {
    const owner = await h.newOrganization("Token Owner");
    const thief = await h.newOrganization("Token Thief");
    const token = await h.card(CARDS.ok, start, owner.organizationId);
    const plan = await h.plan("starter");
    const session = await startCheckout(h.deps, {
      actor: thief,
      input: { licenseTypeId: plan.id, billingCycle: "monthly" },
      now: start,
    });
    await expect(
      completeCheckout(h.deps, {
        actor: thief,
        sessionId: session.sessionId,
        paymentMethodId: token,
        now: start,
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      addPaymentMethod(h.deps, { actor: thief, paymentMethodId: token, now: start }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await h.db.localCharge.count({ where: { cardId: token } })).toBe(0);
  });

  it("the same card attached twice at once is one method and one 409, never a 500", async () => {
    const actor = await h.newOrganization("Double Attach");
    const token = await h.card(CARDS.mastercard, start, actor.organizationId);
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => addPaymentMethod(h.deps, { actor, paymentMethodId: token, now: start })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results)
      if (r.status === "rejected")
        expect(r.reason).toMatchObject({ code: "PAYMENT_METHOD_EXISTS" });
    expect(
      await h.db.paymentMethod.count({ where: { organizationId: actor.organizationId } }),
    ).toBe(1);
  });
});
