"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";

import { CardForm } from "~/components/billing/card-form";
import { Button } from "~/components/ui/button";
import { Dialog } from "~/components/ui/dialog";
import { apiError, followBankConfirmation } from "~/lib/errors";
import { formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

/** "Update card and pay": the new card becomes the default and pays the open invoice at once. */
export function PayNowDialog({
  subscriptionId,
  open,
  onOpenChange,
}: {
  subscriptionId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const openInvoices = useQuery(
    trpc.payments.invoices.list.queryOptions({ page: 1, limit: 10, status: "OPEN" }),
  );
  const invoice = openInvoices.data?.data.find((i) => i.subscriptionId === subscriptionId);
  const add = useMutation(trpc.payments.paymentMethods.add.mutationOptions());
  const pay = useMutation(trpc.payments.invoices.pay.mutationOptions());
  const customer = useQuery(trpc.payments.customer.get.queryOptions({}));
  const methods = useQuery(trpc.payments.paymentMethods.list.queryOptions({}));
  const setup = useMutation(trpc.payments.paymentMethods.setupSession.mutationOptions());
  // STRIPE: cards are entered on Stripe's page only; here the customer pays with the default card
  // (the bank may ask to confirm) or goes to Stripe to add another and comes back.
  const onStripe = customer.data?.gateway === "STRIPE";
  const defaultCard = methods.data?.find((m) => m.isDefault);

  async function payWithDefault() {
    if (!invoice) return;
    try {
      await pay.mutateAsync({ id: invoice.id });
      toast.success("Paid. Your subscription is active again.");
      onOpenChange(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      if (followBankConfirmation(error)) return;
      // Shown in the card form, which keeps what was typed (a decline must not wipe the number).
      void queryClient.invalidateQueries();
      throw error;
    }
  }

  async function onToken(paymentMethodId: string) {
    try {
      await add.mutateAsync({ paymentMethodId, setAsDefault: true });
      if (invoice) await pay.mutateAsync({ id: invoice.id });
      toast.success("Paid. Your subscription is active again.");
      onOpenChange(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      if (followBankConfirmation(error)) return;
      // Shown in the card form, which keeps what was typed (a decline must not wipe the number).
      void queryClient.invalidateQueries();
      throw error;
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Update card and pay"
      description={
        invoice
          ? `Invoice ${invoice.number}: ${formatMoney(invoice.amountDue, invoice.currency)} due.`
          : "Your new card becomes the default."
      }
    >
      {onStripe ? (
        <div className="space-y-3">
          {invoice && defaultCard ? (
            <Button
              className="w-full"
              disabled={pay.isPending}
              onClick={() => void payWithDefault()}
            >
              {pay.isPending
                ? "Paying…"
                : `Pay ${formatMoney(invoice.amountDue, invoice.currency)} with •••• ${defaultCard.last4}`}
            </Button>
          ) : null}
          <Button
            variant="secondary"
            className="w-full"
            disabled={setup.isPending}
            onClick={() =>
              setup.mutate(
                {},
                {
                  onSuccess: ({ url }) => window.location.assign(url),
                  onError: (error) => toast.error(apiError(error).message),
                },
              )
            }
          >
            {setup.isPending ? "Opening Stripe…" : "Add another card on Stripe"}
          </Button>
          <p className="text-xs text-slate-500">
            After adding a card, make it the default under Payment methods, then pay.
          </p>
        </div>
      ) : (
        <CardForm
          submitLabel={
            invoice
              ? `Save card and pay ${formatMoney(invoice.amountDue, invoice.currency)}`
              : "Save card"
          }
          onToken={onToken}
        />
      )}
    </Dialog>
  );
}
