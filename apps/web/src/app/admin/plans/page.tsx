import type { Metadata } from "next";

import { PlanForm } from "./plan-form";
import { PlanList } from "./plan-list";

export const metadata: Metadata = { title: "Plans · Admin · SalesOS Billing" };

export default function AdminPlansPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Plans and prices</h1>
      <PlanList />
      <PlanForm />
    </div>
  );
}
