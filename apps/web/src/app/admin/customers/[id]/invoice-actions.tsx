"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { Field } from "~/components/ui/field";
import { SelectField } from "~/components/ui/select-field";
import { formatMoney } from "~/lib/format";
import { decimalToMinor } from "~/lib/money-input";
import { useTRPC } from "~/trpc/react";

import { ActionDialog, useStaffAction } from "./action-dialog";

type Invoice = {
  id: string;
  number: string | null;
  status: string;
  total: number;
  amountCredited: number;
  currency: string;
};
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
