import { z } from "zod";

import {
  createCoupon,
  listCouponRedemptions,
  listCoupons,
  listTaxRates,
  updateCoupon,
  upsertTaxRate,
} from "@salesos/billing";
import {
  createCouponSchema,
  idSchema,
  taxRateSchema,
  updateCouponSchema,
} from "@salesos/validators";

import { adminProcedure, createTRPCRouter } from "../../trpc";
import { adminRoute } from "../payments/meta";
import { adminCouponOutput, cursorPage, cursorPageInput, taxRateOutput } from "./schemas";
import { staffOf } from "./staff";

export const adminCouponsRouter = createTRPCRouter({
  list: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/coupons",
        "coupons",
        "List coupons",
        "Newest first, with redemption counts; keyset-paged.",
      ),
    )
    .input(z.object(cursorPageInput).strict())
    .output(cursorPage(adminCouponOutput))
    .query(({ ctx, input }) => listCoupons(ctx.billing, input)),

  create: adminProcedure
    .meta(
      adminRoute(
        "POST",
        "/coupons",
        "coupons",
        "Create a coupon",
        "Every rule of the domain: PERCENT (1–100) or AMOUNT in one currency; ONCE, REPEATING (n months) or FOREVER; optional limits (total, per organization), start and expiry, plans, minimum amount, first-time only. Codes are stored upper case; a taken code is 409.",
        { successStatus: 201, errors: { 409: "Code taken" } },
      ),
    )
    .input(createCouponSchema)
    .output(adminCouponOutput)
    .mutation(({ ctx, input }) =>
      createCoupon(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),

  update: adminProcedure
    .meta(
      adminRoute(
        "PUT",
        "/coupons/{id}",
        "coupons",
        "Edit or deactivate a coupon",
        "Name, limits, expiry and `isActive` only: the discount itself never changes once customers have it. `maxRedemptions` cannot go below the redemptions made.",
      ),
    )
    .input(updateCouponSchema)
    .output(adminCouponOutput)
    .mutation(({ ctx, input }) =>
      updateCoupon(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),

  redemptions: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/coupons/{id}/redemptions",
        "coupons",
        "A coupon's redemptions",
        "Who redeemed it and when, newest first; keyset-paged.",
      ),
    )
    .input(z.object({ id: idSchema, ...cursorPageInput }).strict())
    .output(
      cursorPage(
        z.object({
          id: z.string(),
          organizationId: z.string(),
          organizationName: z.string().nullable(),
          subscriptionId: z.string().nullable(),
          redeemedAt: z.date(),
        }),
      ).extend({ coupon: adminCouponOutput }),
    )
    .query(({ ctx, input }) =>
      listCouponRedemptions(ctx.billing, {
        couponId: input.id,
        cursor: input.cursor,
        limit: input.limit,
      }),
    ),
});

export const adminTaxRatesRouter = createTRPCRouter({
  list: adminProcedure
    .meta(
      adminRoute(
        "GET",
        "/tax-rates",
        "tax rates",
        "List tax rates",
        "One per country; invoices keep the rate they were issued with.",
      ),
    )
    .input(z.object({}).strict())
    .output(z.array(taxRateOutput))
    .query(({ ctx }) => listTaxRates(ctx.billing)),

  save: adminProcedure
    .meta(
      adminRoute(
        "PUT",
        "/tax-rates",
        "tax rates",
        "Create or replace a country's tax rate",
        "Keyed by `country`; the next invoices of customers there use it (`isActive: false` stops it).",
      ),
    )
    .input(taxRateSchema)
    .output(taxRateOutput)
    .mutation(({ ctx, input }) =>
      upsertTaxRate(ctx.billing, { staff: staffOf(ctx), input, now: new Date() }),
    ),
});
