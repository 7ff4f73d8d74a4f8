"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";

import { Button } from "~/components/ui/button";
import { apiError } from "~/lib/errors";
import { useTRPC } from "~/trpc/react";

/** The receipt: the checkout's invoice as a PDF, through the same procedure as the invoices table. */
export function ReceiptDownload({ invoiceId, number }: { invoiceId: string; number: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);

  async function download() {
    setBusy(true);
    try {
      const file = await queryClient.fetchQuery(
        trpc.payments.invoices.pdf.queryOptions({ id: invoiceId }),
      );
      const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: "application/pdf" }));
      Object.assign(document.createElement("a"), { href: url, download: file.filename }).click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      toast.error(apiError(error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Button variant="secondary" disabled={busy} onClick={() => void download()}>
      {busy ? "Preparing…" : `Download receipt ${number} (PDF)`}
    </Button>
  );
}
