"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent, type ReactNode } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { apiError } from "~/lib/errors";
import { formatMoney } from "~/lib/format";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

type Invoice = {
  id: string;
  number: string | null;
  status: string;
  total: number;
  amountCredited: number;
  currency: string;
};
type Subscription = {
  id: string;
  status: string;
  cancelAtPeriodEnd: boolean;
  trialEnd: Date | null;
};

/** Runs a staff action: success toast and a refetch of the organization, or the API's message. */
function useStaffAction() {
  const queryClient = useQueryClient();
  return async (run: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await run();
      toast.success(done);
      await queryClient.invalidateQueries();
      return true;
    } catch (error) {
      toast.error(apiError(error).message);
      return false;
    }
  };
}

/** A small form in a dialog: the trigger button, the fields, the submit button. */
function ActionDialog({
  label,
  title,
  description,
  submit,
  onSubmit,
  children,
}: {
  label: string;
  title: string;
  description?: string;
  submit: string;
  onSubmit: () => Promise<boolean>;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  async function handle(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const ok = await onSubmit();
    setBusy(false);
    if (ok) setOpen(false);
  }
  return (
    <>
      <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        {...(description ? { description } : {})}
      >
        <form className="mt-4 space-y-3" onSubmit={(e) => void handle(e)} noValidate>
          {children}
          <Button type="submit" disabled={busy} className="w-full">
            {busy ? "Working…" : submit}
          </Button>
        </form>
      </Dialog>
    </>
  );
}

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

const REASONS = [
  "GOODWILL",
  "DUPLICATE",
  "FRAUDULENT",
  "ORDER_CHANGE",
  "PRODUCT_UNSATISFACTORY",
] as const;

export function InvoiceActions({
  organizationId,
  invoice,
}: {
  organizationId: string;
  invoice: Invoice;
}) {
  const trpc = useTRPC();
  const act = useStaffAction();
  const refund = useMutation(trpc.admin.actions.refund.mutationOptions());
  const voidIt = useMutation(trpc.admin.actions.voidInvoice.mutationOptions());
  const retry = useMutation(trpc.admin.actions.retryPayment.mutationOptions());
  const left = invoice.total - invoice.amountCredited;
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState<(typeof REASONS)[number]>("GOODWILL");
  const minor = decimalToMinor(amount, invoice.currency);
  return (
    <span className="inline-flex flex-wrap justify-end gap-2">
      {invoice.status === "PAID" && left > 0 ? (
        <ActionDialog
          label="Refund"
          title={`Refund invoice ${invoice.number ?? ""}`}
          description={`Up to ${formatMoney(left, invoice.currency)} (tax included): a credit note, refunded to the card.`}
          submit="Refund"
          onSubmit={() =>
            minor === null
              ? Promise.resolve((toast.error("Enter an amount, e.g. 14.99."), false))
              : act(
                  () =>
                    refund.mutateAsync({
                      id: organizationId,
                      invoiceId: invoice.id,
                      amount: minor,
                      reason,
                    }),
                  "Refunded: credit note issued.",
                )
          }
        >
          <Field
            label={`Amount (${invoice.currency.toUpperCase()})`}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
          <SelectField
            label="Reason"
            value={reason}
            onChange={(e) => setReason(e.target.value as (typeof REASONS)[number])}
          >
            {REASONS.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase().replace(/_/g, " ")}
              </option>
            ))}
          </SelectField>
        </ActionDialog>
      ) : null}
      {invoice.status === "OPEN" ? (
        <>
          <Button
            variant="secondary"
            className="px-2 py-1 text-xs"
            onClick={() =>
              void act(
                () => retry.mutateAsync({ id: organizationId, invoiceId: invoice.id }),
                "Paid.",
              )
            }
          >
            Retry payment
          </Button>
          <Button
            variant="danger"
            className="px-2 py-1 text-xs"
            onClick={() =>
              void act(
                () => voidIt.mutateAsync({ id: organizationId, invoiceId: invoice.id }),
                "Invoice voided.",
              )
            }
          >
            Void
          </Button>
        </>
      ) : null}
    </span>
  );
}
