import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { requireActor } from "~/server/actor";
import { checkoutOutcome } from "~/server/checkout-outcome";

import { CheckoutResult } from "./checkout-result";

export const metadata: Metadata = { title: "Thank you · SalesOS Billing" };

export const dynamic = "force-dynamic";

/**
 * After a checkout: `?session_id=` is our session (LOCAL's hosted page, a free plan) or Stripe's
 * (`cs_…`). The server checks that it is a complete session of the caller's organization (syncing a
 * Stripe one first, as the webhook would) and shows its receipt; anyone else goes to /billing.
 */
export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<{ session_id?: string | string[] }>;
}) {
  const actor = await requireActor("/billing");
  const { session_id: sessionId } = await searchParams;
  const outcome = await checkoutOutcome(actor, sessionId);
  if (outcome.kind === "none") redirect("/billing");
  return <CheckoutResult outcome={outcome} />;
}
