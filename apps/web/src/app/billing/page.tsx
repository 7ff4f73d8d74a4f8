import type { Metadata } from "next";

import { requireActor } from "~/server/actor";

import { BillingOverview } from "./billing-overview";

export const metadata: Metadata = { title: "Billing · SalesOS Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPage() {
  const actor = await requireActor("/billing");
  const canManage = actor.role === "OWNER" || actor.role === "ADMIN";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Billing</h1>
        <p className="text-slate-600">{actor.organization?.name ?? "No organization"}</p>
      </div>
      {actor.organization ? (
        <BillingOverview canManage={canManage} />
      ) : (
        <p>Join an organization to see its billing.</p>
      )}
    </div>
  );
}
