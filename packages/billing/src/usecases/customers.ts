import { randomBytes } from "node:crypto";

import { isUniqueViolation, type BillingCustomer, transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import type { CustomerProfile } from "../gateways/port";
import { addressOf, toCustomerView, type BillingCustomerView } from "../views";

function invoicePrefix(organizationName: string): string {
  const letters =
    organizationName
      .toUpperCase()
      .replace(/[^A-Z]/g, "")
      .slice(0, 4) || "INV";
  return `${letters}-${randomBytes(3).toString("hex").toUpperCase()}`;
}

export function profileOf(c: BillingCustomer): CustomerProfile {
  return {
    organizationId: c.organizationId,
    email: c.email,
    name: c.name,
    phone: c.phone,
    address: addressOf(c),
    taxId: c.taxId,
  };
}

/**
 * The organization's billing customer, created on first use from the organization's owner, at the
 * gateway first and then here. A concurrent creation loses the unique race and reads the winner.
 */
/**
 * Our customer lost its gateway twin (deleted in Stripe's dashboard: customer.deleted): a new one is
 * made from our record, with a fresh key (the old one would replay the deleted customer).
 */
async function recreateGatewayCustomer(
  deps: BillingDeps,
  customer: BillingCustomer,
  now: Date,
): Promise<BillingCustomer> {
  const { gatewayCustomerId } = await callGateway(() =>
    deps.gateway.createCustomer({
      profile: {
        organizationId: customer.organizationId,
        email: customer.email,
        name: customer.name,
        phone: customer.phone,
        address: {
          line1: customer.addressLine1,
          line2: customer.addressLine2,
          city: customer.city,
          state: customer.state,
          postalCode: customer.postalCode,
          country: customer.country,
        },
        taxId: customer.taxId,
      },
      idempotencyKey: `customer:${customer.id}:recreated:${now.getTime()}`,
    }),
  );
  const { count } = await deps.db.billingCustomer.updateMany({
    where: { id: customer.id, gatewayCustomerId: null },
    data: { gatewayCustomerId },
  });
  // A concurrent request recreated it first: use theirs.
  if (count === 0) return deps.db.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
  return { ...customer, gatewayCustomerId };
}

export async function ensureCustomer(
  deps: BillingDeps,
  args: { organizationId: string; now: Date },
): Promise<BillingCustomer> {
  const existing = await deps.db.billingCustomer.findUnique({
    where: { organizationId: args.organizationId },
  });
  if (existing?.gatewayCustomerId) return existing;
  if (existing) return recreateGatewayCustomer(deps, existing, args.now);
  const organization = await deps.db.organization.findUnique({
    where: { id: args.organizationId },
    include: {
      memberships: {
        where: { role: "OWNER" },
        orderBy: { createdAt: "asc" },
        take: 1,
        include: { user: true },
      },
    },
  });
  if (!organization) throw new AppError("NOT_FOUND", "Organization not found.");
  const owner = organization.memberships[0]?.user;
  const profile: CustomerProfile = {
    organizationId: organization.id,
    email: owner?.email ?? `billing+${organization.id}@invalid.example`,
    name: owner?.name ?? organization.name,
    phone: null,
    address: { line1: null, line2: null, city: null, state: null, postalCode: null, country: null },
    taxId: null,
  };
  const { gatewayCustomerId } = await callGateway(() =>
    deps.gateway.createCustomer({ profile, idempotencyKey: `customer:${organization.id}` }),
  );
  // A unique violation is either a concurrent creation (read the winner) or a prefix collision (try
  // another random prefix).
  for (let attempt = 0; ; attempt++) {
    try {
      return await deps.db.billingCustomer.create({
        data: {
          organizationId: organization.id,
          email: profile.email,
          name: profile.name,
          gateway: deps.gateway.name,
          gatewayCustomerId,
          invoicePrefix: invoicePrefix(organization.name),
          createdAt: args.now,
        },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const winner = await deps.db.billingCustomer.findUnique({
        where: { organizationId: organization.id },
      });
      if (winner) return winner;
      if (attempt >= 5) throw error;
    }
  }
}

export async function getBillingCustomer(
  deps: BillingDeps,
  args: { actor: BillingActor; now: Date },
): Promise<BillingCustomerView> {
  return toCustomerView(
    await ensureCustomer(deps, { organizationId: args.actor.organizationId, now: args.now }),
  );
}

export interface BillingCustomerUpdate {
  email?: string | undefined;
  name?: string | undefined;
  phone?: string | null | undefined;
  address?:
    | Partial<
        Record<
          "line1" | "line2" | "city" | "state" | "postalCode" | "country",
          string | null | undefined
        >
      >
    | undefined;
  taxId?: string | null | undefined;
  currency?: string | undefined;
}

/** Field-by-field update, address merged; pushed to the gateway first so a gateway failure saves nothing. */
export async function updateBillingCustomer(
  deps: BillingDeps,
  args: { actor: BillingActor; update: BillingCustomerUpdate; now: Date },
): Promise<BillingCustomerView> {
  const current = await ensureCustomer(deps, {
    organizationId: args.actor.organizationId,
    now: args.now,
  });
  const { update } = args;
  if (update.currency !== undefined && update.currency !== current.currency) {
    const live = await deps.db.subscription.count({
      where: { organizationId: current.organizationId, liveOrganizationId: { not: null } },
    });
    if (live > 0)
      throw new AppError("CONFLICT", "The currency cannot change while a subscription is live.");
  }
  const a = update.address ?? {};
  const data = {
    email: update.email ?? current.email,
    name: update.name ?? current.name,
    phone: update.phone === undefined ? current.phone : update.phone,
    addressLine1: a.line1 === undefined ? current.addressLine1 : a.line1,
    addressLine2: a.line2 === undefined ? current.addressLine2 : a.line2,
    city: a.city === undefined ? current.city : a.city,
    state: a.state === undefined ? current.state : a.state,
    postalCode: a.postalCode === undefined ? current.postalCode : a.postalCode,
    country: a.country === undefined ? current.country : (a.country?.toUpperCase() ?? null),
    taxId: update.taxId === undefined ? current.taxId : update.taxId,
    currency: update.currency?.toLowerCase() ?? current.currency,
  };
  const next = { ...current, ...data };
  if (current.gatewayCustomerId) {
    const key = `customer-update:${current.id}:${args.now.getTime()}`;
    await callGateway(() =>
      deps.gateway.updateCustomer({
        gatewayCustomerId: current.gatewayCustomerId!,
        profile: profileOf(next),
        idempotencyKey: key,
      }),
    );
  }
  const saved = await transaction(deps.db, async (tx) => {
    const row = await tx.billingCustomer.update({ where: { id: current.id }, data });
    await writeAudit(tx, {
      actor: args.actor,
      organizationId: current.organizationId,
      action: "billing_customer.updated",
      targetType: "billing_customer",
      targetId: current.id,
      data: { fields: Object.keys(update) },
      now: args.now,
    });
    return row;
  });
  return toCustomerView(saved);
}

/** The customer portal: our own billing page, on both gateways (the STRIPE gateway uses no Stripe Billing). */
export async function createPortalSession(
  deps: BillingDeps,
  args: { actor: BillingActor; returnUrl?: string | undefined; now: Date },
): Promise<{ url: string; gateway: "LOCAL" | "STRIPE" }> {
  const customer = await ensureCustomer(deps, {
    organizationId: args.actor.organizationId,
    now: args.now,
  });
  const returnUrl = sameOriginUrl(deps.appUrl, args.returnUrl ?? "/billing", "returnUrl");
  const { url } = await callGateway(() =>
    deps.gateway.createPortalSession({
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      returnUrl,
    }),
  );
  return { url, gateway: deps.gateway.name };
}

/** Return URLs must stay on the app's own origin (no open redirect through our checkout or portal). */
export function sameOriginUrl(appUrl: string, value: string, field: string): string {
  const base = new URL(appUrl);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new AppError("VALIDATION_FAILED", `${field} is not a valid URL.`, {
      details: { issues: [{ path: field, message: "Not a valid URL." }] },
    });
  }
  if (url.origin !== base.origin) {
    throw new AppError("VALIDATION_FAILED", `${field} must be on ${base.origin}.`, {
      details: { issues: [{ path: field, message: `Must be on ${base.origin}.` }] },
    });
  }
  return url.toString();
}
