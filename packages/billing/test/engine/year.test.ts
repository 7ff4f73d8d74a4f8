import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  addMonthsClamped,
  addPaymentMethod,
  advanceBilling,
  changePlan,
  payInvoice,
} from "../../src";
import { CARDS, createHarness, type Harness } from "./harness";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.database.close());

const DAY = 86_400_000;
const t0 = new Date("2026-01-31T10:00:00Z"); // month ends clamp: Feb 28, Mar 31, ...

describe("a simulated year on the fake clock", () => {
  it("renews monthly with a 3-month 20 % coupon, prorates an upgrade, runs dunning and recovers", async () => {
    await h.db.coupon.create({
      data: {
        code: "YEAR20",
        name: "20 % for 3 months",
        percentOff: 20,
        duration: "REPEATING",
        durationMonths: 3,
      },
    });
    const actor = await h.newOrganization("Year Corp");
    const subscriptionId = await h.subscribe(actor, {
      plan: "starter",
      couponCode: "year20",
      now: t0,
    });
    const at = (months: number, days = 0) =>
      new Date(addMonthsClamped(t0, months).getTime() + days * DAY);
    const status = async () =>
      (await h.db.subscription.findUniqueOrThrow({ where: { id: subscriptionId } })).status;

    for (let month = 1; month <= 12; month++) {
      if (month === 5) {
        const professional = await h.plan("professional");
        await changePlan(h.deps, {
          actor,
          subscriptionId,
          request: { newLicenseTypeId: professional.id },
          now: at(4, 10),
        });
      }
      if (month === 8) {
        // The card starts failing: 0341 becomes the default.
        await addPaymentMethod(h.deps, {
          actor,
          paymentMethodId: await h.card(CARDS.failLater, at(8, -1)),
          setAsDefault: true,
          now: at(8, -1),
        });
      }
      const summary = await advanceBilling(h.deps, { now: at(month) });
      expect(summary.renewed, `month ${month}`).toBe(1);
      if (month === 8) {
        expect(summary.failed).toBe(1);
        expect(await status()).toBe("PAST_DUE");
        // Retries after 1, 3 and 5 days; nothing in between.
        expect((await advanceBilling(h.deps, { now: at(8, 0.5) })).failed).toBe(0);
        for (const day of [1, 3]) {
          expect(
            (await advanceBilling(h.deps, { now: at(8, day) })).failed,
            `retry day ${day}`,
          ).toBe(1);
          expect(await status()).toBe("PAST_DUE");
        }
        expect((await advanceBilling(h.deps, { now: at(8, 2) })).failed).toBe(0);
        expect((await advanceBilling(h.deps, { now: at(8, 5) })).failed).toBe(1);
        expect(await status()).toBe("UNPAID");
        // A new card pays the open invoice and brings the subscription back.
        await addPaymentMethod(h.deps, {
          actor,
          paymentMethodId: await h.card(CARDS.mastercard, at(8, 6)),
          setAsDefault: true,
          now: at(8, 6),
        });
        const open = await h.db.invoice.findFirstOrThrow({
          where: { subscriptionId, status: "OPEN" },
        });
        await payInvoice(h.deps, { actor, invoiceId: open.id, now: at(8, 6) });
        expect(await status()).toBe("ACTIVE");
      } else {
        expect(summary.failed, `month ${month}`).toBe(0);
      }
      // Idempotent: the same instant again does nothing.
      expect(await advanceBilling(h.deps, { now: at(month) })).toEqual({
        reconciled: { charges: 0, refunds: 0, unknown: 0, otherGateway: 0 },
        renewed: 0,
        trialsEnded: 0,
        canceled: 0,
        paid: 0,
        failed: 0,
        trialNotices: 0,
      });
    }

    const invoices = await h.db.invoice.findMany({
      where: { subscriptionId },
      orderBy: { number: "asc" },
    });
    const renewals = invoices.filter((i) => i.billingReason === "SUBSCRIPTION_CYCLE");
    expect(renewals).toHaveLength(12);
    expect(invoices.filter((i) => i.billingReason === "SUBSCRIPTION_UPDATE")).toHaveLength(1);
    // The first three invoices (3 months) carry the 20 % discount; none after.
    const byDate = [...invoices].sort(
      (a, b) =>
        a.periodStart.getTime() - b.periodStart.getTime() ||
        a.createdAt.getTime() - b.createdAt.getTime(),
    );
    expect(byDate.slice(0, 3).map((i) => [i.subtotal, i.discountAmount, i.total])).toEqual([
      [2999, 600, 2399],
      [2999, 600, 2399],
      [2999, 600, 2399],
    ]);
    expect(byDate.slice(3).every((i) => i.discountAmount === 0)).toBe(true);
    expect(renewals.slice(4).every((i) => i.subtotal === 9999)).toBe(true);
    // Gapless numbering: 1..14 for this organization.
    const sequence = invoices.map((i) => Number(i.number!.split("-").at(-1)));
    expect(sequence).toEqual(Array.from({ length: 14 }, (_, i) => i + 1));
    expect(invoices.every((i) => i.status === "PAID")).toBe(true);
    const failed = await h.db.payment.count({
      where: { invoice: { subscriptionId }, status: "FAILED" },
    });
    expect(failed).toBe(4);
  });
});
