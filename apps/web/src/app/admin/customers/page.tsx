import type { Metadata } from "next";

import { CustomerSearch } from "./customer-search";

export const metadata: Metadata = { title: "Customers · Admin · SalesOS Billing" };

export default function AdminCustomersPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Customers</h1>
      <CustomerSearch />
    </div>
  );
}
