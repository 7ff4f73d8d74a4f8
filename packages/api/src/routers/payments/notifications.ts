import { z } from "zod";

import { listNotifications } from "@salesos/billing";

import { billingActor } from "../../billing";
import { createTRPCRouter, orgAdminProcedure } from "../../trpc";

export const notificationsRouter = createTRPCRouter({
  /**
   * The latest customer-facing billing notices of the organization (in-app only). OWNER/ADMIN: most
   * name invoices, failed payments, disputes or credits, and a MEMBER reads subscriptions only
   * (docs/decisions.md).
   */
  list: orgAdminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(5) }).strict())
    .query(({ ctx, input }) =>
      listNotifications(ctx.billing, {
        actor: billingActor(ctx.actor, ctx.requestId),
        limit: input.limit,
      }),
    ),
});
