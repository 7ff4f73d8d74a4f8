import { requireActor } from "~/server/actor";

import { CheckoutResult } from "./checkout-result";

export const dynamic = "force-dynamic";

/**
 * After payment. LOCAL writes the subscription in the request that pays our own page. After Stripe's
 * hosted Checkout (`?session_id=cs_…`) the page runs the same sync as the webhook, so it never waits
 * for one.
 */
export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<{ session_id?: string | string[] }>;
}) {
  await requireActor("/billing");
  const { session_id: sessionId } = await searchParams;
  const gatewaySessionId =
    typeof sessionId === "string" && /^cs_\w{1,250}$/.test(sessionId) ? sessionId : null;
  return <CheckoutResult gatewaySessionId={gatewaySessionId} />;
}
