import type { InvoiceQuote } from "../invoicing";

/** An invoice quote as stored in an attempt's payload (JSON: dates as ISO strings). */
export type StoredQuote = Omit<InvoiceQuote, "lines"> & {
  lines: (Omit<InvoiceQuote["lines"][number], "periodStart" | "periodEnd"> & {
    periodStart: string;
    periodEnd: string;
  })[];
};

export function storeQuote(quote: InvoiceQuote): StoredQuote {
  return {
    ...quote,
    lines: quote.lines.map((line) => ({
      ...line,
      periodStart: line.periodStart.toISOString(),
      periodEnd: line.periodEnd.toISOString(),
    })),
  };
}

export function reviveQuote(stored: StoredQuote): InvoiceQuote {
  return {
    ...stored,
    lines: stored.lines.map((line) => ({
      ...line,
      periodStart: new Date(line.periodStart),
      periodEnd: new Date(line.periodEnd),
    })),
  };
}

export function isoOrNull(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

export function dateOrNull(iso: string | null | undefined): Date | null {
  return iso ? new Date(iso) : null;
}
