import { Prisma } from "@salesos/db";

import type { BillingDeps } from "../deps";

/**
 * The revenue dashboard's figures, each one aggregate query in the database (never subscriptions loaded
 * into memory), per currency (USD and EUR are never added together). Money in minor units.
 */
export interface RevenueMetrics {
  asOf: Date;
  range: { from: Date; to: Date };
  /** Monthly recurring revenue now: yearly normalised to a month, net of recurring discounts. */
  recurring: { currency: string; mrr: number; arr: number; subscriptions: number }[];
  counts: { active: number; trialing: number; pastDue: number; unpaid: number; paused: number };
  /** Per calendar month (UTC) of the range: subscriptions started and ended. */
  months: { month: string; started: number; churned: number }[];
  /** Collected on paid invoices in the range, by plan and currency. */
  revenueByPlan: { planId: string; planName: string; currency: string; collected: number }[];
  /** Invoices in the range whose payment failed at least once: how many were paid in the end. */
  recovery: { failed: number; recovered: number; rate: number | null };
}

// A subscription's recurring monthly amount, net of a discount that is still running at `asOf` (a ONCE
// coupon discounts one invoice only, so it is not recurring revenue).
const monthlyNet = (asOf: Date) => Prisma.sql`
  (CASE WHEN s.billing_cycle = 'yearly' THEN 1.0 / 12 ELSE 1.0 END) *
  GREATEST(0,
    s.unit_amount::numeric * s.quantity
    - CASE
        WHEN s.discount_once OR (s.discount_ends_at IS NOT NULL AND s.discount_ends_at <= ${asOf}) THEN 0
        WHEN s.discount_percent_off IS NOT NULL
          THEN s.unit_amount::numeric * s.quantity * s.discount_percent_off / 100
        WHEN s.discount_amount_off IS NOT NULL THEN s.discount_amount_off::numeric
        ELSE 0
      END)`;

export async function revenueMetrics(
  deps: Pick<BillingDeps, "db">,
  args: { asOf: Date; from: Date; to: Date },
): Promise<RevenueMetrics> {
  const { db } = deps;
  const { asOf, from, to } = args;
  const [recurring, counts, months, byPlan, recovery] = await Promise.all([
    db.$queryRaw<{ currency: string; mrr: string; arr: string; subscriptions: bigint }[]>`
      SELECT s.currency,
             ROUND(SUM(${monthlyNet(asOf)}))::text AS mrr,
             ROUND(SUM(${monthlyNet(asOf)}) * 12)::text AS arr,
             COUNT(*) AS subscriptions
        FROM subscriptions s
       WHERE s.status IN ('ACTIVE', 'PAST_DUE')
       GROUP BY s.currency
       ORDER BY s.currency`,
    db.$queryRaw<{ status: string; n: bigint }[]>`
      SELECT status::text, COUNT(*) AS n FROM subscriptions
       WHERE status IN ('ACTIVE', 'TRIALING', 'PAST_DUE', 'UNPAID', 'PAUSED')
       GROUP BY status`,
    // Columns are UTC timestamps without a zone: date_trunc on them needs no session time zone.
    db.$queryRaw<{ month: string; started: bigint; churned: bigint }[]>`
      SELECT month, SUM(started) AS started, SUM(churned) AS churned FROM (
        SELECT to_char(date_trunc('month', created_at), 'YYYY-MM') AS month, 1 AS started, 0 AS churned
          FROM subscriptions WHERE created_at >= ${from} AND created_at < ${to}
        UNION ALL
        SELECT to_char(date_trunc('month', ended_at), 'YYYY-MM'), 0, 1
          FROM subscriptions WHERE ended_at >= ${from} AND ended_at < ${to}
      ) events GROUP BY month`,
    db.$queryRaw<{ planId: string; planName: string; currency: string; collected: bigint }[]>`
      SELECT p.id AS "planId", p.name AS "planName", i.currency, SUM(i.amount_paid) AS collected
        FROM invoices i
        JOIN subscriptions s ON s.id = i.subscription_id
        JOIN plans p ON p.id = s.plan_id
       WHERE i.status = 'PAID' AND i.paid_at >= ${from} AND i.paid_at < ${to}
       GROUP BY p.id, p.name, i.currency
       ORDER BY i.currency, collected DESC`,
    db.$queryRaw<{ failed: bigint; recovered: bigint }[]>`
      SELECT COUNT(*) AS failed, COUNT(*) FILTER (WHERE i.status = 'PAID') AS recovered
        FROM invoices i
       WHERE i.created_at >= ${from} AND i.created_at < ${to}
         AND EXISTS (SELECT 1 FROM payment_attempts a
                      WHERE a.invoice_id = i.id AND a.kind = 'CHARGE' AND a.status = 'FAILED')`,
  ]);
  const count = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  const failed = Number(recovery[0]?.failed ?? 0);
  const recovered = Number(recovery[0]?.recovered ?? 0);
  return {
    asOf,
    range: { from, to },
    recurring: recurring.map((r) => ({
      currency: r.currency,
      mrr: Number(r.mrr),
      arr: Number(r.arr),
      subscriptions: Number(r.subscriptions),
    })),
    counts: {
      active: count("ACTIVE"),
      trialing: count("TRIALING"),
      pastDue: count("PAST_DUE"),
      unpaid: count("UNPAID"),
      paused: count("PAUSED"),
    },
    months: monthsOf(from, to).map((month) => {
      const row = months.find((m) => m.month === month);
      return { month, started: Number(row?.started ?? 0), churned: Number(row?.churned ?? 0) };
    }),
    revenueByPlan: byPlan.map((r) => ({ ...r, collected: Number(r.collected) })),
    recovery: { failed, recovered, rate: failed === 0 ? null : recovered / failed },
  };
}

/** The calendar months (UTC, `YYYY-MM`) that [from, to) touches. */
export function monthsOf(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (cursor < to && months.length < 1200) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
