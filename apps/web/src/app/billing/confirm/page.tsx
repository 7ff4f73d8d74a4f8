import type { Metadata } from "next";
import { requireActor } from "~/server/actor";

import { ConfirmResult } from "./confirm-result";

export const metadata: Metadata = { title: "Confirm your payment · SalesOS Billing" };

export const dynamic = "force-dynamic";

/** Where the bank's confirmation page (STRIPE) sends the customer back: `?attempt=<payment attempt>`. */
export default async function ConfirmPaymentPage({
  searchParams,
}: {
  searchParams: Promise<{ attempt?: string | string[] }>;
}) {
  await requireActor("/billing");
  const { attempt } = await searchParams;
  const attemptId = typeof attempt === "string" && /^[\w-]{1,64}$/.test(attempt) ? attempt : null;
  return <ConfirmResult attemptId={attemptId} />;
}
