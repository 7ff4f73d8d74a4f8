import { z } from "zod";

import {
  addPaymentMethod,
  listPaymentMethods,
  removePaymentMethod,
  setDefaultPaymentMethod,
  startCardSetup,
} from "@salesos/billing";
import { addPaymentMethodSchema, idSchema } from "@salesos/validators";

import { billingActor } from "../../billing";
import { paymentMethodOutput } from "../../schemas";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";
import { route } from "./meta";

export const paymentMethodsRouter = createTRPCRouter({
  /** STRIPE (in-app only): Stripe's page to add a card; 404 on LOCAL, which has its own card form. */
  setupSession: orgAdminProcedure.input(z.object({}).strict()).mutation(({ ctx }) =>
    startCardSetup(ctx.billing, {
      actor: billingActor(ctx.actor, ctx.requestId),
      now: new Date(),
    }),
  ),

  list: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/payment-methods",
        "payment-methods",
        "List payment methods",
        "Default first. Never a card number or CVC: brand, last4 and expiry only.",
      ),
    )
    .input(z.object({}).strict())
    .output(z.array(paymentMethodOutput))
    .query(({ ctx }) =>
      listPaymentMethods(ctx.billing, { actor: billingActor(ctx.actor, ctx.requestId) }),
    ),

  add: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/payment-methods",
        "payment-methods",
        "Add a payment method",
        "Attaches a card token created client-side (Stripe: a `pm_` from Stripe.js; LOCAL: a token from POST /payments/local/payment-methods). The first method becomes the default. Duplicate card: 409 `PAYMENT_METHOD_EXISTS`. Declined at setup: 402.",
        { successStatus: 201, errors: { 402: "Declined at setup", 409: "Already saved" } },
      ),
    )
    .input(addPaymentMethodSchema)
    .output(paymentMethodOutput)
    .mutation(({ ctx, input }) =>
      addPaymentMethod(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        paymentMethodId: input.paymentMethodId,
        setAsDefault: input.setAsDefault,
        now: new Date(),
      }),
    ),

  remove: orgAdminProcedure
    .meta(
      route(
        "DELETE",
        "/payment-methods/{id}",
        "payment-methods",
        "Remove a payment method",
        "204. Removing the default promotes the next method; removing the last method of a live paid subscription is 409 `LAST_PAYMENT_METHOD`.",
        { successStatus: 204, errors: { 409: "Last payment method" } },
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(z.void())
    .mutation(async ({ ctx, input }) => {
      await removePaymentMethod(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        paymentMethodId: input.id,
        now: new Date(),
      });
    }),

  setDefault: orgAdminProcedure
    .meta(
      route(
        "PUT",
        "/payment-methods/{id}/default",
        "payment-methods",
        "Make a payment method the default",
        "The default for future invoices and for the live subscription. May be sent with no body.",
      ),
    )
    .input(z.object({ id: idSchema }).strict())
    .output(paymentMethodOutput)
    .mutation(({ ctx, input }) =>
      setDefaultPaymentMethod(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        paymentMethodId: input.id,
        now: new Date(),
      }),
    ),
});
