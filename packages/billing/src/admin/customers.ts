import { AppError } from "@salesos/validators";

import type { BillingDeps } from "../deps";
import { toCustomerView, toInvoiceView, toPaymentMethodView, toSubscriptionView } from "../views";
import { afterCursor, NEWEST_FIRST, pageWithCursor } from "./cursor";

/**
 * Staff search: organizations whose name, billing e-mail or a member's e-mail contains `q`, or that own the
 * invoice numbered `q`; newest first, keyset-paged.
 */
export async function searchOrganizations(
  deps: Pick<BillingDeps, "db">,
  args: { q?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const q = args.q?.trim();
  const contains = q ? { contains: q, mode: "insensitive" as const } : undefined;
  const rows = await deps.db.organization.findMany({
    where: {
      AND: [
        contains
          ? {
              OR: [
                { name: contains },
                { customer: { email: contains } },
                { memberships: { some: { user: { email: contains } } } },
                {
                  customer: {
                    invoices: { some: { number: { equals: q, mode: "insensitive" as const } } },
                  },
                },
              ],
            }
          : {},
        afterCursor(args.cursor),
      ],
    },
    orderBy: NEWEST_FIRST,
    take: args.limit + 1,
    include: {
      customer: {
        include: {
          subscriptions: {
            orderBy: { createdAt: "desc" },
            take: 1,
            include: { plan: { select: { name: true } } },
          },
        },
      },
    },
  });
  const page = pageWithCursor(rows, args.limit);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((o) => {
      const subscription = o.customer?.subscriptions[0];
      return {
        id: o.id,
        name: o.name,
        createdAt: o.createdAt,
        email: o.customer?.email ?? null,
        gateway: o.customer?.gateway ?? null,
        subscription: subscription
          ? { id: subscription.id, status: subscription.status, plan: subscription.plan.name }
          : null,
      };
    }),
  };
}

/** One organization for staff: its billing, subscriptions, recent invoices and payments, cards, audit. */
export async function organizationForStaff(
  deps: Pick<BillingDeps, "db">,
  args: { organizationId: string },
) {
  const { db } = deps;
  const organization = await db.organization.findUnique({
    where: { id: args.organizationId },
    include: { memberships: { include: { user: { select: { email: true, name: true } } } } },
  });
  if (!organization) throw new AppError("NOT_FOUND", "Organization not found.");
  const where = { organizationId: organization.id };
  const [customer, subscriptions, invoices, attempts, methods, audit] = await Promise.all([
    db.billingCustomer.findUnique({ where }),
    db.subscription.findMany({
      where,
      orderBy: NEWEST_FIRST,
      include: { plan: true, coupon: { select: { code: true } } },
    }),
    db.invoice.findMany({
      where,
      orderBy: NEWEST_FIRST,
      take: 20,
      include: { lines: true, creditNotes: { select: { total: true } } },
    }),
    db.paymentAttempt.findMany({ where, orderBy: NEWEST_FIRST, take: 20 }),
    db.paymentMethod.findMany({ where, orderBy: NEWEST_FIRST }),
    db.auditLog.findMany({ where, orderBy: NEWEST_FIRST, take: 50 }),
  ]);
  return {
    organization: {
      id: organization.id,
      name: organization.name,
      createdAt: organization.createdAt,
      members: organization.memberships.map((m) => ({
        email: m.user.email,
        name: m.user.name,
        role: m.role,
      })),
    },
    customer: customer
      ? { ...toCustomerView(customer), creditBalance: customer.creditBalance }
      : null,
    subscriptions: subscriptions.map(toSubscriptionView),
    invoices: invoices.map(toInvoiceView),
    payments: attempts.map((a) => ({
      id: a.id,
      kind: a.kind,
      purpose: a.purpose,
      status: a.status,
      amount: a.amount,
      currency: a.currency,
      gateway: a.gateway,
      failureCode: a.failureCode,
      createdAt: a.createdAt,
    })),
    paymentMethods: methods.map((m) =>
      toPaymentMethodView(m, customer?.defaultPaymentMethodId ?? null),
    ),
    audit: audit.map((a) => ({
      id: a.id,
      action: a.action,
      actorUserId: a.actorUserId,
      targetType: a.targetType,
      targetId: a.targetId,
      createdAt: a.createdAt,
    })),
  };
}
