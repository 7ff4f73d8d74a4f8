import { z } from "zod";

import {
  cancelSubscription,
  createCreditNote,
  extendTrial,
  grantBalanceCredit,
  retryInvoicePayment,
  resyncCustomer,
  voidInvoice,
} from "@salesos/billing";
import {
  extendTrialSchema,
  grantCreditSchema,
  idSchema,
  jsonBoolean,
  staffRefundSchema,
  text,
} from "@salesos/validators";

import { creditNoteOutput, invoiceOutput, subscriptionOutput } from "../../schemas";
import { adminProcedure, createTRPCRouter } from "../../trpc";
import { adminRoute } from "../payments/meta";
import { actorFor } from "./staff";

const action = (path: `/${string}`, summary: string, description: string, errors = {}) =>
  adminRoute("POST", `/organizations/{id}${path}`, "customer actions", summary, description, {
    errors: { 409: "Not possible in this state", ...errors },
  });

export const adminActionsRouter = createTRPCRouter({
  cancelSubscription: adminProcedure
    .meta(
      action(
        "/cancel-subscription",
        "Cancel a subscription",
        "As the customer's own cancel: at the period end, or `immediately` (with the plan's refund of unused time, if it has one).",
      ),
    )
    .input(
      z
        .object({
          id: idSchema,
          subscriptionId: idSchema,
          immediately: jsonBoolean().default(false),
          reason: text({ max: 500 }).optional(),
        })
        .strict(),
    )
    .output(subscriptionOutput)
    .mutation(({ ctx, input }) =>
      cancelSubscription(ctx.billing, {
        actor: actorFor(ctx, input.id),
        subscriptionId: input.subscriptionId,
        immediately: input.immediately,
        reason: input.reason,
        now: new Date(),
      }),
    ),

  extendTrial: adminProcedure
    .meta(
      action(
        "/extend-trial",
        "Extend a trial",
        "A TRIALING subscription's trial (and first period) ends later: after the current end, at most a year from now. The customer is told.",
      ),
    )
    .input(extendTrialSchema)
    .output(z.object({ id: z.string(), trialEnd: z.date() }))
    .mutation(({ ctx, input }) =>
      extendTrial(ctx.billing, {
        actor: actorFor(ctx, input.id),
        subscriptionId: input.subscriptionId,
        trialEnd: input.trialEnd,
        now: new Date(),
      }),
    ),

  refund: adminProcedure
    .meta(
      action(
        "/refund",
        "Refund an invoice",
        "Full or partial (tax included): a credit note on the PAID invoice, refunded to the card(s) that paid it through refund attempts. The credit notes of an invoice never exceed its total (422 `CREDIT_EXCEEDS_INVOICE`).",
        { 422: "More than is left to credit" },
      ),
    )
    .input(staffRefundSchema)
    .output(creditNoteOutput)
    .mutation(({ ctx, input }) =>
      createCreditNote(ctx.billing, {
        actor: actorFor(ctx, input.id),
        invoiceId: input.invoiceId,
        amount: input.amount,
        reason: input.reason,
        memo: input.memo ?? null,
        refund: true,
        now: new Date(),
      }),
    ),

  grantCredit: adminProcedure
    .meta(
      action(
        "/credit",
        "Grant a balance credit",
        "Goodwill credit in the customer's currency (at most 1,000,000 minor units at once); the next invoices use it first. The customer is told.",
      ),
    )
    .input(grantCreditSchema)
    .output(z.object({ balance: z.number().int(), currency: z.string() }))
    .mutation(({ ctx, input }) =>
      grantBalanceCredit(ctx.billing, {
        actor: actorFor(ctx, input.id),
        amount: input.amount,
        reason: input.reason,
        now: new Date(),
      }),
    ),

  voidInvoice: adminProcedure
    .meta(
      action(
        "/void-invoice",
        "Void an open invoice",
        "Nothing is owed on it any more (its number stays used). Credit it used returns to the balance; a subscription PAST_DUE only because of it is ACTIVE again. 409 while a payment of it is in flight.",
      ),
    )
    .input(z.object({ id: idSchema, invoiceId: idSchema }).strict())
    .output(z.object({ id: z.string(), status: z.literal("VOID") }))
    .mutation(({ ctx, input }) =>
      voidInvoice(ctx.billing, {
        actor: actorFor(ctx, input.id),
        invoiceId: input.invoiceId,
        now: new Date(),
      }),
    ),

  retryPayment: adminProcedure
    .meta(
      action(
        "/retry-payment",
        "Retry a failed payment",
        "Charges the OPEN invoice now with the default card, as the customer's Pay now does; a decline is 402 `PAYMENT_FAILED`.",
        { 402: "Declined" },
      ),
    )
    .input(z.object({ id: idSchema, invoiceId: idSchema }).strict())
    .output(invoiceOutput.passthrough())
    .mutation(({ ctx, input }) =>
      retryInvoicePayment(ctx.billing, {
        actor: actorFor(ctx, input.id),
        invoiceId: input.invoiceId,
        now: new Date(),
      }),
    ),

  resync: adminProcedure
    .meta(
      action(
        "/resync",
        "Re-sync the customer with Stripe",
        "STRIPE only (404 on LOCAL): pushes our billing details to the Stripe customer, then re-reads its cards and default card.",
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(z.object({ gatewayCustomerId: z.string() }))
    .mutation(({ ctx, input }) =>
      resyncCustomer(ctx.billing, { actor: actorFor(ctx, input.id), now: new Date() }),
    ),
});
