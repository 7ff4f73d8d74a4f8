import { z } from "zod";

import { token } from "@salesos/validators";

import {
  billingCustomerOutput,
  invoiceOutput,
  paymentMethodOutput,
  subscriptionOutput,
} from "../../schemas";

/** Response shapes of the staff API. Money: integer minor units, always with its currency. */
const money = z.number().int();
const date = z.date();
const gateway = z.enum(["LOCAL", "STRIPE"]);

export const cursorPageInput = {
  cursor: token(200).optional().describe("`nextCursor` of the previous page."),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  direction: z
    .enum(["forward"])
    .optional()
    .describe("Only `forward` (what the app's infinite lists send); pages go newest to oldest."),
};

export const cursorPage = <T extends z.ZodType>(item: T) =>
  z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().describe("null on the last page (keyset paging)."),
  });

export const metricsOutput = z
  .object({
    asOf: date,
    range: z.object({ from: date, to: date }),
    recurring: z.array(
      z.object({ currency: z.string(), mrr: money, arr: money, subscriptions: z.number().int() }),
    ),
    counts: z.object({
      active: z.number().int(),
      trialing: z.number().int(),
      pastDue: z.number().int(),
      unpaid: z.number().int(),
      paused: z.number().int(),
    }),
    months: z.array(
      z.object({ month: z.string(), started: z.number().int(), churned: z.number().int() }),
    ),
    revenueByPlan: z.array(
      z.object({
        planId: z.string(),
        planName: z.string(),
        currency: z.string(),
        collected: money,
      }),
    ),
    recovery: z.object({
      failed: z.number().int(),
      recovered: z.number().int(),
      rate: z.number().nullable(),
    }),
  })
  .meta({ id: "RevenueMetrics" });

export const organizationSummaryOutput = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: date,
  email: z.string().nullable(),
  gateway: gateway.nullable(),
  subscription: z
    .object({ id: z.string(), status: subscriptionOutput.shape.status, plan: z.string() })
    .nullable(),
});

export const organizationDetailOutput = z
  .object({
    organization: z.object({
      id: z.string(),
      name: z.string(),
      createdAt: date,
      members: z.array(
        z.object({
          email: z.string(),
          name: z.string(),
          role: z.enum(["OWNER", "ADMIN", "MEMBER"]),
        }),
      ),
    }),
    customer: billingCustomerOutput.extend({ creditBalance: money }).nullable(),
    subscriptions: z.array(subscriptionOutput),
    invoices: z.array(invoiceOutput),
    payments: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(["CHARGE", "REFUND"]),
        purpose: z.string(),
        status: z.string(),
        amount: money,
        currency: z.string(),
        gateway,
        failureCode: z.string().nullable(),
        createdAt: date,
      }),
    ),
    paymentMethods: z.array(paymentMethodOutput),
    audit: z.array(
      z.object({
        id: z.string(),
        action: z.string(),
        actorUserId: z.string().nullable(),
        targetType: z.string(),
        targetId: z.string(),
        createdAt: date,
      }),
    ),
  })
  .meta({ id: "AdminOrganization" });

export const auditEntryOutput = z.object({
  id: z.string(),
  organizationId: z.string().nullable(),
  action: z.string(),
  actor: z.object({ id: z.string(), email: z.string().nullable() }).nullable(),
  targetType: z.string(),
  targetId: z.string(),
  data: z.unknown(),
  requestId: z.string().nullable(),
  createdAt: date,
});

export const gatewayStatusOutput = z
  .object({
    gateway,
    webhooks: z.object({
      supported: z.boolean(),
      lastReceived: z.object({ id: z.string(), type: z.string(), at: date }).nullable(),
      lastDay: z.number().int(),
    }),
    attemptsAwaitingOutcome: z.object({
      pending: z.number().int(),
      processing: z.number().int(),
      requiresAction: z.number().int(),
    }),
  })
  .meta({ id: "GatewayStatus" });

export const adminCouponOutput = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    percentOff: z.number().int().nullable(),
    amountOff: money.nullable(),
    currency: z.string().nullable(),
    duration: z.enum(["ONCE", "REPEATING", "FOREVER"]),
    durationMonths: z.number().int().nullable(),
    maxRedemptions: z.number().int().nullable(),
    timesRedeemed: z.number().int(),
    maxRedemptionsPerOrganization: z.number().int().nullable(),
    startsAt: date.nullable(),
    expiresAt: date.nullable(),
    appliesToPlanIds: z.array(z.string()),
    minAmount: money.nullable(),
    firstTimeOnly: z.boolean(),
    isActive: z.boolean(),
    createdAt: date,
  })
  .meta({ id: "AdminCoupon" });

export const taxRateOutput = z
  .object({
    id: z.string(),
    country: z.string(),
    name: z.string(),
    percentBps: z.number().int(),
    isActive: z.boolean(),
    createdAt: date,
  })
  .meta({ id: "TaxRate" });

const planBase = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  tier: z.enum(["FREE", "STARTER", "PROFESSIONAL", "ENTERPRISE", "CUSTOM"]),
  currency: z.string(),
  monthlyPrice: money.nullable().describe("The current monthly price (new subscriptions)."),
  yearlyPrice: money.nullable().describe("The current yearly price (new subscriptions)."),
  trialDays: z.number().int(),
  maxUsers: z.number().int().nullable(),
  features: z.array(z.string()),
  isActive: z.boolean(),
  isPublic: z.boolean(),
  sortOrder: z.number().int(),
  createdAt: date,
};

export const adminPlanOutput = z.object(planBase).meta({ id: "AdminPlan" });

export const planPriceOutput = z
  .object({
    id: z.string(),
    billingCycle: z.enum(["monthly", "yearly"]),
    currency: z.string(),
    unitAmount: money,
    createdAt: date,
    supersededAt: date.nullable().describe("null: the current price of its cycle."),
  })
  .meta({ id: "PlanPrice" });

export const adminPlanWithPricesOutput = z
  .object({
    ...planBase,
    prices: z.array(planPriceOutput).describe("Every price it has had, newest first."),
    subscribers: z
      .array(
        z.object({
          billingCycle: z.enum(["monthly", "yearly"]),
          unitAmount: money,
          count: z.number().int(),
        }),
      )
      .describe("Live subscriptions by the price they pay (grandfathered ones included)."),
  })
  .meta({ id: "AdminPlanWithPrices" });
