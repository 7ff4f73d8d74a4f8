import { z } from "zod";

import { createPlan, listPlansForStaff, setPlanPrice, updatePlan } from "@salesos/billing";
import { createPlanSchema, setPlanPriceSchema, updatePlanSchema } from "@salesos/validators";

import { adminProcedure, createTRPCRouter } from "../../trpc";
import { adminRoute } from "../payments/meta";
import { adminPlanOutput, adminPlanWithPricesOutput, planPriceOutput } from "./schemas";
import { staffOf } from "./staff";

export const adminPlansRouter = createTRPCRouter({
  list: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/plans",
        "plans",
        "List plans",
        "Every plan, inactive and hidden ones too, with its price history and live subscribers by the price they pay.",
      ),
    )
    .input(z.object({}).strict())
    .output(z.array(adminPlanWithPricesOutput))
    .query(({ ctx }) => listPlansForStaff(ctx.billing)),

  create: adminProcedure
    .meta(
      adminRoute(
        "POST",
        "/plans",
        "plans",
        "Create a plan",
        "Its first prices become its price history. A taken slug is 409.",
        { successStatus: 201, errors: { 409: "Slug taken" } },
      ),
    )
    .input(createPlanSchema)
    .output(adminPlanOutput)
    .mutation(({ ctx, input }) =>
      createPlan(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),

  update: adminProcedure
    .meta(
      adminRoute(
        "PUT",
        "/plans/{id}",
        "plans",
        "Edit, hide or deactivate a plan",
        "Name, description, limits, features, trial, `isPublic` (shown on pricing) and `isActive` (sold at all). Subscribers keep their subscription either way. Prices change through `POST /admin/plans/{id}/prices`.",
      ),
    )
    .input(updatePlanSchema)
    .output(adminPlanOutput)
    .mutation(({ ctx, input }) =>
      updatePlan(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),

  setPrice: adminProcedure
    .meta(
      adminRoute(
        "POST",
        "/plans/{id}/prices",
        "plans",
        "Change a plan's price",
        "A new immutable price row for new subscriptions; the previous one is superseded. Existing subscribers keep what they pay (grandfathered) unless `moveExisting`: then they pay the new price from their next renewal and are told now.",
        { successStatus: 201 },
      ),
    )
    .input(setPlanPriceSchema)
    .output(
      z.object({
        price: planPriceOutput,
        moved: z.number().int().describe("Subscriptions moved at their next renewal."),
      }),
    )
    .mutation(({ ctx, input }) =>
      setPlanPrice(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),
});
