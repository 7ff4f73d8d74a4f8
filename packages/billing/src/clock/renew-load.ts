import {
  columns,
  Prisma,
  type BillingCustomer,
  type Coupon,
  type Plan,
  type Subscription,
} from "@salesos/db";

import type { Tx } from "../deps";
import { RENEWAL_DUE } from "./due-sql";
import { taxTermsOf, type TaxTerms } from "../invoicing";
import type { RenewalFacts, RenewingSubscription } from "./renewal-quote";

export type ClaimedRenewal = Subscription & { plan: Plan; coupon: Coupon | null };

const CLAIM = `
  SELECT ${columns(Prisma.SubscriptionScalarFieldEnum, "s")}
    FROM subscriptions s
   WHERE ${RENEWAL_DUE}
     AND ($3::text[] IS NULL OR s.id = ANY($3::text[]))
   ORDER BY s.current_period_end, s.id
   LIMIT $2
     FOR UPDATE SKIP LOCKED`;

/**
 * Locks up to `limit` due subscriptions (period or trial over), oldest due first, with their plan and
 * coupon. SKIP LOCKED: a clock running elsewhere has the others, so no subscription is renewed twice.
 * Plans and coupons are few: each is read once for the batch, not joined onto every row. `only`: among
 * these subscriptions alone (a job names the ones it was queued for); absent, any that are due.
 */
export async function claimRenewals(
  tx: Tx,
  now: Date,
  limit: number,
  only?: readonly string[],
): Promise<ClaimedRenewal[]> {
  const subs = await tx.$queryRawUnsafe<Subscription[]>(CLAIM, now, limit, only ?? null);
  const plans = await plansById(
    tx,
    subs.map((s) => s.planId),
  );
  const couponIds = [...new Set(subs.flatMap((s) => (s.couponId ? [s.couponId] : [])))];
  const coupons =
    couponIds.length === 0
      ? []
      : await tx.$queryRawUnsafe<Coupon[]>(
          `SELECT ${columns(Prisma.CouponScalarFieldEnum, "k")} FROM coupons k
            WHERE k.id = ANY($1::text[])`,
          couponIds,
        );
  const couponById = new Map(coupons.map((c) => [c.id, c]));
  return subs.map((sub) => ({
    ...sub,
    plan: plans.get(sub.planId)!,
    coupon: sub.couponId ? couponById.get(sub.couponId)! : null,
  }));
}

async function plansById(tx: Tx, ids: string[]): Promise<Map<string, Plan>> {
  const unique = [...new Set(ids)];
  const plans =
    unique.length === 0
      ? []
      : await tx.$queryRawUnsafe<Plan[]>(
          `SELECT ${columns(Prisma.PlanScalarFieldEnum, "p")} FROM plans p WHERE p.id = ANY($1::text[])`,
          unique,
        );
  return new Map(plans.map((p) => [p.id, p]));
}

export interface NumberedCustomer {
  customer: BillingCustomer;
  /** The invoice number taken for this batch's invoice of the organization. */
  counter: { seq: number; prefix: string };
}

/**
 * Takes the next invoice number of each customer (one renewal per organization in a batch: one live
 * subscription each). The row lock it takes is the one issueInvoice takes, so numbers stay gapless; the
 * rows come back locked, so the credit balance priced is the one the invoice uses.
 */
export async function takeInvoiceNumbers(
  tx: Tx,
  customerIds: string[],
): Promise<Map<string, NumberedCustomer>> {
  if (customerIds.length === 0) return new Map();
  const rows = await tx.$queryRawUnsafe<(BillingCustomer & { seq: number })[]>(
    `UPDATE billing_customers c SET next_invoice_sequence = c.next_invoice_sequence + 1
      WHERE c.id = ANY($1::text[])
      RETURNING ${columns(Prisma.BillingCustomerScalarFieldEnum, "c")},
                c.next_invoice_sequence - 1 AS seq`,
    customerIds,
  );
  const found = new Map(
    rows.map(({ seq, ...customer }) => [
      customer.id,
      { customer, counter: { seq, prefix: customer.invoicePrefix } },
    ]),
  );
  for (const id of customerIds)
    if (!found.has(id)) throw new Error(`billing customer ${id} vanished`);
  return found;
}

/** The facts renewal pricing reads, for a whole batch: scheduled plans and the countries' tax rates. */
export async function loadRenewalFacts(
  tx: Tx,
  subs: RenewingSubscription[],
): Promise<(sub: RenewingSubscription) => RenewalFacts> {
  const planIds = [...new Set(subs.flatMap((s) => (s.pendingPlanId ? [s.pendingPlanId] : [])))];
  const countries = [
    ...new Set(subs.flatMap((s) => (s.customer.country ? [s.customer.country.toUpperCase()] : []))),
  ];
  const rates =
    countries.length === 0
      ? []
      : await tx.$queryRawUnsafe<{ country: string; name: string; percentBps: number }[]>(
          `SELECT country, name, percent_bps AS "percentBps" FROM tax_rates
            WHERE is_active AND country = ANY($1::text[])`,
          countries,
        );
  const planById = await plansById(tx, planIds);
  const taxByCountry = new Map<string, TaxTerms>(rates.map((r) => [r.country, taxTermsOf(r)]));
  return (sub) => {
    const pendingPlan = sub.pendingPlanId ? planById.get(sub.pendingPlanId) : null;
    // As findUniqueOrThrow would: a scheduled plan that vanished stops the run, nothing written.
    if (pendingPlan === undefined) throw new Error(`plan ${sub.pendingPlanId} not found`);
    const country = sub.customer.country?.toUpperCase();
    return { pendingPlan, tax: (country && taxByCountry.get(country)) || taxTermsOf(null) };
  };
}
