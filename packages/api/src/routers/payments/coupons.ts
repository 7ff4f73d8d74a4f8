import { z } from "zod";

import { validateCoupon } from "@salesos/billing";
import { validateCouponSchema } from "@salesos/validators";

import { billingActor } from "../../billing";
import { apiEnv } from "../../env";
import { enforceRateLimit } from "../../rate-limit";
import { couponSummaryOutput } from "../../schemas";
import { createTRPCRouter, orgAdminProcedure, publicProcedure } from "../../trpc";
import { route } from "./meta";

const publicOutput = z.union([
  z.object({
    valid: z.literal(true),
    coupon: couponSummaryOutput,
    discountAmount: z.number().int().nullable(),
  }),
  z.object({ valid: z.literal(false), message: z.string() }),
]);
const orgOutput = z.union([
  z.object({
    valid: z.literal(true),
    coupon: couponSummaryOutput,
    discountAmount: z.number().int().nullable(),
  }),
  z.object({ valid: z.literal(false), message: z.string(), reason: z.string().optional() }),
]);

export const couponsRouter = createTRPCRouter({
  validatePublic: publicProcedure
    .meta(
      route(
        "POST",
        "/public/coupons/validate",
        "coupons",
        "Validate a coupon (public)",
        "No authentication. Returns `{ valid: true, coupon, discountAmount }` or `{ valid: false, message }` with one generic message for every failure (no oracle). Codes are trimmed and matched case-insensitively. Read-only: never redeems. Rate limited per client address (429 with Retry-After).",
        { protect: false, errors: { 429: "Too many requests" } },
      ),
    )
    .input(validateCouponSchema)
    .output(publicOutput)
    .mutation(async ({ ctx, input }) => {
      await enforceRateLimit(
        ctx.db,
        {
          bucket: "coupon-public:address",
          limit: apiEnv().RATE_LIMIT_COUPON_PER_MINUTE,
          windowSeconds: 60,
        },
        ctx.clientAddress,
      );
      const result = await validateCoupon(ctx.billing, {
        query: input,
        actor: null,
        now: new Date(),
      });
      return result.valid ? result : { valid: false as const, message: result.message };
    }),

  validate: orgAdminProcedure
    .meta(
      route(
        "POST",
        "/coupons/validate",
        "coupons",
        "Validate a coupon for your organization",
        "As the public route, plus the organization-aware checks (redemption limit per organization, first-time customers only, plan list, minimum amount, currency of a fixed-amount coupon). Failures carry the precise `message` and a `reason` code. Read-only.",
      ),
    )
    .input(validateCouponSchema)
    .output(orgOutput)
    .mutation(({ ctx, input }) =>
      validateCoupon(ctx.billing, {
        query: input,
        actor: billingActor(ctx.actor, ctx.requestId),
        now: new Date(),
      }),
    ),
});
