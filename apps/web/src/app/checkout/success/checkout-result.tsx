"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";

import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

function Panel({
  tone,
  title,
  children,
}: {
  tone: "ok" | "wait" | "bad";
  title: string;
  children: React.ReactNode;
}) {
  const border =
    tone === "ok" ? "border-emerald-200" : tone === "bad" ? "border-rose-200" : "border-slate-200";
  return (
    <div
      className={`mx-auto max-w-md space-y-4 rounded-lg border ${border} bg-white p-8 text-center shadow-sm`}
    >
      {tone === "ok" ? (
        <p className="text-4xl" aria-hidden>
          ✓
        </p>
      ) : null}
      <h1 className="text-2xl font-bold">{title}</h1>
      {children}
      <Link href="/billing" className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-white">
        Go to billing
      </Link>
    </div>
  );
}

/** Shows the checkout's outcome; after a gateway-hosted page it first brings our records in line. */
export function CheckoutResult({ gatewaySessionId }: { gatewaySessionId: string | null }) {
  const trpc = useTRPC();
  const sync = useMutation(trpc.payments.checkout.sync.mutationOptions());
  const { mutate } = sync;
  useEffect(() => {
    if (gatewaySessionId) mutate({ gatewaySessionId });
  }, [gatewaySessionId, mutate]);

  if (gatewaySessionId && (sync.isIdle || sync.isPending))
    return (
      <Panel tone="wait" title="Confirming your payment…">
        <p className="text-slate-600" role="status">
          One moment while we confirm the payment with the bank.
        </p>
      </Panel>
    );
  if (sync.error)
    return (
      <Panel tone="bad" title="We could not confirm the payment yet">
        <p className="text-slate-600" role="alert">
          {apiError(sync.error).message} If you were charged, your subscription appears on the
          billing page within a minute.
        </p>
      </Panel>
    );
  const outcome = sync.data;
  if (outcome && outcome.status !== "complete")
    return (
      <Panel
        tone={outcome.status === "open" ? "wait" : "bad"}
        title={
          outcome.status === "open"
            ? "Payment not finished"
            : outcome.status === "expired"
              ? "This checkout expired"
              : "The payment did not go through"
        }
      >
        <p className="text-slate-600" role="status">
          {outcome.status === "failed"
            ? outcome.message
            : "No subscription was started. You can start a new checkout from the pricing page."}
        </p>
      </Panel>
    );
  return (
    <Panel tone="ok" title="You are subscribed">
      <p className="text-slate-600">Your payment went through and your invoice is ready.</p>
    </Panel>
  );
}
