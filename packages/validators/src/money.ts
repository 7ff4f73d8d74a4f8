/**
 * Currencies and their ISO-4217 minor-unit exponents. Amounts everywhere are integers in the minor
 * unit (USD 2999 = $29.99, JPY 500 = ¥500, KWD 1500 = 1.500 KD); currency codes are lower case, as Stripe's.
 */
const EXPONENTS: Record<string, number> = {
  usd: 2,
  eur: 2,
  gbp: 2,
  cad: 2,
  aud: 2,
  chf: 2,
  sek: 2,
  nok: 2,
  dkk: 2,
  pln: 2,
  brl: 2,
  inr: 2,
  mxn: 2,
  sgd: 2,
  nzd: 2,
  jpy: 0,
  krw: 0,
  clp: 0,
  vnd: 0,
  isk: 0,
  huf: 2,
  kwd: 3,
  bhd: 3,
  jod: 3,
  omr: 3,
  tnd: 3,
};

export const SUPPORTED_CURRENCIES = Object.keys(EXPONENTS);

export function isSupportedCurrency(currency: string): boolean {
  return Object.hasOwn(EXPONENTS, currency.toLowerCase());
}

/** The number of decimal places of the currency's minor unit. Throws for an unknown currency. */
export function currencyExponent(currency: string): number {
  const exponent = EXPONENTS[currency.toLowerCase()];
  if (exponent === undefined) throw new RangeError(`Unsupported currency: ${currency}`);
  return exponent;
}

/**
 * Formats an integer minor-unit amount for people, with Intl. The amount is split into whole and
 * fractional parts with integer arithmetic, so no float rounding can change a cent.
 */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  if (!Number.isSafeInteger(amount))
    throw new RangeError(`Money must be an integer of minor units, got ${amount}`);
  const exponent = currencyExponent(currency);
  const divisor = 10n ** BigInt(exponent);
  const negative = amount < 0;
  const abs = BigInt(Math.abs(amount));
  const decimal =
    exponent === 0
      ? `${abs}`
      : `${abs / divisor}.${(abs % divisor).toString().padStart(exponent, "0")}`;
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency: currency.toUpperCase(),
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // Intl accepts decimal strings exactly (no binary float on the way).
  return formatter.format((negative ? `-${decimal}` : decimal) as unknown as number);
}
