/** Target E: the invoice list at 100 and at 100,000 invoices, first page and last page. */
import type { BenchFixtures } from "./setup";

export function invoiceTargets(
  fixtures: BenchFixtures,
): { name: string; path: string; headers: Record<string, string> }[] {
  const headers = (org: "small" | "large") => ({ authorization: `Bearer ${fixtures.tokens[org]}` });
  const first = "/v1/payments/invoices?limit=10";
  return [
    { name: "E1 invoices, 100, first page", path: first, headers: headers("small") },
    { name: "E2 invoices, 100,000, first page", path: first, headers: headers("large") },
    {
      // By its cursor, as a client following nextCursor reaches it (`page=10000` still works: OFFSET).
      name: "E3 invoices, 100,000, last page",
      path: `${first}&cursor=${fixtures.lastPageCursor}`,
      headers: headers("large"),
    },
  ];
}
