import type { Metadata } from "next";

import { pricingChoiceSchema } from "@salesos/validators";

import { getActor } from "~/server/actor";

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
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Plans and pricing</h1>
        <p className="text-slate-600">
          Prices are per seat. Change or cancel any time; changes are prorated to the second.
        </p>
      </div>
      <Pricing
        signedIn={!!actor?.organization}
        role={actor?.role ?? null}
        choice={choice.success ? choice.data : null}
      />
    </div>
  );
}
