import { formatMoney } from "@salesos/validators";

import { printable } from "./printable";

// UTC: invoice dates are calendar days; the server's time zone must not shift them by one.
const DATE_FORMAT = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });
const QUANTITY_FORMAT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/** Money through the shared formatter; Intl's narrow no-break space becomes U+00A0 (see printable). */
export function money(amount: number, currency: string): string {
  return printable(formatMoney(amount, currency));
}

export function formatDate(date: Date): string {
  return DATE_FORMAT.format(date);
}

/** "Jan 1, 2025 – Jan 31, 2025"; an open-ended period still says which end is known. */
export function formatPeriod(start: Date | null, end: Date | null): string | null {
  if (start !== null && end !== null) return `${formatDate(start)} – ${formatDate(end)}`;
  if (start !== null) return `From ${formatDate(start)}`;
  if (end !== null) return `Until ${formatDate(end)}`;
  return null;
}

export function formatQuantity(quantity: number): string {
  return QUANTITY_FORMAT.format(quantity);
}
