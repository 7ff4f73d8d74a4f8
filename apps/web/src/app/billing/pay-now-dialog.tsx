"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";

import { CardForm } from "~/components/billing/card-form";
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

  async function onToken(paymentMethodId: string) {
    try {
      await add.mutateAsync({ paymentMethodId, setAsDefault: true });
      if (invoice) await pay.mutateAsync({ id: invoice.id });
      toast.success("Paid. Your subscription is active again.");
      onOpenChange(false);
      void queryClient.invalidateQueries();
    } catch (error) {
      if (followBankConfirmation(error)) return;
      toast.error(apiError(error).message);
      await queryClient.invalidateQueries();
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
      <CardForm
        submitLabel={
          invoice
            ? `Save card and pay ${formatMoney(invoice.amountDue, invoice.currency)}`
            : "Save card"
        }
        onToken={onToken}
      />
    </Dialog>
  );
}
