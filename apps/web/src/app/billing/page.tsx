import type { Metadata } from "next";

import { requireActor } from "~/server/actor";
import { HydrateClient, prefetch, serverTrpc } from "~/trpc/server";

import { BillingOverview } from "./billing-overview";

export const metadata: Metadata = { title: "Billing · SalesOS Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPage() {
  const actor = await requireActor("/billing");
  const canManage = actor.role === "OWNER" || actor.role === "ADMIN";
  // What the page shows first is in its HTML; the same queries, with the same inputs, as its components.
  // A MEMBER's page asks for the subscriptions only (the rest is OWNER/ADMIN).
  if (actor.organization) {
    const p = serverTrpc.payments;
    await prefetch([
      p.subscriptions.list.queryOptions({ page: 1, limit: 10 }),
      ...(canManage
        ? [
            p.notifications.list.queryOptions({ limit: 5 }),
            p.invoices.list.queryOptions({ limit: 10 }),
            p.paymentMethods.list.queryOptions({}),
            p.customer.get.queryOptions({}),
          ]
        : []),
    ]);
  }
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Billing</h1>
        <p className="text-slate-600">{actor.organization?.name ?? "No organization"}</p>
      </div>
      {actor.organization ? (
        <HydrateClient>
          <BillingOverview canManage={canManage} />
        </HydrateClient>
      ) : (
        <p>Join an organization to see its billing.</p>
      )}
    </div>
  );
}
