/**
 * What invoice lines and invoices say they are, in words a customer reads ("Professional, 3 seats,
 * Dec 4 – Jan 4"; "Unused time on Starter, 1 seat, Dec 16 – Jan 4"). Pure and framework-free: dates are
 * formatted with Intl in UTC (calendar days of the billing period, whatever the server's time zone), in
 * one fixed locale, so the one-by-one clock, its batches, the API and the PDF all write the same text.
 */
/** Why an invoice was issued (the database enum, named here so money/ stays free of the database). */
export type InvoiceReason =
  "SUBSCRIPTION_CREATE" | "SUBSCRIPTION_CYCLE" | "SUBSCRIPTION_UPDATE" | "MANUAL";

const DAY_MONTH = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const DAY_MONTH_YEAR = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});
const PLURAL = new Intl.PluralRules("en-US");
/** Longer than this, a period shows its years: a yearly one would otherwise read "Dec 4 – Dec 4". */
const YEARS_SHOWN_AFTER_MS = 62 * 86_400_000;

/** "1 seat", "3 seats". */
export function seatCount(quantity: number): string {
  return `${quantity} ${PLURAL.select(quantity) === "one" ? "seat" : "seats"}`;
}

/** "Dec 4 – Jan 4"; "Dec 4, 2026 – Dec 4, 2027" for periods over two months. */
export function describePeriod(start: Date, end: Date): string {
  const format =
    end.getTime() - start.getTime() > YEARS_SHOWN_AFTER_MS ? DAY_MONTH_YEAR : DAY_MONTH;
  // Joined by hand, not formatRange: ICU's range separator changes between versions (thin spaces).
  return `${format.format(start)} – ${format.format(end)}`;
}

/** A subscription line (checkout, renewal, a cycle change's new period): "Professional, 3 seats, Dec 4 – Jan 4". */
export function subscriptionLineDescription(args: {
  planName: string;
  quantity: number;
  periodStart: Date;
  periodEnd: Date;
}): string {
  return `${args.planName}, ${seatCount(args.quantity)}, ${describePeriod(args.periodStart, args.periodEnd)}`;
}

/** A proration line: "Unused time on Starter, 1 seat, Dec 16 – Jan 4" (credit) or "Remaining time on …". */
export function prorationLineDescription(args: {
  kind: "unused" | "remaining";
  planName: string;
  quantity: number;
  from: Date;
  to: Date;
}): string {
  const what = args.kind === "unused" ? "Unused time on" : "Remaining time on";
  return `${what} ${args.planName}, ${seatCount(args.quantity)}, ${describePeriod(args.from, args.to)}`;
}

/**
 * The invoice as a whole, from why it was issued and its period (its lines say the rest): a proration
 * invoice is "Plan change, prorated, Dec 16 – Jan 4".
 */
export function invoiceDescription(args: {
  billingReason: InvoiceReason;
  periodStart: Date;
  periodEnd: Date;
}): string {
  const period = describePeriod(args.periodStart, args.periodEnd);
  switch (args.billingReason) {
    case "SUBSCRIPTION_CREATE":
      return `New subscription, ${period}`;
    case "SUBSCRIPTION_CYCLE":
      return `Renewal, ${period}`;
    case "SUBSCRIPTION_UPDATE":
      return `Plan change, prorated, ${period}`;
    case "MANUAL":
      return `Invoice, ${period}`;
  }
}
