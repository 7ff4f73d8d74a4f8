import type { PriceLine } from "../../src/money";

/** Shared by the proration tests: a 30-day January period and three prices. */
export const d = (iso: string) => new Date(iso);
export const JAN_START = d("2026-01-01T00:00:00Z");
export const JAN_END = d("2026-01-31T00:00:00Z"); // a 30-day period
export const HALF_WAY = d("2026-01-16T00:00:00Z");

export const starterMonthly: PriceLine = {
  unitAmount: 2999,
  quantity: 1,
  cycle: "monthly",
  label: "Starter",
};
export const starterYearly: PriceLine = {
  unitAmount: 29988,
  quantity: 1,
  cycle: "yearly",
  label: "Starter",
};
export const proMonthly: PriceLine = {
  unitAmount: 9999,
  quantity: 1,
  cycle: "monthly",
  label: "Professional",
};
