import { z } from "zod";

import { getInvoice, listInvoices, payInvoice, renderInvoicePdfFor } from "@salesos/billing";
import { idSchema, pageQuerySchema } from "@salesos/validators";

import { billingActor } from "../../billing";
import {
  creditNoteOutput,
  invoiceOutput,
  keysetPageInput,
  keysetPageOutput,
  paymentOutput,
} from "../../schemas";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";
import { route } from "./meta";

const invoiceWithPayments = invoiceOutput.extend({
  payments: z.array(paymentOutput),
  creditNotes: z
    .array(creditNoteOutput)
    .describe("Credit notes correcting this (immutable) invoice, oldest first."),
});

export const invoicesRouter = createTRPCRouter({
  list: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/invoices",
        "invoices",
        "List invoices",
        "Newest first (creation time, then id); filter by `status`. `total` and `totalPages` count every matching invoice. To page, send the response's `nextCursor` (older) or `prevCursor` (newer) as `cursor`: each page is then read through an index and costs what the first page does, and `page` in the response is the page the cursor leads to. `page` > 1 without a cursor still works (it skips rows, so deep pages are slower) and its response carries cursors to continue from.",
      ),
    )
    .input(
      z
        .object({
          ...pageQuerySchema,
          status: invoiceOutput.shape.status.optional(),
          ...keysetPageInput,
        })
        .strict(),
    )
    .output(keysetPageOutput(invoiceOutput))
    .query(({ ctx, input }) =>
      listInvoices(ctx.billing, { actor: billingActor(ctx.actor, ctx.requestId), query: input }),
    ),

  get: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/invoices/{id}",
        "invoices",
        "Get an invoice",
        "One invoice with its lines, payments and credit notes.",
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(invoiceWithPayments)
    .query(({ ctx, input }) =>
      getInvoice(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        invoiceId: input.id,
      }),
    ),

  /**
   * The PDF: REST serves it from a more specific Next.js route (`application/pdf` bytes) that calls
   * this same procedure; through tRPC it comes base64-encoded.
   */
  pdf: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/invoices/{id}/pdf",
        "invoices",
        "Download an invoice PDF",
        '`Content-Type: application/pdf`, `Content-Disposition: attachment; filename="invoice-<number>.pdf"`. Drawn in-process with a PDF library: no browser, no network, nothing user-typed read as markup.',
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(z.object({ filename: z.string(), contentBase64: z.string() }))
    .query(async ({ ctx, input }) => {
      const pdf = await renderInvoicePdfFor(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        invoiceId: input.id,
      });
      return { filename: pdf.filename, contentBase64: Buffer.from(pdf.bytes).toString("base64") };
    }),

  /** In-app "update card and pay": charges an open invoice now on the default card. */
  pay: orgAdminProcedure.input(z.object({ id: idSchema }).strict()).mutation(({ ctx, input }) =>
    payInvoice(ctx.billing, {
      actor: billingActor(ctx.actor, ctx.requestId),
      invoiceId: input.id,
      now: new Date(),
    }),
  ),
});
