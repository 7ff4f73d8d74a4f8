/** Dates in mails: the day in UTC, as the invoices print it ("December 4, 2026"). */
export function day(date: Date): string {
  return date.toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
  });
}

export function monthYear(month: number, year: number): string {
  return new Date(Date.UTC(year, month - 1, 1)).toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
  });
}

/** A link into the app, from its public origin (deps.appUrl). */
export function appLink(appUrl: string, path: string): string {
  return new URL(path, appUrl).toString();
}

const BRANDS: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

export function brandName(brand: string): string {
  return BRANDS[brand.toLowerCase()] ?? "Card";
}

const FAILURES: Record<string, string> = {
  card_declined: "your card was declined",
  insufficient_funds: "your card has insufficient funds",
  expired_card: "your card has expired",
  no_payment_method: "there is no card on file",
  authentication_required: "your bank asks you to confirm the payment",
  incorrect_cvc: "the card's security code was refused",
  processing_error: "the card could not be processed",
};

/** Why a payment failed, in words; unknown gateway codes read as a plain decline. */
export function failureReason(code: string | undefined): string {
  return (code && FAILURES[code]) ?? "the payment was declined";
}
