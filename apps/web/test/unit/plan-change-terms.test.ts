import { describe, expect, it } from "vitest";

import {
  changeTerms,
  type CurrentTerms,
  type PlanOption,
} from "../../src/components/billing/plan-change-terms";

const plan = (
  id: string,
  monthly: number | null,
  yearly: number | null,
  maxUsers: number | null = null,
): PlanOption => ({
  id,
  name: id,
  prices: { monthly, yearly },
  limits: { maxUsers },
});
const starter = plan("starter", 2999, 29988, 5);
const professional = plan("professional", 9999, 95988, 25);
const current: CurrentTerms = {
  planId: "starter",
  unitAmount: 2999,
  quantity: 3,
  cycle: "monthly",
  status: "ACTIVE",
  currentPeriodEnd: "2027-01-04T00:00:00.000Z",
  downgradeTiming: "IMMEDIATE",
};
const day = (value: Date | string) => new Date(value).toISOString().slice(0, 10);

describe("what a plan change does, by the engine's rules", () => {
  it("the current terms, an upgrade, a downgrade, more seats", () => {
    expect(changeTerms(current, { plan: starter, cycle: "monthly", quantity: 3 }, day).kind).toBe(
      "current",
    );
    expect(
      changeTerms(current, { plan: professional, cycle: "monthly", quantity: 3 }, day),
    ).toEqual({
      kind: "upgrade",
      label: "Upgrade: charged now, prorated",
    });
    expect(changeTerms(current, { plan: starter, cycle: "monthly", quantity: 4 }, day).kind).toBe(
      "upgrade",
    );
    expect(changeTerms(current, { plan: starter, cycle: "monthly", quantity: 1 }, day)).toEqual({
      kind: "downgrade-now",
      label: "Downgrade: now, unused time credited to next invoices",
    });
  });

  it("a plan whose downgrades wait says when; a cycle change starts a period now; a trial charges nothing", () => {
    const waits = {
      ...current,
      planId: "professional",
      unitAmount: 9999,
      downgradeTiming: "PERIOD_END" as const,
    };
    expect(changeTerms(waits, { plan: starter, cycle: "monthly", quantity: 3 }, day)).toEqual({
      kind: "downgrade-at-period-end",
      label: "Downgrade: at period end (2027-01-04), nothing charged now",
    });
    // Yearly is cheaper per month, yet the period still ends now (a cycle change is never scheduled).
    expect(changeTerms(waits, { plan: professional, cycle: "yearly", quantity: 3 }, day).kind).toBe(
      "cycle",
    );
    expect(
      changeTerms(
        { ...current, status: "TRIALING" },
        { plan: professional, cycle: "monthly", quantity: 3 },
        day,
      ).kind,
    ).toBe("trial");
  });

  it("a plan not sold on the cycle, or with fewer seats than chosen, cannot be picked", () => {
    expect(
      changeTerms(current, { plan: plan("free", 0, 0, 1), cycle: "monthly", quantity: 3 }, day)
        .label,
    ).toBe("Allows at most 1 seat");
    expect(
      changeTerms(
        current,
        { plan: plan("monthly-only", 500, null), cycle: "yearly", quantity: 1 },
        day,
      ).kind,
    ).toBe("unavailable");
    expect(changeTerms(current, { plan: starter, cycle: "monthly", quantity: 6 }, day)).toEqual({
      kind: "unavailable",
      label: "Allows at most 5 seats",
    });
  });

  it("a seat change keeps the subscription's own (older) price", () => {
    const grandfathered = { ...current, unitAmount: 1999 };
    // 4 × 1999 = 7996 > 3 × 1999: an upgrade, priced at the old unit price, not today's 2999.
    expect(
      changeTerms(grandfathered, { plan: starter, cycle: "monthly", quantity: 4 }, day).kind,
    ).toBe("upgrade");
  });
});
