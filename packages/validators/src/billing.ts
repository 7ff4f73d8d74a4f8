import { z } from "zod";

import { emailSchema, idSchema } from "./identity";
import { text } from "./text";

/** Request schemas of the payments API, shared by the router and the billing forms. */

/*
 * JSON body booleans and integers are wrapped in a pipe: the REST adapter (trpc-to-openapi) turns every
 * plain number/boolean field into a coercing one, and `Boolean("no")` is true. A pipe is left alone, so
 * `"immediately": "yes"` stays a 400 instead of cancelling a subscription.
 */
export const jsonBoolean = () => z.boolean().pipe(z.boolean());
export const jsonInt = (min: number, max: number) =>
  z.number().int().min(min).max(max).pipe(z.number());
export const billingCycleSchema = z.enum(["monthly", "yearly"]);
export type BillingCycle = z.infer<typeof billingCycleSchema>;

export const SEATS_MAX = 10_000;
/** Seats of a checkout or a plan change (a plan's own `maxUsers` is checked by the engine). */
export const quantitySchema = jsonInt(1, SEATS_MAX);

export const COUPON_CODE_MAX = 64;
export const couponCodeSchema = text({
  min: 1,
  max: COUPON_CODE_MAX,
  tooShort: "Enter a coupon code.",
});
const CURRENCY_MESSAGE = "Use a three-letter ISO 4217 currency code.";
export const currencySchema = text({ max: 3, tooLong: CURRENCY_MESSAGE })
  .toLowerCase()
  .regex(/^[a-z]{3}$/, CURRENCY_MESSAGE);
const returnUrlSchema = text({ min: 1, max: 2000 });

export const validateCouponSchema = z
  .object({
    code: couponCodeSchema,
    licenseTypeId: idSchema.optional(),
    billingCycle: billingCycleSchema.optional(),
    amount: jsonInt(0, 1e12)
      .optional()
      .describe("Minor units; default: the plan's price for the cycle."),
  })
  .strict();

export const startCheckoutSchema = z
  .object({
    licenseTypeId: idSchema,
    billingCycle: billingCycleSchema,
    couponCode: couponCodeSchema.optional(),
    quantity: quantitySchema.optional().describe("Seats; default 1."),
    successUrl: returnUrlSchema.optional().describe("Same origin as the app only."),
    cancelUrl: returnUrlSchema.optional().describe("Same origin as the app only."),
    startTrial: jsonBoolean()
      .optional()
      .describe(
        "Start with the plan's free trial (first-time customers only). Default false: pay now.",
      ),
  })
  .strict();
export type StartCheckoutInput = z.infer<typeof startCheckoutSchema>;

const nullableText = (max: number) => text({ max }).nullable().optional();
const COUNTRY_MESSAGE = "Use a two-letter ISO 3166 country code, e.g. US or DE.";
const PHONE_MESSAGE = "Enter a phone number, e.g. +1 415 555 0100.";
const TAX_ID_MESSAGE = "Enter a tax id of letters and digits, e.g. DE123456789.";

export const addressSchema = z
  .object({
    line1: nullableText(200),
    line2: nullableText(200),
    city: nullableText(100),
    state: nullableText(100),
    postalCode: nullableText(20),
    country: text({ max: 2, tooLong: COUNTRY_MESSAGE })
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, COUNTRY_MESSAGE)
      .nullable()
      .optional(),
  })
  .strict();

export const updateBillingCustomerSchema = z
  .object({
    email: emailSchema.optional(),
    name: text({ min: 1, max: 200, tooShort: "Enter a name." }).optional(),
    // The max of each coded field is the longest its pattern allows (a "+" and 20; 1 and 30).
    phone: text({ max: 21, tooLong: PHONE_MESSAGE })
      .regex(/^\+?[0-9 ()-]{5,20}$/, PHONE_MESSAGE)
      .nullable()
      .optional(),
    address: addressSchema.optional(),
    taxId: text({ max: 31, tooLong: TAX_ID_MESSAGE })
      .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]{1,30}$/, TAX_ID_MESSAGE)
      .nullable()
      .optional(),
    currency: currencySchema.optional(),
  })
  .strict();
export type UpdateBillingCustomerInput = z.infer<typeof updateBillingCustomerSchema>;

export const portalSchema = z.object({ returnUrl: returnUrlSchema.optional() }).strict();

export const pageQuerySchema = {
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
};

export const cancelSubscriptionSchema = z
  .object({
    id: idSchema,
    immediately: jsonBoolean()
      .optional()
      .describe("Cancel now instead of at the period end. Default false."),
    reason: text({ max: 500 }).optional(),
  })
  .strict();

export const changePlanSchema = z
  .object({
    id: idSchema,
    newLicenseTypeId: idSchema,
    billingCycle: billingCycleSchema.optional(),
    quantity: quantitySchema.optional(),
    prorationDate: z.coerce
      .date()
      .optional()
      .describe(
        "The prorationDate of a preview of this same change (at most 10 minutes old), so the charge equals the preview. Any other instant is 400 PREVIEW_INVALID.",
      ),
    previewId: text({ min: 1, max: 64 })
      .optional()
      .describe("The previewId of a preview of this same change: its instant and amount are kept."),
  })
  .strict();

export const upgradePreviewSchema = z
  .object({
    id: idSchema,
    newLicenseTypeId: idSchema,
    billingCycle: billingCycleSchema,
    quantity: z.coerce.number().int().min(1).max(10_000).optional(),
    prorationDate: z.coerce
      .date()
      .optional()
      .describe("Re-price an earlier preview: only the instant of a preview of this same change."),
  })
  .strict();

export const addPaymentMethodSchema = z
  .object({
    paymentMethodId: text({ min: 1, max: 255 }).describe(
      "A card token: pm_... from Stripe.js, or from POST /v1/payments/local/payment-methods.",
    ),
    setAsDefault: jsonBoolean().optional(),
  })
  .strict();

export const cardFormSchema = z
  .object({
    number: text({ max: 23, tooLong: "Enter the card number." }).regex(
      /^[0-9 -]{12,23}$/,
      "Enter the card number.",
    ),
    expMonth: z.coerce.number().int().min(1, "Month 1-12.").max(12, "Month 1-12."),
    expYear: z.coerce.number().int().min(2000).max(2100),
    cvc: text({ max: 4, tooLong: "3 or 4 digits." }).regex(/^[0-9]{3,4}$/, "3 or 4 digits."),
    name: text({ max: 100 }).optional(),
  })
  .strict();
export type CardFormInput = z.infer<typeof cardFormSchema>;
