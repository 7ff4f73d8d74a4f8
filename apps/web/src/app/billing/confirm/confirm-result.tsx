"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";

import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

const DONE: Record<string, string> = {
  PLAN_CHANGE: "Your plan was changed and the invoice paid.",
  INVOICE: "Your invoice is paid.",
  CHECKOUT: "Your payment went through.",
  REFUND: "Done.",
};

/** Settles the payment the bank just confirmed (or not), then says how it ended. */
export function ConfirmResult({ attemptId }: { attemptId: string | null }) {
  const trpc = useTRPC();
  const confirm = useMutation(trpc.payments.attempts.confirm.mutationOptions());
  const { mutate } = confirm;
  useEffect(() => {
    if (attemptId) mutate({ attemptId });
  }, [attemptId, mutate]);

  let title = "Confirming your payment…";
  let body = "One moment while we check with the bank.";
  let role: "status" | "alert" = "status";
  if (!attemptId) {
    title = "Nothing to confirm";
    body = "This link does not name a payment.";
  } else if (confirm.error) {
    title = "We could not confirm the payment";
    body = apiError(confirm.error).message;
    role = "alert";
  } else if (confirm.data?.status === "succeeded") {
    title = "Payment confirmed";
    body = DONE[confirm.data.purpose] ?? "Done.";
  } else if (confirm.data?.status === "failed") {
    title = "The payment did not go through";
    body = confirm.data.message ?? "Your bank did not confirm it. Nothing was changed.";
    role = "alert";
  } else if (confirm.data?.status === "requires_action") {
    title = "Your bank still waits for you";
    body = "The confirmation was not finished.";
  }
  return (
    <div className="mx-auto max-w-md space-y-4 rounded-lg border border-slate-200 bg-white p-8 text-center shadow-sm">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-slate-600" role={role}>
        {body}
      </p>
      {confirm.data?.status === "requires_action" && confirm.data.confirmUrl ? (
        <a
          href={confirm.data.confirmUrl}
          className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-white"
        >
          Confirm with your bank
        </a>
      ) : (
        <Link
          href="/billing"
          className="inline-block rounded-md bg-indigo-600 px-4 py-2 text-white"
        >
          Go to billing
        </Link>
      )}
    </div>
  );
}
