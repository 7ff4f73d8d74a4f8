import type { Metadata } from "next";

import { requireActor } from "~/server/actor";

import { HostedCheckout } from "./hosted-checkout";

export const metadata: Metadata = { title: "Checkout · SalesOS Billing" };
export const dynamic = "force-dynamic";

export default async function CheckoutPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  await requireActor(`/checkout/${sessionId}`);
  return <HostedCheckout sessionId={sessionId} />;
}
