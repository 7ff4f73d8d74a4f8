import Link from "next/link";

import { requireActor } from "~/server/actor";

export const dynamic = "force-dynamic";

/**
 * After payment. The LOCAL gateway has already written the subscription when the page was paid, so there
 * is nothing to wait for; the Stripe gateway syncs here from the session id instead of waiting for a webhook.
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
