import { z } from "zod";

import { settleConfirmedPayment } from "@salesos/billing";
import { idSchema } from "@salesos/validators";

import { billingActor } from "../../billing";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";

export const attemptsRouter = createTRPCRouter({
  /**
   * Back from the bank's confirmation page (STRIPE, in-app only): settles that payment — the upgrade or
   * the invoice it was for — and says how it ended.
   */
  confirm: orgAdminProcedure
    .input(z.object({ attemptId: idSchema }).strict())
    .mutation(({ ctx, input }) =>
      settleConfirmedPayment(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        attemptId: input.attemptId,
        now: new Date(),
      }),
    ),
});
