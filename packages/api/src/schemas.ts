import { z } from "zod";

import { billingCycleSchema, token } from "@salesos/validators";

/** Response shapes of the payments API (api.md, Resource shapes). Money: integer minor units. */
const money = z.number().int();
const date = z.date();
const gateway = z.enum(["LOCAL", "STRIPE"]);

export const planOutput = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    tier: z.enum(["FREE", "STARTER", "PROFESSIONAL", "ENTERPRISE", "CUSTOM"]),
    currency: z.string(),
    prices: z.object({ monthly: money.nullable(), yearly: money.nullable() }),
    trialDays: z.number().int(),
    limits: z.object({ maxUsers: z.number().int().nullable().describe("null = unlimited") }),
    features: z.array(z.string()),
    downgradeTiming: z
      .enum(["IMMEDIATE", "PERIOD_END"])
      .describe(
        "When a change to a cheaper price on this plan takes effect: at once (the unused time credited to the balance) or at the end of the paid period. A change of billing cycle always takes effect at once.",
      ),
    refundOnCancel: z
      .boolean()
      .describe("Whether an immediate cancellation refunds the unused time paid, tax included."),
  })
  .meta({ id: "Plan" });

export const subscriptionOutput = z
  .object({
    id: z.string(),
    status: z.enum([
      "INCOMPLETE",
      "TRIALING",
      "ACTIVE",
      "PAST_DUE",
      "PAUSED",
      "CANCELED",
      "UNPAID",
      "INCOMPLETE_EXPIRED",
    ]),
    plan: planOutput,
    billingCycle: billingCycleSchema,
    quantity: z.number().int(),
    unitAmount: money,
    currency: z.string(),
    discount: z
      .object({
        couponCode: z.string().nullable(),
        percentOff: z.number().int().nullable(),
        amountOff: money.nullable(),
        endsAt: date.nullable(),
      })
      .nullable(),
    currentPeriodStart: date,
    currentPeriodEnd: date,
    cancelAtPeriodEnd: z.boolean(),
    canceledAt: date.nullable(),
    cancelReason: z.string().nullable(),
    trialStart: date.nullable(),
    trialEnd: date.nullable(),
    pendingChange: z
      .object({
        planId: z.string(),
        billingCycle: billingCycleSchema.nullable(),
        quantity: z.number().int().nullable(),
      })
      .nullable(),
    gateway,
    gatewaySubscriptionId: z.string().nullable(),
    createdAt: date,
  })
  .meta({ id: "Subscription" });

export const invoiceLineOutput = z.object({
  id: z.string(),
  description: z.string(),
  quantity: z.number().int(),
  unitAmount: money,
  amount: money,
  periodStart: date,
  periodEnd: date,
  proration: z.boolean(),
});

export const invoiceOutput = z
  .object({
    id: z.string(),
    number: z.string().nullable(),
    status: z.enum(["DRAFT", "OPEN", "PAID", "VOID", "UNCOLLECTIBLE"]),
    currency: z.string(),
    subtotal: money,
    discountAmount: money,
    taxAmount: money,
    total: money.describe("subtotal − discountAmount + taxAmount"),
    amountPaid: money.describe("Includes credit balance applied."),
    amountDue: money.describe("total − amountPaid, never below 0"),
    creditApplied: money,
    amountCredited: money.describe(
      "The sum of the credit notes issued against this invoice (refunded or put on the balance).",
    ),
    periodStart: date,
    periodEnd: date,
    issuedAt: date.nullable(),
    dueAt: date.nullable(),
    paidAt: date.nullable(),
    billingReason: z.enum([
      "SUBSCRIPTION_CREATE",
      "SUBSCRIPTION_CYCLE",
      "SUBSCRIPTION_UPDATE",
      "MANUAL",
    ]),
    description: z
      .string()
      .describe(
        'What the invoice is for, from its reason and period: "Renewal, Dec 4 – Jan 4", "Plan change, prorated, Dec 16 – Jan 4". Also printed on the PDF.',
      ),
    subscriptionId: z.string().nullable(),
    lines: z.array(invoiceLineOutput),
    hostedUrl: z.string().nullable(),
    gatewayInvoiceId: z.string().nullable(),
    dispute: z
      .object({
        status: z
          .string()
          .describe("As the processor reports it: needs_response, under_review, won, lost, ..."),
        amount: money,
        openedAt: date.nullable(),
      })
      .nullable()
      .describe("A chargeback on this invoice's payment (STRIPE); the invoice itself stays PAID."),
  })
  .meta({ id: "Invoice" });

export const paymentOutput = z.object({
  id: z.string(),
  status: z.enum(["SUCCEEDED", "FAILED", "REQUIRES_ACTION"]),
  amount: money,
  currency: z.string(),
  failureCode: z.string().nullable(),
  createdAt: date,
});

export const creditNoteOutput = z
  .object({
    id: z.string(),
    number: z.string().describe("`<invoice prefix>-CN-<000001>`, gapless per organization."),
    invoiceId: z.string().nullable(),
    reason: z.enum([
      "PRORATION",
      "CANCELLATION",
      "DUPLICATE",
      "FRAUDULENT",
      "ORDER_CHANGE",
      "PRODUCT_UNSATISFACTORY",
      "GOODWILL",
    ]),
    memo: z.string().nullable(),
    currency: z.string(),
    subtotal: money,
    taxAmount: money,
    total: money.describe("subtotal + taxAmount = refundAmount + creditAmount"),
    refundAmount: money.describe(
      "Paid back to the card, through refunds of the invoice's charges.",
    ),
    creditAmount: money.describe("Put on the customer's balance, used by the next invoices."),
    createdAt: date,
    lines: z.array(z.object({ description: z.string(), amount: money })),
  })
  .meta({ id: "CreditNote" });

export const paymentMethodOutput = z
  .object({
    id: z.string(),
    type: z.literal("card"),
    brand: z.string(),
    last4: z.string(),
    expMonth: z.number().int(),
    expYear: z.number().int(),
    isDefault: z.boolean(),
    gateway,
    gatewayPaymentMethodId: z.string(),
    createdAt: date,
  })
  .meta({ id: "PaymentMethod" });

const nullableString = z.string().nullable();
export const billingCustomerOutput = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    phone: nullableString,
    address: z.object({
      line1: nullableString,
      line2: nullableString,
      city: nullableString,
      state: nullableString,
      postalCode: nullableString,
      country: nullableString,
    }),
    taxId: nullableString,
    currency: z.string(),
    defaultPaymentMethodId: nullableString,
    creditBalance: money.describe("Credit carried forward to the next invoices."),
    gateway,
    gatewayCustomerId: nullableString,
    createdAt: date,
    updatedAt: date,
  })
  .meta({ id: "BillingCustomer" });

export function pageOutput<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    limit: z.number().int(),
    totalPages: z.number().int(),
  });
}

/**
 * The invoice list's page: the contract's fields, plus keyset cursors. Following them reads the next page
 * through an index instead of skipping rows, so every page costs what the first does.
 */
export function keysetPageOutput<T extends z.ZodType>(item: T) {
  return pageOutput(item).extend({
    nextCursor: z
      .string()
      .nullable()
      .describe("Send as `cursor` for the next (older) page; null on the last page."),
    prevCursor: z
      .string()
      .nullable()
      .describe("Send as `cursor` for the previous (newer) page; null on the first page."),
  });
}

/** Keyset input of the invoice list; `direction` is named as in the staff lists and tRPC infinite queries. */
export const keysetPageInput = {
  cursor: token(200)
    .optional()
    .describe(
      "`nextCursor` or `prevCursor` of a page of this list (same `status` and `limit`). The cursor knows its page number, so `page` is ignored with it. Malformed: 400 `VALIDATION_FAILED`.",
    ),
  direction: z
    .enum(["forward", "backward"])
    .optional()
    .describe(
      "Optional: `forward` for a `nextCursor`, `backward` for a `prevCursor` (what tRPC infinite queries send); anything else is 400.",
    ),
};

export const couponSummaryOutput = z.object({
  code: z.string(),
  name: z.string(),
  percentOff: z.number().int().nullable(),
  amountOff: money.nullable(),
  currency: z.string().nullable(),
  duration: z.enum(["ONCE", "REPEATING", "FOREVER"]),
  durationMonths: z.number().int().nullable(),
});
