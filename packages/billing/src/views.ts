import type {
  BillingCustomer,
  Invoice,
  InvoiceLine,
  PaymentMethod,
  Payment,
  Plan,
  Subscription,
} from "@salesos/db";

import { invoiceDescription } from "./money";

/** The contract's resource shapes (api.md), built from rows. Dates stay Dates; REST serializes them. */
export function toPlanView(plan: Plan) {
  return {
    id: plan.id,
    slug: plan.slug,
    name: plan.name,
    description: plan.description,
    tier: plan.tier,
    currency: plan.currency,
    prices: { monthly: plan.monthlyPrice, yearly: plan.yearlyPrice },
    trialDays: plan.trialDays,
    limits: { maxUsers: plan.maxUsers },
    features: plan.features,
    // The plan's own rules, so a page can say what a change or a cancellation does before it is made.
    downgradeTiming: plan.downgradeTiming,
    refundOnCancel: plan.refundOnCancel,
  };
}
export type PlanView = ReturnType<typeof toPlanView>;

/** The billing address as one object (the columns are flat in the table). */
export function addressOf(c: BillingCustomer) {
  return {
    line1: c.addressLine1,
    line2: c.addressLine2,
    city: c.city,
    state: c.state,
    postalCode: c.postalCode,
    country: c.country,
  };
}

export function toCustomerView(c: BillingCustomer) {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    phone: c.phone,
    address: addressOf(c),
    taxId: c.taxId,
    currency: c.currency,
    defaultPaymentMethodId: c.defaultPaymentMethodId,
    creditBalance: c.creditBalance,
    gateway: c.gateway,
    gatewayCustomerId: c.gatewayCustomerId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
export type BillingCustomerView = ReturnType<typeof toCustomerView>;

export function toSubscriptionView(
  s: Subscription & { plan: Plan; coupon: { code: string } | null },
) {
  const discount =
    s.discountPercentOff !== null || s.discountAmountOff !== null
      ? {
          couponCode: s.coupon?.code ?? null,
          percentOff: s.discountPercentOff,
          amountOff: s.discountAmountOff,
          endsAt: s.discountEndsAt,
        }
      : null;
  return {
    id: s.id,
    status: s.status,
    plan: toPlanView(s.plan),
    billingCycle: s.billingCycle,
    quantity: s.quantity,
    unitAmount: s.unitAmount,
    currency: s.currency,
    discount,
    currentPeriodStart: s.currentPeriodStart,
    currentPeriodEnd: s.currentPeriodEnd,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    canceledAt: s.canceledAt,
    cancelReason: s.cancelReason,
    trialStart: s.trialStart,
    trialEnd: s.trialEnd,
    pendingChange: s.pendingPlanId
      ? {
          planId: s.pendingPlanId,
          billingCycle: s.pendingBillingCycle,
          quantity: s.pendingQuantity,
        }
      : null,
    gateway: s.gateway,
    gatewaySubscriptionId: s.gatewaySubscriptionId,
    createdAt: s.createdAt,
  };
}
export type SubscriptionView = ReturnType<typeof toSubscriptionView>;

/** The invoice columns the view reads: a Prisma row, or the list's own SQL row (usecases/invoice-rows.ts). */
export type InvoiceViewFields = Pick<
  Invoice,
  | "id"
  | "number"
  | "status"
  | "currency"
  | "subtotal"
  | "discountAmount"
  | "taxAmount"
  | "total"
  | "amountPaid"
  | "amountDue"
  | "creditApplied"
  | "periodStart"
  | "periodEnd"
  | "issuedAt"
  | "dueAt"
  | "paidAt"
  | "billingReason"
  | "subscriptionId"
  | "hostedUrl"
  | "gatewayInvoiceId"
  | "disputeStatus"
  | "disputeAmount"
  | "disputedAt"
>;
export type InvoiceLineViewFields = Pick<
  InvoiceLine,
  | "id"
  | "position"
  | "description"
  | "quantity"
  | "unitAmount"
  | "amount"
  | "periodStart"
  | "periodEnd"
  | "proration"
>;

export function toInvoiceView(
  i: InvoiceViewFields & {
    lines: InvoiceLineViewFields[];
    creditNotes?: { total: number }[];
  },
) {
  return {
    id: i.id,
    number: i.number,
    status: i.status,
    currency: i.currency,
    subtotal: i.subtotal,
    discountAmount: i.discountAmount,
    taxAmount: i.taxAmount,
    total: i.total,
    amountPaid: i.amountPaid,
    amountDue: i.amountDue,
    creditApplied: i.creditApplied,
    amountCredited: (i.creditNotes ?? []).reduce((sum, note) => sum + note.total, 0),
    periodStart: i.periodStart,
    periodEnd: i.periodEnd,
    issuedAt: i.issuedAt,
    dueAt: i.dueAt,
    paidAt: i.paidAt,
    billingReason: i.billingReason,
    // What the invoice is for, in words (a proration invoice says it is a plan change); the PDF says the same.
    description: invoiceDescription(i),
    subscriptionId: i.subscriptionId,
    lines: [...i.lines]
      .sort((a, b) => a.position - b.position)
      .map((l) => ({
        id: l.id,
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        amount: l.amount,
        periodStart: l.periodStart,
        periodEnd: l.periodEnd,
        proration: l.proration,
      })),
    hostedUrl: i.hostedUrl,
    gatewayInvoiceId: i.gatewayInvoiceId,
    dispute:
      i.disputeStatus === null
        ? null
        : { status: i.disputeStatus, amount: i.disputeAmount ?? 0, openedAt: i.disputedAt },
  };
}
export type InvoiceView = ReturnType<typeof toInvoiceView>;

export function toPaymentView(p: Payment) {
  return {
    id: p.id,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    failureCode: p.failureCode,
    createdAt: p.createdAt,
  };
}

export function toPaymentMethodView(pm: PaymentMethod, defaultId: string | null) {
  return {
    id: pm.id,
    type: "card" as const,
    brand: pm.brand,
    last4: pm.last4,
    expMonth: pm.expMonth,
    expYear: pm.expYear,
    isDefault: pm.id === defaultId,
    gateway: pm.gateway,
    gatewayPaymentMethodId: pm.gatewayPaymentMethodId,
    createdAt: pm.createdAt,
  };
}
export type PaymentMethodView = ReturnType<typeof toPaymentMethodView>;
