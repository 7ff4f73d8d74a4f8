"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

import { ActionDialog, useStaffAction } from "./action-dialog";

type Subscription = {
  id: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
};

/** Runs a staff action: success toast and a refetch of the organization, or the API's message. */
export function OrganizationActions({
  organizationId,
  currency,
  gateway,
}: {
  organizationId: string;
  currency: string;
  gateway: string | null;
}) {
  const trpc = useTRPC();
  const act = useStaffAction();
  const grant = useMutation(trpc.admin.actions.grantCredit.mutationOptions());
  const resync = useMutation(trpc.admin.actions.resync.mutationOptions());
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const minor = decimalToMinor(amount, currency);
  return (
    <div className="flex flex-wrap gap-2">
      <ActionDialog
        label="Grant credit"
        title="Grant a balance credit"
        description="The next invoices use it first; the customer is told."
        submit="Grant credit"
        onSubmit={() =>
          minor === null
            ? Promise.resolve((toast.error("Enter an amount, e.g. 10.00."), false))
            : act(
                () => grant.mutateAsync({ id: organizationId, amount: minor, reason }),
                "Credit granted.",
              )
        }
      >
        <Field
          label={`Amount (${currency.toUpperCase()})`}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
        />
        <Field
          label="Reason"
          value={reason}
          maxLength={200}
          onChange={(e) => setReason(e.target.value)}
        />
      </ActionDialog>
      {gateway === "STRIPE" ? (
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          disabled={resync.isPending}
          onClick={() =>
            void act(() => resync.mutateAsync({ id: organizationId }), "Re-synced with Stripe.")
          }
        >
          Re-sync from Stripe
        </Button>
      ) : null}
    </div>
  );
}

export function SubscriptionActions({
  organizationId,
  subscription,
}: {
  organizationId: string;
  subscription: Subscription;
}) {
  const trpc = useTRPC();
  const act = useStaffAction();
  const cancel = useMutation(trpc.admin.actions.cancelSubscription.mutationOptions());
  const extend = useMutation(trpc.admin.actions.extendTrial.mutationOptions());
  const [trialEnd, setTrialEnd] = useState("");
  if (subscription.status === "CANCELED" || subscription.status === "INCOMPLETE_EXPIRED")
    return null;
  const cancelNow = (immediately: boolean) =>
    act(
      () =>
        cancel.mutateAsync({ id: organizationId, subscriptionId: subscription.id, immediately }),
      immediately ? "Canceled." : "Cancels at the period end.",
    );
  return (
    <span className="flex flex-wrap gap-2">
      {subscription.status === "TRIALING" ? (
        <ActionDialog
          label="Extend trial"
          title="Extend the trial"
          submit="Extend trial"
          onSubmit={() =>
            act(
              () =>
                extend.mutateAsync({
                  id: organizationId,
                  subscriptionId: subscription.id,
                  trialEnd: new Date(`${trialEnd}T00:00:00Z`),
                }),
              "Trial extended.",
            )
          }
        >
          <Field
            label="New trial end"
            type="date"
            value={trialEnd}
            onChange={(e) => setTrialEnd(e.target.value)}
          />
        </ActionDialog>
      ) : null}
      {!subscription.cancelAtPeriodEnd ? (
        <Button
          variant="secondary"
          className="px-2 py-1 text-xs"
          onClick={() => void cancelNow(false)}
        >
          Cancel at period end
        </Button>
      ) : null}
      <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => void cancelNow(true)}>
        Cancel now
      </Button>
    </span>
  );
}
