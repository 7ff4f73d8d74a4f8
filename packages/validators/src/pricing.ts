import { z } from "zod";

import { planSlugSchema } from "./admin";
import { billingCycleSchema, couponCodeSchema, quantitySchema, SEATS_MAX } from "./billing";

/**
 * What a visitor chose on /pricing (plan, cycle, seats, coupon, trial), carried through sign-up as query
 * parameters of the callback URL, so the choice survives it. Query values are strings: the seats are
 * digits turned into the same quantity the checkout takes. Anything else is not a choice (ignored).
 */
export const pricingChoiceSchema = z.object({
  plan: planSlugSchema,
  cycle: billingCycleSchema.default("monthly"),
  seats: z
    .string()
    .regex(/^[0-9]{1,6}$/)
    .transform(Number)
    .pipe(quantitySchema)
    .optional(),
  coupon: couponCodeSchema.optional(),
  trial: z.literal("1").optional(),
});
export type PricingChoice = z.output<typeof pricingChoiceSchema>;

/** The choice as query parameters of /pricing (the inverse of pricingChoiceSchema). */
export function pricingChoiceQuery(choice: {
  plan: string;
  cycle: "monthly" | "yearly";
  seats: number;
  coupon?: string | undefined;
  trial?: boolean | undefined;
}): string {
  const params = new URLSearchParams({
    plan: choice.plan,
    cycle: choice.cycle,
    seats: String(choice.seats),
  });
  if (choice.coupon) params.set("coupon", choice.coupon);
  if (choice.trial) params.set("trial", "1");
  return params.toString();
}

export const SEATS_MESSAGE = `Enter a whole number of seats from 1 to ${SEATS_MAX.toLocaleString("en-US")}.`;

/**
 * The seats field's text as a quantity, or the message to show: while a person edits, the field may be
 * empty or half-typed, and that is never silently turned into another number.
 */
export function parseSeats(value: string): { seats: number } | { error: string } {
  const digits = value.trim();
  if (!/^[0-9]+$/.test(digits)) return { error: SEATS_MESSAGE };
  const parsed = quantitySchema.safeParse(Number(digits));
  return parsed.success ? { seats: parsed.data } : { error: SEATS_MESSAGE };
}
