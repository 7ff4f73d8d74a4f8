"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { apiError } from "~/lib/errors";
import { formatDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export function CancelDialog({
  subscription,
  open,
  onOpenChange,
}: {
  subscription: { id: string; currentPeriodEnd: Date; plan: { id: string } };
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [when, setWhen] = useState<"period_end" | "now">("period_end");
  const [reason, setReason] = useState("");
  const reasonId = useId();
  const cancel = useMutation(trpc.payments.subscriptions.cancel.mutationOptions());
  // The plan's own rule (the pricing FAQ says the same): refund of the unused time, or none.
  const plans = useQuery(trpc.plans.list.queryOptions({}));
  const refunds = plans.data?.find((p) => p.id === subscription.plan.id)?.refundOnCancel;

  async function submit() {
    try {
      await cancel.mutateAsync({
        id: subscription.id,
        immediately: when === "now",
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      toast.success(
        when === "now"
          ? "Subscription canceled."
          : `Subscription cancels on ${formatDate(subscription.currentPeriodEnd)}.`,
      );
      onOpenChange(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Cancel subscription"
      description={
        refunds === undefined
          ? "Choose when the subscription ends."
          : refunds
            ? "Cancelling now refunds the unused time you paid for, tax included. Cancelling at the end of the period refunds nothing, as you keep access until then."
            : "No refund is made for the current period."
      }
    >
      <div className="space-y-4">
        <fieldset className="space-y-2 text-sm">
          <legend className="font-medium text-slate-700">When</legend>
          <label className="flex min-h-11 items-start gap-2">
            <input
              type="radio"
              name="when"
              checked={when === "period_end"}
              onChange={() => setWhen("period_end")}
            />
            <span>
              At the end of the period ({formatDate(subscription.currentPeriodEnd)}): keep access
              until then.
            </span>
          </label>
          <label className="flex min-h-11 items-start gap-2">
            <input
              type="radio"
              name="when"
              checked={when === "now"}
              onChange={() => setWhen("now")}
            />
            <span>Now: access ends immediately.</span>
          </label>
        </fieldset>
        <div className="flex flex-col gap-1">
          <label htmlFor={reasonId} className="text-sm font-medium text-slate-700">
            Reason (optional)
          </label>
          <textarea
            id={reasonId}
            value={reason}
            maxLength={500}
            onChange={(e) => setReason(e.target.value)}
            className="rounded-md border border-slate-300 p-2 text-sm"
            rows={3}
          />
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Keep subscription
          </Button>
          <Button variant="danger" onClick={() => void submit()} disabled={cancel.isPending}>
            {cancel.isPending ? "Canceling…" : "Confirm cancellation"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
