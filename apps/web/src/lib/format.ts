import { formatMoney as formatMinorUnits } from "@salesos/validators";

/**
 * An amount for the pages: Intl's currency format, with a true minus sign (U+2212, read as "minus") for
 * negative amounts instead of Intl's hyphen, so credits read the same everywhere on screen.
 */
export function formatMoney(amount: number, currency: string): string {
  const text = formatMinorUnits(amount, currency);
  return amount < 0 ? text.replace("-", "\u2212") : text;
}

const dateFormat = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

export function formatDate(value: Date | string | null | undefined): string {
  return value ? dateFormat.format(new Date(value)) : "—";
}

export function cycleLabel(cycle: "monthly" | "yearly"): string {
  return cycle === "yearly" ? "year" : "month";
}
