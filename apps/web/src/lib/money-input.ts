/**
 * What staff type as an amount ("14.99", "1,000.50") in minor units of `currency`, exactly (string
 * arithmetic, no floating point); null when it is not an amount with at most the currency's decimals.
 */
export function decimalToMinor(text: string, currency: string): number | null {
  const digits =
    new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const match = /^(\d{1,12})(?:\.(\d+))?$/.exec(text.trim().replace(/,/g, ""));
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits) return null;
  const minor = Number(match[1]) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : null;
}
