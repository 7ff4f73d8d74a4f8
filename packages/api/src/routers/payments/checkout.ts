import { z } from "zod";

import {
  getCheckoutResult,
  getCheckoutSummary,
  startCheckout,
  syncHostedCheckout,
} from "@salesos/billing";
import { idSchema, startCheckoutSchema, text } from "@salesos/validators";

import { billingActor } from "../../billing";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";
import { route } from "./meta";

export const checkoutRouter = createTRPCRouter({
  create: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/checkout",
        "checkout",
        "Start a checkout",
        "Starts a checkout for the caller's organization and returns 201 `{ sessionId, url, gateway, expiresAt }`: with the LOCAL gateway `url` is the app's hosted checkout page (sessions expire after one hour), with Stripe a Checkout Session URL. The plan must be active, public and priced for the cycle (400). A live subscription → 409 `EXISTING_SUBSCRIPTION` with `details.subscriptionId`. The coupon goes through the full validation of POST /coupons/validate (400 `COUPON_INVALID`). The subscription exists once payment succeeds; two concurrent checkouts can never produce two subscriptions. A plan that costs nothing (Free) needs no card and takes no coupon (400 `COUPON_INVALID`): the subscription is created at once and `url` is the success page. Trials are opt-in (`startTrial`; first-time customers only, otherwise the checkout charges now).",
        { successStatus: 201, errors: { 409: "Existing subscription" } },
      ),
    )
    .input(startCheckoutSchema)
    .output(
      z.object({
        sessionId: z.string(),
        url: z.string(),
        gateway: z.enum(["LOCAL", "STRIPE"]),
        expiresAt: z.date(),
      }),
    )
    .mutation(({ ctx, input }) =>
      startCheckout(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        input,
        now: new Date(),
      }),
    ),

  /**
   * The success page after a gateway-hosted checkout (STRIPE): the same sync the webhook runs, so the page
   * never waits for a webhook (in-app only).
   */
  sync: orgAdminProcedure
    .input(
      z
        .object({
          gatewaySessionId: text({ min: 1, max: 255 }).regex(
            /^cs_\w+$/,
            "Not a checkout session id.",
          ),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) =>
      syncHostedCheckout(ctx.billing, {
        gatewaySessionId: input.gatewaySessionId,
        organizationId: ctx.actor.organization.id,
        now: new Date(),
      }),
    ),

  /**
   * The success page's receipt (in-app only): a complete checkout session of the caller's organization,
   * by our id or the gateway's (`cs_…`), with its plan, amount paid, invoice and next charge; null for
   * any other id, so the page sends the visitor to /billing.
   */
  result: orgAdminProcedure
    .input(
      z
        .object({
          sessionId: text({ min: 1, max: 255 }).regex(/^[\w-]+$/, "Not a checkout session id."),
        })
        .strict(),
    )
    .query(({ ctx, input }) =>
      getCheckoutResult(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        sessionId: input.sessionId,
      }),
    ),

  /** The hosted checkout page's order summary (in-app only). */
  summary: orgAdminProcedure
    .input(z.object({ sessionId: idSchema }).strict())
    .query(({ ctx, input }) =>
      getCheckoutSummary(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        sessionId: input.sessionId,
        now: new Date(),
      }),
    ),
});
