/**
 * A CSV document (RFC 4180: quoted when needed, quotes doubled, CRLF). A cell that a spreadsheet would
 * read as a formula (=, +, -, @, tab, CR at its start) is prefixed with ' so a plan or coupon name typed by
 * someone cannot run as one (CSV injection).
 */
export function toCsv(rows: (string | number | null)[][]): string {
  return rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Minor units as a plain decimal for spreadsheets (2999 → "29.99"), by the currency's exponent. */
export function minorToDecimal(amount: number, currency: string): string {
  const digits =
    new Intl.NumberFormat("en-US", { style: "currency", currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  const sign = amount < 0 ? "-" : "";
  const abs = Math.abs(amount);
  if (digits === 0) return `${sign}${abs}`;
  const scale = 10 ** digits;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, "0")}`;
}
