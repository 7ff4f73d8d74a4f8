import { z } from "zod";

import { listPublicPlans } from "@salesos/billing";

import { planOutput } from "../schemas";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const plansRouter = createTRPCRouter({
  list: publicProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/plans",
        tags: ["plans"],
        summary: "List plans",
        description:
          "The public price list: active, public plans in display order, with their `id` (the `licenseTypeId` of checkout). Prices are per seat in minor units.",
        protect: false,
      },
    })
    .input(z.object({}).strict())
    .output(z.array(planOutput))
    .query(({ ctx }) => listPublicPlans(ctx.billing)),
});
