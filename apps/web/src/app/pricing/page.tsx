import type { Metadata } from "next";

import { pricingChoiceSchema } from "@salesos/validators";

import { getActor } from "~/server/actor";
import { HydrateClient, prefetch, serverTrpc } from "~/trpc/server";

import { Pricing } from "./pricing";

export const metadata: Metadata = { title: "Pricing · SalesOS Billing" };
export const dynamic = "force-dynamic";

export default async function PricingPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await getActor();
  // A choice carried through sign-up (`?plan=…&cycle=…&seats=…&coupon=…&trial=1`); anything else: none.
  const choice = pricingChoiceSchema.safeParse(await searchParams);
  // The plans (and the caller's subscriptions) are in the HTML: readable before any script runs.
  await prefetch([
    serverTrpc.plans.list.queryOptions({}),
    ...(actor?.organization
      ? [serverTrpc.payments.subscriptions.list.queryOptions({ page: 1, limit: 10 })]
      : []),
  ]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Plans and pricing</h1>
        <p className="text-slate-600">
          Prices are per seat. Change or cancel any time; changes are prorated to the second.
        </p>
      </div>
      <HydrateClient>
        <Pricing
          signedIn={!!actor?.organization}
          role={actor?.role ?? null}
          choice={choice.success ? choice.data : null}
        />
      </HydrateClient>
    </div>
  );
}
