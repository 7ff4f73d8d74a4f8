import { isUniqueViolation, transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { lockOrganization } from "../attempts/money-tx";
import { writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { toPaymentMethodView, type PaymentMethodView } from "../views";
import { ensureCustomer } from "./customers";
import { mirrorGatewayCards } from "./gateway-cards";
import { savePaymentMethod } from "./payment-method-rows";

/** STRIPE: the customer's default card at Stripe too (LOCAL keeps no copy: nothing to do). */
async function pushDefault(
  deps: BillingDeps,
  customerId: string,
  gatewayPaymentMethodId: string,
  now: Date,
): Promise<void> {
  const gateway = deps.gateway;
  if (!gateway.setDefaultCard) return;
  const customer = await deps.db.billingCustomer.findUniqueOrThrow({ where: { id: customerId } });
  if (!customer.gatewayCustomerId) return;
  await callGateway(() =>
    gateway.setDefaultCard!({
      gatewayCustomerId: customer.gatewayCustomerId!,
      gatewayPaymentMethodId,
      idempotencyKey: `default:${customer.id}:${gatewayPaymentMethodId}:${now.getTime()}`,
    }),
  );
}

/** Route 15: default first, then newest; on STRIPE as the gateway holds them (gateway-cards.ts). */
export async function listPaymentMethods(
  deps: BillingDeps,
  args: { actor: BillingActor },
): Promise<PaymentMethodView[]> {
  const customer = await deps.db.billingCustomer.findUnique({
    where: { organizationId: args.actor.organizationId },
  });
  if (!customer) return [];
  await mirrorGatewayCards(deps, customer, new Date());
  const fresh = await deps.db.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
  const rows = await deps.db.paymentMethod.findMany({
    where: { organizationId: args.actor.organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const views = rows.map((pm) => toPaymentMethodView(pm, fresh.defaultPaymentMethodId));
  return [...views.filter((v) => v.isDefault), ...views.filter((v) => !v.isDefault)];
}

/** Route 16: attach a card token; the first method becomes the default. */
export async function addPaymentMethod(
  deps: BillingDeps,
  args: {
    actor: BillingActor;
    paymentMethodId: string;
    setAsDefault?: boolean | undefined;
    now: Date;
  },
): Promise<PaymentMethodView> {
  const { actor, now } = args;
  const customer = await ensureCustomer(deps, { organizationId: actor.organizationId, now });
  const card = await callGateway(() =>
    deps.gateway.attachPaymentMethod({
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      organizationId: actor.organizationId,
      gatewayPaymentMethodId: args.paymentMethodId,
      idempotencyKey: `attach:${customer.id}:${args.paymentMethodId}`,
      now,
    }),
  );
  // A card that will be the default is the default at the gateway first (nothing saved if that fails).
  if (args.setAsDefault || !customer.defaultPaymentMethodId)
    await pushDefault(deps, customer.id, card.gatewayPaymentMethodId, now);
  const duplicateError = () =>
    new AppError(
      "PAYMENT_METHOD_EXISTS",
      `This card (${card.brand} •••• ${card.last4}) is already saved.`,
    );
  const saved = transaction(deps.db, async (tx) => {
    // Under the organization's lock: two attaches of one card at once are one method and one 409 (the
    // second sees the first's committed row here, not halfway through).
    await lockOrganization(tx, actor.organizationId);
    const duplicate = await tx.paymentMethod.findUnique({
      where: {
        organizationId_fingerprint: {
          organizationId: actor.organizationId,
          fingerprint: card.fingerprint,
        },
      },
    });
    if (duplicate) throw duplicateError();
    const pm = await savePaymentMethod(tx, { customer, card, gateway: deps.gateway.name, now });
    if (args.setAsDefault)
      await tx.billingCustomer.update({
        where: { id: customer.id },
        data: { defaultPaymentMethodId: pm.id },
      });
    const fresh = await tx.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "payment_method.added",
      targetType: "payment_method",
      targetId: pm.id,
      data: { brand: pm.brand, last4: pm.last4 },
      now,
    });
    return toPaymentMethodView(pm, fresh.defaultPaymentMethodId);
  });
  try {
    return await saved;
  } catch (error) {
    // The same card attached twice at once: the second is a duplicate, not a server error.
    if (isUniqueViolation(error)) throw duplicateError();
    throw error;
  }
}

/**
 * Route 17. Removing the default promotes the next method; removing the last method while a paid
 * subscription is live is refused (LAST_PAYMENT_METHOD).
 */
export async function removePaymentMethod(
  deps: BillingDeps,
  args: { actor: BillingActor; paymentMethodId: string; now: Date },
): Promise<void> {
  const { actor, now } = args;
  const pm = await deps.db.paymentMethod.findFirst({
    where: { id: args.paymentMethodId, organizationId: actor.organizationId },
  });
  if (!pm) throw new AppError("NOT_FOUND", "Payment method not found.");
  const others = await deps.db.paymentMethod.findMany({
    where: { organizationId: actor.organizationId, id: { not: pm.id } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  if (others.length === 0) {
    const live = await deps.db.subscription.findUnique({
      where: { liveOrganizationId: actor.organizationId },
    });
    if (live && live.unitAmount > 0 && live.status !== "PAUSED") {
      throw new AppError(
        "LAST_PAYMENT_METHOD",
        "This is the only card of a paid subscription. Add another card first, or cancel the subscription.",
      );
    }
  }
  await callGateway(() =>
    deps.gateway.detachPaymentMethod({
      gatewayPaymentMethodId: pm.gatewayPaymentMethodId,
      idempotencyKey: `detach:${pm.id}`,
    }),
  );
  await transaction(deps.db, async (tx) => {
    const customer = await tx.billingCustomer.findUniqueOrThrow({ where: { id: pm.customerId } });
    if (customer.defaultPaymentMethodId === pm.id) {
      await tx.billingCustomer.update({
        where: { id: customer.id },
        data: { defaultPaymentMethodId: others[0]?.id ?? null },
      });
    }
    await tx.paymentMethod.delete({ where: { id: pm.id } });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "payment_method.removed",
      targetType: "payment_method",
      targetId: pm.id,
      data: {
        promoted: customer.defaultPaymentMethodId === pm.id ? (others[0]?.id ?? null) : null,
      },
      now,
    });
  });
}

/** Route 18: default for future invoices and for the live subscription (one pointer serves both here). */
export async function setDefaultPaymentMethod(
  deps: BillingDeps,
  args: { actor: BillingActor; paymentMethodId: string; now: Date },
): Promise<PaymentMethodView> {
  const { actor, now } = args;
  const pm = await deps.db.paymentMethod.findFirst({
    where: { id: args.paymentMethodId, organizationId: actor.organizationId },
  });
  if (!pm) throw new AppError("NOT_FOUND", "Payment method not found.");
  // The gateway first: if it fails, nothing is saved (502/503).
  await pushDefault(deps, pm.customerId, pm.gatewayPaymentMethodId, now);
  return transaction(deps.db, async (tx) => {
    await tx.billingCustomer.update({
      where: { id: pm.customerId },
      data: { defaultPaymentMethodId: pm.id },
    });
    await writeAudit(tx, {
      actor,
      organizationId: actor.organizationId,
      action: "payment_method.default_set",
      targetType: "payment_method",
      targetId: pm.id,
      now,
    });
    return toPaymentMethodView(pm, pm.id);
  });
}
