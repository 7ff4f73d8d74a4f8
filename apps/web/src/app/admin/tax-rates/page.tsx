import type { Metadata } from "next";

import { TaxRates } from "./tax-rates";

export const metadata: Metadata = { title: "Tax rates · Admin · SalesOS Billing" };

export default function AdminTaxRatesPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Tax rates</h1>
      <TaxRates />
    </div>
  );
}
