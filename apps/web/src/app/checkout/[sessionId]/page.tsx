import type { Metadata } from "next";

import { requireActor } from "~/server/actor";
import { HydrateClient, prefetch, serverTrpc } from "~/trpc/server";

import { HostedCheckout } from "./hosted-checkout";

export const metadata: Metadata = { title: "Checkout · SalesOS Billing" };
export const dynamic = "force-dynamic";

export default async function CheckoutPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  await requireActor(`/checkout/${sessionId}`);
  // The order summary is in the HTML: the customer reads what they will pay before any script runs.
  await prefetch([serverTrpc.payments.checkout.summary.queryOptions({ sessionId })]);
  return (
    <HydrateClient>
      <HostedCheckout sessionId={sessionId} />
    </HydrateClient>
  );
}
