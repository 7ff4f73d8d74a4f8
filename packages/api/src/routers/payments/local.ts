import { z } from "zod";

import { completeCheckout, tokenizeCard } from "@salesos/billing";
import { AppError, cardFormSchema, idSchema, text } from "@salesos/validators";

import { billingActor } from "../../billing";
import { createMiddleware, createTRPCRouter, orgAdminProcedure } from "../../trpc";
import { route } from "./meta";

/** Test-mode routes exist only while the LOCAL gateway is active (404 otherwise). */
const localOnly = createMiddleware(({ ctx, next }) => {
  if (ctx.billing.gateway.name !== "LOCAL") throw new AppError("NOT_FOUND", "Not found.");
  return next();
});
const localProcedure = orgAdminProcedure.use(localOnly);
const TEST_MODE = "Test mode (LOCAL gateway only; 404 otherwise).";

const outcomeOutput = z.object({
  status: z.enum(["complete", "requires_action"]),
  subscriptionId: z.string().optional(),
  invoiceId: z.string().nullable().optional(),
});

export const localRouter = createTRPCRouter({
  tokenizeCard: localProcedure
    .meta(
      route(
        "POST",
        "/local/payment-methods",
        "local-test-mode",
        "Tokenize a test card",
        `${TEST_MODE} Checks Luhn, expiry and CVC, keeps brand, last4, expiry and a keyed fingerprint, and drops the number and CVC. Does not attach the card: POST /payments/payment-methods does. Test numbers: 4242 4242 4242 4242 succeeds; 4000 0000 0000 0002 declined; …9995 insufficient funds; …0341 attaches but later charges fail; …3220 needs the extra confirmation step at checkout.`,
        { successStatus: 201 },
      ),
    )
    .input(cardFormSchema)
    .output(
      z.object({
        paymentMethodId: z.string(),
        brand: z.string(),
        last4: z.string(),
        expMonth: z.number().int(),
        expYear: z.number().int(),
      }),
    )
    .mutation(({ ctx, input }) =>
      tokenizeCard(ctx.db, {
        card: input,
        organizationId: ctx.actor.organization.id,
        now: new Date(),
        fingerprintKey: ctx.billing.fingerprintKey,
      }),
    ),

  completeCheckout: localProcedure
    .meta(
      route(
        "POST",
        "/local/checkout-sessions/{sessionId}/complete",
        "local-test-mode",
        "Pay a hosted checkout session",
        `${TEST_MODE} 200 \`{ status: "complete" | "requires_action", subscriptionId?, invoiceId? }\`; 402 \`PAYMENT_FAILED\` on a decline (the session stays open for another card); 410 \`SESSION_EXPIRED\`.`,
        { errors: { 402: "Declined", 409: "Existing subscription", 410: "Session expired" } },
      ),
    )
    .input(z.object({ sessionId: idSchema, paymentMethodId: text({ min: 1, max: 255 }) }).strict())
    .output(outcomeOutput)
    .mutation(({ ctx, input }) =>
      completeCheckout(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        sessionId: input.sessionId,
        paymentMethodId: input.paymentMethodId,
        now: new Date(),
      }),
    ),

  confirmCheckout: localProcedure
    .meta(
      route(
        "POST",
        "/local/checkout-sessions/{sessionId}/confirm",
        "local-test-mode",
        "Complete the extra confirmation step",
        `${TEST_MODE} Completes the 3-D Secure style step a session asked for (\`requires_action\`), then charges.`,
        {
          errors: { 402: "Declined", 409: "Not waiting for confirmation", 410: "Session expired" },
        },
      ),
    )
    .input(z.object({ sessionId: idSchema }).strict())
    .output(outcomeOutput)
    .mutation(({ ctx, input }) =>
      completeCheckout(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        sessionId: input.sessionId,
        confirmed: true,
        now: new Date(),
      }),
    ),
});
