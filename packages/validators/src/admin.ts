import { z } from "zod";

import { COUPON_CODE_MAX, currencySchema, jsonBoolean, jsonInt } from "./billing";
import { idSchema } from "./identity";
import { text } from "./text";

/** Request schemas of the staff API, shared by the admin router and the admin forms. */

/**
 * An instant from JSON (an ISO-8601 string) or from tRPC (a Date). The format refuses NUL and lone
 * surrogates by itself; the max bounds it like text (an instant with nanoseconds and an offset is 35).
 */
const INSTANT_MESSAGE = "Use an ISO-8601 date and time, e.g. 2030-01-31T00:00:00Z.";
export const instantSchema = z
  .union([
    z.date(),
    z.iso
      .datetime({ offset: true, error: INSTANT_MESSAGE, abort: true })
      .max(40, { error: INSTANT_MESSAGE }),
  ])
  .pipe(z.coerce.date());

const couponRules = {
  name: text({ min: 1, max: 120, tooShort: "Name the coupon." }),
  maxRedemptions: jsonInt(1, 1_000_000).optional(),
  maxRedemptionsPerOrganization: jsonInt(1, 1_000).optional(),
  expiresAt: instantSchema.optional(),
};

/** Every rule of domain.md ("Coupons"): PERCENT 1–100 or AMOUNT in one currency; ONCE, REPEATING n months, FOREVER. */
export const createCouponSchema = z
  .object({
    // The code a customer types: the same text as the checkout's coupon field, but at least 3 characters.
    code: text({ min: 3, max: COUPON_CODE_MAX, tooShort: "At least 3 characters." })
      .regex(/^[A-Za-z0-9_-]+$/, "Letters, digits, - and _ only.")
      .transform((code) => code.toUpperCase()),
    ...couponRules,
    percentOff: jsonInt(1, 100).optional(),
    amountOff: jsonInt(1, 100_000_000).optional(),
    currency: currencySchema.optional(),
    duration: z.enum(["ONCE", "REPEATING", "FOREVER"]),
    durationMonths: jsonInt(1, 36).optional(),
    startsAt: instantSchema.optional(),
    appliesToPlanIds: z.array(idSchema).max(50).default([]),
    minAmount: jsonInt(0, 100_000_000).optional(),
    firstTimeOnly: jsonBoolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: "custom", path: [path], message });
    if ((c.percentOff === undefined) === (c.amountOff === undefined))
      issue("percentOff", "Give either a percentage or an amount off.");
    if (c.amountOff !== undefined && !c.currency)
      issue("currency", "An amount off needs its currency.");
    if (c.percentOff !== undefined && c.currency)
      issue("currency", "A percentage has no currency.");
    if (c.duration === "REPEATING" && c.durationMonths === undefined)
      issue("durationMonths", "How many months does it repeat?");
    if (c.duration !== "REPEATING" && c.durationMonths !== undefined)
      issue("durationMonths", "Only a REPEATING coupon has a number of months.");
    if (c.startsAt && c.expiresAt && c.startsAt >= c.expiresAt)
      issue("expiresAt", "It must expire after it starts.");
  });
export type CreateCouponInput = z.infer<typeof createCouponSchema>;

/** What may change once a coupon exists: its name, limits, expiry and whether it is active. */
export const updateCouponSchema = z
  .object({
    id: idSchema,
    name: couponRules.name.optional(),
    maxRedemptions: couponRules.maxRedemptions.nullable(),
    maxRedemptionsPerOrganization: couponRules.maxRedemptionsPerOrganization.nullable(),
    expiresAt: couponRules.expiresAt.nullable(),
    isActive: jsonBoolean().optional(),
  })
  .partial({ maxRedemptions: true, maxRedemptionsPerOrganization: true, expiresAt: true })
  .strict();
export type UpdateCouponInput = z.infer<typeof updateCouponSchema>;

export const taxRateSchema = z
  .object({
    country: text({ max: 2, tooLong: "A two-letter ISO 3166 country code." })
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "A two-letter ISO 3166 country code."),
    name: text({ min: 1, max: 60, tooShort: "Name the tax (e.g. VAT)." }),
    percentBps: jsonInt(0, 5_000).describe("Basis points: 1900 = 19.00 %."),
    isActive: jsonBoolean().default(true),
  })
  .strict();
export type TaxRateInput = z.infer<typeof taxRateSchema>;

export const grantCreditSchema = z
  .object({
    id: idSchema.describe("The organization."),
    amount: jsonInt(1, 1_000_000).describe("Minor units of the customer's currency."),
    reason: text({ min: 1, max: 200, tooShort: "Say why (the customer sees the credit)." }),
  })
  .strict();

export const staffRefundSchema = z
  .object({
    id: idSchema.describe("The organization."),
    invoiceId: idSchema,
    amount: jsonInt(1, 100_000_000).describe("Tax included, at most what is left to credit."),
    reason: z.enum([
      "DUPLICATE",
      "FRAUDULENT",
      "ORDER_CHANGE",
      "PRODUCT_UNSATISFACTORY",
      "GOODWILL",
    ]),
    memo: text({ max: 500 }).optional(),
  })
  .strict();

export const extendTrialSchema = z
  .object({ id: idSchema, subscriptionId: idSchema, trialEnd: instantSchema })
  .strict();

const planFields = {
  name: text({ min: 1, max: 60, tooShort: "Name the plan." }),
  description: text({ max: 500 }),
  maxUsers: jsonInt(1, 100_000).nullable().describe("null = unlimited"),
  features: z.array(text({ min: 1, max: 120 })).max(30, "At most 30 features."),
  trialDays: jsonInt(0, 365),
  isActive: jsonBoolean(),
  isPublic: jsonBoolean(),
  sortOrder: jsonInt(0, 1_000),
};

const SLUG_MESSAGE = "Lower-case letters, digits and -, 2 to 40.";
export const planSlugSchema = text({ max: 40, tooLong: SLUG_MESSAGE })
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, SLUG_MESSAGE);

export const createPlanSchema = z
  .object({
    slug: planSlugSchema,
    tier: z.enum(["FREE", "STARTER", "PROFESSIONAL", "ENTERPRISE", "CUSTOM"]),
    currency: currencySchema,
    monthlyPrice: jsonInt(0, 100_000_000).nullable(),
    yearlyPrice: jsonInt(0, 1_000_000_000).nullable(),
    ...planFields,
    description: planFields.description.default(""),
    maxUsers: planFields.maxUsers.default(null),
    features: planFields.features.default([]),
    trialDays: planFields.trialDays.default(0),
    isActive: planFields.isActive.default(true),
    isPublic: planFields.isPublic.default(true),
    sortOrder: planFields.sortOrder.default(0),
  })
  .strict()
  .refine((p) => p.monthlyPrice !== null || p.yearlyPrice !== null, {
    message: "Give a monthly or a yearly price.",
    path: ["monthlyPrice"],
  });
export type CreatePlanInput = z.infer<typeof createPlanSchema>;

/** Limits, features and visibility; prices change through their own route (new price rows). */
export const updatePlanSchema = z
  .object({ id: idSchema, ...planFields })
  .partial({
    name: true,
    description: true,
    maxUsers: true,
    features: true,
    trialDays: true,
    isActive: true,
    isPublic: true,
    sortOrder: true,
  })
  .strict();
export type UpdatePlanInput = z.infer<typeof updatePlanSchema>;

export const setPlanPriceSchema = z
  .object({
    id: idSchema.describe("The plan."),
    billingCycle: z.enum(["monthly", "yearly"]),
    unitAmount: jsonInt(0, 1_000_000_000).describe("Minor units of the plan's currency."),
    moveExisting: jsonBoolean()
      .default(false)
      .describe(
        "Also move existing subscribers on another price to this one at their next renewal (they are told). Default: they keep theirs.",
      ),
  })
  .strict();
export type SetPlanPriceInput = z.infer<typeof setPlanPriceSchema>;
