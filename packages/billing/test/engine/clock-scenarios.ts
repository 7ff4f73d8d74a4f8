/**
 * Subscriptions in every state the billing clock meets, built through the engine's own use cases, so the
 * batched clock and the one-by-one clock can be run over the same histories (clock-equivalence.test.ts).
 */
import fc from "fast-check";

import {
  addPaymentMethod,
  cancelSubscription,
  changePlan,
  completeCheckout,
  grantBalanceCredit,
  startCheckout,
  tokenizeCard,
  updateBillingCustomer,
  type BillingActor,
} from "../../src";
import { CARDS, type Harness } from "./harness";

const DAY = 86_400_000;

export const COUPONS = ["ONCE20", "REP2", "FOREVER10", "FLAT500", "FREE100", "PROONLY"] as const;

export interface SubSpec {
  plan: "starter" | "professional" | "enterprise";
  cycle: "monthly" | "yearly";
  quantity: number;
  coupon: (typeof COUPONS)[number] | null;
  trial: boolean;
  /** A customer in Germany (19 % VAT). */
  tax: boolean;
  /** Balance credit granted before the first renewal (minor units). */
  credit: number;
  cancelAtEnd: boolean;
  /** A scheduled downgrade to Starter, applied at the renewal (plans with PERIOD_END downgrades). */
  downgrade: boolean;
  /** The default card at renewal: one that succeeds, one that declines every charge, one expiring. */
  card: "ok" | "failLater" | "expiring";
}

export const subSpec: fc.Arbitrary<SubSpec> = fc
  .record({
    plan: fc.constantFrom("starter", "professional", "enterprise"),
    cycle: fc.constantFrom("monthly", "monthly", "yearly"),
    quantity: fc.integer({ min: 1, max: 4 }),
    coupon: fc.option(fc.constantFrom(...COUPONS), { freq: 2 }),
    trial: fc.boolean(),
    tax: fc.boolean(),
    credit: fc.constantFrom(0, 0, 700, 4_000, 60_000),
    cancelAtEnd: fc.boolean(),
    downgrade: fc.boolean(),
    card: fc.constantFrom("ok", "ok", "failLater", "expiring"),
  })
  .map((s) => ({
    ...s,
    // PROONLY covers Professional only: checkout refuses it elsewhere.
    coupon: s.coupon === "PROONLY" && s.plan !== "professional" ? null : s.coupon,
    downgrade: s.downgrade && s.plan !== "starter" && !s.trial,
  }));

/** The same catalogue in every database: VAT for DE, PERIOD_END downgrades, the coupons. */
export async function prepareCatalogue(h: Harness): Promise<void> {
  await h.db.taxRate.create({ data: { country: "DE", name: "USt", percentBps: 1900 } });
  await h.db.plan.updateMany({
    where: { slug: { in: ["professional", "enterprise"] } },
    data: { downgradeTiming: "PERIOD_END" },
  });
  const professional = await h.plan("professional");
  const coupon = (code: string, data: Record<string, unknown>) =>
    h.db.coupon.create({
      data: { code, name: code, duration: "FOREVER", maxRedemptionsPerOrganization: 5, ...data },
    });
  await coupon("ONCE20", { percentOff: 20, duration: "ONCE" });
  await coupon("REP2", { percentOff: 15, duration: "REPEATING", durationMonths: 2 });
  await coupon("FOREVER10", { percentOff: 10 });
  await coupon("FLAT500", {
    amountOff: 500,
    currency: "usd",
    duration: "REPEATING",
    durationMonths: 3,
  });
  await coupon("FREE100", { percentOff: 100 });
  await coupon("PROONLY", { percentOff: 25, appliesToPlanIds: [professional.id] });
}

/** Builds one subscription of `spec` for a new organization, everything done by `start` + 5 days. */
export async function buildSubscription(
  h: Harness,
  spec: SubSpec,
  name: string,
  start: Date,
): Promise<BillingActor> {
  const actor = await h.newOrganization(name);
  const at = (days: number) => new Date(start.getTime() + days * DAY);
  if (spec.tax)
    await updateBillingCustomer(h.deps, {
      actor,
      update: { name, address: { line1: "Unter den Linden 1", city: "Berlin", country: "de" } },
      now: start,
    });
  const session = await startCheckout(h.deps, {
    actor,
    input: {
      licenseTypeId: (await h.plan(spec.plan)).id,
      billingCycle: spec.cycle,
      quantity: spec.quantity,
      couponCode: spec.coupon ?? undefined,
      startTrial: spec.trial,
    },
    now: start,
  });
  const outcome = await completeCheckout(h.deps, {
    actor,
    sessionId: session.sessionId,
    paymentMethodId: await h.card(CARDS.ok, start, actor.organizationId),
    now: start,
  });
  if (outcome.status !== "complete") throw new Error(`checkout of ${name}: ${outcome.status}`);
  const subscriptionId = outcome.subscriptionId;
  if (spec.credit > 0)
    await grantBalanceCredit(h.deps, { actor, amount: spec.credit, reason: "test", now: at(1) });
  if (spec.downgrade) {
    const starter = await h.plan("starter");
    await changePlan(h.deps, {
      actor,
      subscriptionId,
      request: { newLicenseTypeId: starter.id },
      now: at(2),
    });
  }
  if (spec.cancelAtEnd) await cancelSubscription(h.deps, { actor, subscriptionId, now: at(3) });
  if (spec.card !== "ok") {
    const card =
      spec.card === "failLater"
        ? await h.card(CARDS.failLater, at(4), actor.organizationId)
        : // Valid this month, expired by the first renewal.
          (
            await tokenizeCard(h.db, {
              card: {
                number: CARDS.mastercard,
                expMonth: start.getUTCMonth() + 1,
                expYear: start.getUTCFullYear(),
                cvc: "123",
              },
              organizationId: actor.organizationId,
              now: at(4),
              fingerprintKey: h.deps.fingerprintKey,
            })
          ).paymentMethodId;
    await addPaymentMethod(h.deps, {
      actor,
      paymentMethodId: card,
      setAsDefault: true,
      now: at(4),
    });
  }
  return actor;
}

/**
 * When the clock runs, from `start` (the 15th of a January): trial notices, the first renewals (and
 * trial ends), each dunning retry up to the last, the next month, then a year later (monthly
 * subscriptions renew twelve times in one run, yearly ones once).
 */
export function clockTimes(start: Date): Date[] {
  const month = (n: number, days = 0) => {
    const d = new Date(start);
    d.setUTCMonth(d.getUTCMonth() + n);
    return new Date(d.getTime() + days * DAY + 3_600_000);
  };
  return [
    new Date(start.getTime() + 12 * DAY),
    month(1),
    month(1, 1),
    month(1, 3),
    month(1, 5),
    month(2),
    month(14),
  ];
}
