import { z } from "zod";

import {
  cancelSubscription,
  changePlan,
  getSubscription,
  listSubscriptions,
  previewPlanChange,
  resumeSubscription,
  getUpcomingInvoice,
} from "@salesos/billing";
import {
  billingCycleSchema,
  cancelSubscriptionSchema,
  changePlanSchema,
  idSchema,
  pageQuerySchema,
  upgradePreviewSchema,
} from "@salesos/validators";

import { billingActor } from "../../billing";
import { invoiceOutput, pageOutput, subscriptionOutput } from "../../schemas";
import { createTRPCRouter, orgAdminProcedure, orgProcedure } from "../../trpc";
import { route } from "./meta";

const statusSchema = subscriptionOutput.shape.status;
const previewOutput = z.object({
  currentPlan: z.object({
    id: z.string(),
    name: z.string(),
    billingCycle: billingCycleSchema,
    unitAmount: z.number().int(),
  }),
  newPlan: z.object({
    id: z.string(),
    name: z.string(),
    billingCycle: billingCycleSchema,
    unitAmount: z.number().int(),
  }),
  prorationDate: z.date(),
  currency: z.string(),
  lines: z.array(
    z.object({
      description: z.string(),
      amount: z.number().int(),
      periodStart: z.date(),
      periodEnd: z.date(),
    }),
  ),
  credit: z
    .number()
    .int()
    .describe(
      "The unused time credited, priced from what the period was actually paid (its discount kept), before tax.",
    ),
  charge: z
    .number()
    .int()
    .describe("The new terms' list price for the time charged, before discount and tax."),
  taxAmount: z
    .number()
    .int()
    .describe(
      "The charge's tax less the tax paid on the credited time (negative for a net credit).",
    ),
  amountDueNow: z.number().int(),
  creditCarriedForward: z
    .number()
    .int()
    .describe("A net credit, tax included: issued as a credit note onto the customer's balance."),
  nextInvoice: z.object({ date: z.date(), amount: z.number().int() }),
  isUpgrade: z.boolean(),
  cycleChange: z.boolean(),
  scheduled: z
    .boolean()
    .describe("True when the current plan applies downgrades at the period end."),
  previewId: z
    .string()
    .describe(
      "Pass it (or prorationDate) to change-plan within 10 minutes to be charged this preview.",
    ),
  previewExpiresAt: z.date(),
});

export const subscriptionsRouter = createTRPCRouter({
  list: orgProcedure
    .meta(
      route(
        "GET",
        "/subscriptions",
        "subscriptions",
        "List subscriptions",
        "Newest first; filter by `status`. MEMBERs may call this route.",
      ),
    )
    .input(z.object({ ...pageQuerySchema, status: statusSchema.optional() }).strict())
    .output(pageOutput(subscriptionOutput))
    .query(({ ctx, input }) =>
      listSubscriptions(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        query: input,
      }),
    ),

  get: orgProcedure
    .meta(
      route(
        "GET",
        "/subscriptions/{id}",
        "subscriptions",
        "Get a subscription",
        "One subscription with its 5 latest invoices (`recentInvoices`). MEMBERs may call this route but see no invoice data: for them `recentInvoices` is always `[]` (the invoices are OWNER/ADMIN, as `GET /invoices` is). Another organization's id is 404.",
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(subscriptionOutput.extend({ recentInvoices: z.array(invoiceOutput) }))
    .query(({ ctx, input }) =>
      getSubscription(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        subscriptionId: input.id,
      }),
    ),

  cancel: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/subscriptions/{id}/cancel",
        "subscriptions",
        "Cancel a subscription",
        "Default: `cancelAtPeriodEnd = true`, status unchanged, access until `currentPeriodEnd`. `immediately: true`: CANCELED now, no further invoices; no refund, unless the plan refunds unused time on cancel — then the unused part of the paid period becomes a credit note refunded to the card. Cancelling a CANCELED subscription is 409 `ALREADY_CANCELED`, except for the retry of the same request (same `Idempotency-Key`) whose first run committed before its answer was lost: that answers the CANCELED subscription.",
        { errors: { 409: "Already canceled" } },
      ),
    )
    .input(cancelSubscriptionSchema)
    .output(subscriptionOutput)
    .mutation(({ ctx, input }) =>
      cancelSubscription(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        subscriptionId: input.id,
        immediately: input.immediately,
        reason: input.reason,
        now: new Date(),
      }),
    ),

  resume: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/subscriptions/{id}/resume",
        "subscriptions",
        "Resume a subscription",
        "Undoes a scheduled cancellation, or resumes a PAUSED subscription; anything else is 409 `NOT_RESUMABLE`. May be sent with no body and no Content-Type.",
        { errors: { 409: "Not resumable" } },
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(subscriptionOutput)
    .mutation(({ ctx, input }) =>
      resumeSubscription(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        subscriptionId: input.id,
        now: new Date(),
      }),
    ),

  changePlan: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/subscriptions/{id}/change-plan",
        "subscriptions",
        "Change plan, cycle or seats",
        "Upgrades (an amount due now) apply at once and charge the prorated difference on the default payment method; if the charge fails nothing changes (402 `PAYMENT_FAILED`, `details.declineCode`). Downgrades apply now with the prorated credit carried to the next invoices (or at the period end when the plan says so). Same plan, cycle and quantity: 409 `ALREADY_ON_PLAN`. The subscription must be TRIALING or ACTIVE (409). Priced at now, or at the instant of a preview of this same change (`prorationDate` or `previewId`, at most 10 minutes old): any other instant is 400 `PREVIEW_INVALID`; a preview made before the subscription last changed, or whose amount no longer holds, is 409 `PREVIEW_STALE`; the charge equals the preview to the cent. The charge is a recorded payment attempt: a second submission while it runs is 409 `PAYMENT_IN_PROGRESS`, and a charge whose change no longer applies is refunded.",
        { errors: { 400: "Not a preview's instant", 402: "Payment failed", 409: "Conflict" } },
      ),
    )
    .input(changePlanSchema)
    .output(z.object({ subscription: subscriptionOutput, invoice: invoiceOutput.nullable() }))
    .mutation(({ ctx, input: { id, ...request } }) =>
      changePlan(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        subscriptionId: id,
        request,
        now: new Date(),
      }),
    ),

  upgradePreview: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/subscriptions/{id}/upgrade-preview",
        "subscriptions",
        "Preview a plan change",
        "No gateway objects, no billing rows; the preview is kept for 10 minutes (`previewId`, `previewExpiresAt`) so change-plan can honour its instant. Proration is Stripe's: credit for the unused time of the current price, charge for the rest of the period at the new price, both to the second, rounded half-up per line. `isUpgrade` compares prices per unit of time. Pass the returned `prorationDate` to change-plan so the charge equals this preview.",
      ),
    )
    .input(upgradePreviewSchema)
    .output(previewOutput)
    .query(({ ctx, input: { id, ...request } }) =>
      previewPlanChange(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        subscriptionId: id,
        request,
        now: new Date(),
      }),
    ),

  /**
   * The next renewal: date and amount (in-app only; null when nothing will renew). An invoice preview, so
   * OWNER/ADMIN only, like the invoices themselves.
   */
  upcoming: orgAdminProcedure.input(z.object({ id: idSchema }).strict()).query(({ ctx, input }) =>
    getUpcomingInvoice(ctx.billing, {
      actor: billingActor(ctx.actor, ctx.requestId),
      subscriptionId: input.id,
    }),
  ),
});
