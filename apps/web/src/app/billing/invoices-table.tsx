"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { StatusBadge } from "~/components/ui/status-badge";
import { SelectField } from "~/components/ui/select-field";
import { Empty, Loading, QueryError } from "~/components/ui/states";
import { apiError } from "~/lib/errors";
import { formatDate, formatMoney } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const STATUSES = ["ALL", "PAID", "OPEN", "UNCOLLECTIBLE", "VOID"] as const;
const PAGE_SIZE = 10;

export function InvoicesTable() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Pages follow the server's cursors (an index read per page, however deep); undefined = the first page.
  const [cursor, setCursor] = useState<string | undefined>();
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("ALL");
  const invoices = useQuery(
    trpc.payments.invoices.list.queryOptions(
      {
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
        ...(status === "ALL" ? {} : { status }),
      },
      // The current page stays on screen (buttons disabled) while the next one loads.
      { placeholderData: keepPreviousData },
    ),
  );
  const turning = invoices.isPlaceholderData;
  const pdf = useMutation({
    mutationFn: (id: string) =>
      queryClient.fetchQuery(trpc.payments.invoices.pdf.queryOptions({ id })),
  });

  async function download(id: string) {
    try {
      const file = await pdf.mutateAsync(id);
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
      const link = Object.assign(document.createElement("a"), {
        href: url,
        download: file.filename,
      });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast.error(apiError(error).message);
    }
  }

  const pdfButton = (inv: { id: string; number: string | null }, className = "") => (
    <Button
      variant="secondary"
      className={className}
      aria-label={`Download PDF of ${inv.number ?? "invoice"}`}
      onClick={() => void download(inv.id)}
    >
      PDF
    </Button>
  );

  return (
    <div className="space-y-3">
      <SelectField
        label="Status"
        inline
        labelClassName="text-sm text-slate-700"
        className="rounded-md border border-slate-300 px-2 py-1 text-sm"
        value={status}
        onChange={(e) => {
          setStatus(e.target.value as (typeof STATUSES)[number]);
          setCursor(undefined);
        }}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s === "ALL" ? "All" : s.charAt(0) + s.slice(1).toLowerCase()}
          </option>
        ))}
      </SelectField>
      {invoices.isPending ? (
        <Loading />
      ) : invoices.isError ? (
        <QueryError query={invoices} />
      ) : invoices.data.data.length === 0 ? (
        <Empty>No invoices{status === "ALL" ? " yet" : " with this status"}.</Empty>
      ) : (
        <>
          {/* Phones: one card per invoice; wider screens: the table. */}
          <ul className="divide-y divide-slate-100 sm:hidden">
            {invoices.data.data.map((inv) => (
              <li
                key={inv.id}
                className="flex items-center justify-between gap-3 py-3"
                data-testid="invoice-card"
              >
                <div className="min-w-0">
                  <p className="truncate font-mono text-xs">{inv.number}</p>
                  <p className="text-sm">{inv.description}</p>
                  <p className="text-xs text-slate-500">{formatDate(inv.issuedAt)}</p>
                  <StatusBadge status={inv.status} />
                </div>
                <div className="text-right">
                  <p className="tabular-nums">{formatMoney(inv.total, inv.currency)}</p>
                  {inv.dispute ? (
                    <p className="text-xs text-rose-700">
                      Disputed ({inv.dispute.status.replace(/_/g, " ")})
                    </p>
                  ) : null}
                  {inv.amountCredited > 0 ? (
                    <p className="text-xs text-slate-600">
                      −{formatMoney(inv.amountCredited, inv.currency)} credited
                    </p>
                  ) : null}
                  {pdfButton(inv, "mt-1")}
                </div>
              </li>
            ))}
          </ul>
          <div className="relative hidden overflow-x-auto sm:block">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Invoices</caption>
              <thead className="text-slate-500">
                <tr>
                  <th scope="col" className="py-2">
                    Number
                  </th>
                  <th scope="col">Date</th>
                  <th scope="col">Description</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="text-right">
                    Total
                  </th>
                  <th scope="col">
                    <span className="sr-only">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invoices.data.data.map((inv) => (
                  <tr key={inv.id} className="border-t border-slate-100" data-testid="invoice-row">
                    <td className="py-2 font-mono text-xs">{inv.number}</td>
                    <td>{formatDate(inv.issuedAt)}</td>
                    <td data-testid="invoice-description">{inv.description}</td>
                    <td>
                      <StatusBadge status={inv.status} />
                    </td>
                    <td className="text-right tabular-nums">
                      {formatMoney(inv.total, inv.currency)}
                      {inv.discountAmount > 0 ? (
                        <span className="block text-xs text-emerald-700">
                          incl. −{formatMoney(inv.discountAmount, inv.currency)} discount
                        </span>
                      ) : null}
                      {inv.dispute ? (
                        <span
                          className="block text-xs text-rose-700"
                          data-testid="invoice-disputed"
                        >
                          Disputed ({inv.dispute.status.replace(/_/g, " ")})
                        </span>
                      ) : null}
                      {inv.amountCredited > 0 ? (
                        <span
                          className="block text-xs text-slate-600"
                          data-testid="invoice-credited"
                        >
                          −{formatMoney(inv.amountCredited, inv.currency)} credited
                        </span>
                      ) : null}
                    </td>
                    <td className="text-right">{pdfButton(inv)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {invoices.data && invoices.data.totalPages > 1 ? (
        <nav aria-label="Invoice pages" className="flex items-center justify-end gap-2 text-sm">
          {/* An emptied page past the first (its invoices went away) has no prevCursor: back to page 1. */}
          <Button
            variant="secondary"
            disabled={turning || invoices.data.page <= 1}
            onClick={() => setCursor(invoices.data.prevCursor ?? undefined)}
          >
            Previous
          </Button>
          <span aria-live="polite">
            Page {invoices.data.page} of {invoices.data.totalPages}
          </span>
          <Button
            variant="secondary"
            disabled={turning || !invoices.data.nextCursor}
            onClick={() => setCursor(invoices.data.nextCursor ?? undefined)}
          >
            Next
          </Button>
        </nav>
      ) : null}
    </div>
  );
}
