import Link from "next/link";

import { requireActor } from "~/server/actor";

export const dynamic = "force-dynamic";

/**
 * After payment. The LOCAL gateway writes the subscription in the same request that pays the hosted page,
 * so by the time this page shows there is nothing left to wait for.
 */
export default async function CheckoutSuccessPage() {
  await requireActor("/billing");
  return (
    <div className="mx-auto max-w-md space-y-4 rounded-lg border border-emerald-200 bg-white p-8 text-center shadow-sm">
      <p className="text-4xl" aria-hidden>
        ✓
      </p>
      <h1 className="text-2xl font-bold">You are subscribed</h1>
      <p className="text-slate-600">Your payment went through and your invoice is ready.</p>
      <Link href="/billing" className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-white">
        Go to billing
      </Link>
    </div>
  );
}
