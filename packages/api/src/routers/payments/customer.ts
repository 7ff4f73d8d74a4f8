import { z } from "zod";

import { createPortalSession, getBillingCustomer, updateBillingCustomer } from "@salesos/billing";
import { portalSchema, updateBillingCustomerSchema } from "@salesos/validators";

import { billingActor } from "../../billing";
import { billingCustomerOutput } from "../../schemas";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";
import { route } from "./meta";

export const customerRouter = createTRPCRouter({
  get: orgAdminProcedure
    .meta(
      route(
        "GET",
        "/billing/customer",
        "billing",
        "Get the billing customer",
        "The organization's billing customer; created from the organization's owner (email, name) on first use, so it is never empty.",
      ),
    )
    .input(z.object({}).strict())
    .output(billingCustomerOutput)
    .query(({ ctx }) =>
      getBillingCustomer(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        now: new Date(),
      }),
    ),

  update: orgAdminProcedure
    .meta(
      route(
        "PUT",
        "/billing/customer",
        "billing",
        "Update the billing customer",
        "Any of `email, name, phone, address (merged field by field), taxId, currency` (currency only while no subscription is live: 409 otherwise). The change is pushed to the gateway first; if the gateway fails nothing is saved (502).",
        { errors: { 409: "Currency locked", 502: "Gateway unavailable" } },
      ),
    )
    .input(updateBillingCustomerSchema)
    .output(billingCustomerOutput)
    .mutation(({ ctx, input }) =>
      updateBillingCustomer(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        update: input,
        now: new Date(),
      }),
    ),

  portal: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/billing/portal",
        "billing",
        "Open the customer portal",
        "201 `{ url, gateway }`: a Stripe Billing Portal session, or the app's own billing page for the LOCAL gateway. Optional body `{ returnUrl }` (same origin only). May be sent with no body and no Content-Type.",
        { successStatus: 201 },
      ),
    )
    .input(portalSchema)
    .output(z.object({ url: z.string(), gateway: z.enum(["LOCAL", "STRIPE"]) }))
    .mutation(({ ctx, input }) =>
      createPortalSession(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        returnUrl: input.returnUrl,
        now: new Date(),
      }),
    ),
});
