import { type BillingCustomer, transaction } from "@salesos/db";
import { AppError } from "@salesos/validators";

import { lockOrganization } from "../attempts/money-tx";
import { writeAudit } from "../audit";
import type { BillingActor, BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { ensureCustomer, sameOriginUrl } from "./customers";
import { savePaymentMethod } from "./payment-method-rows";

/**
 * STRIPE: our card rows follow the gateway's list — a card saved on a Stripe page (Checkout in setup
 * mode, the dashboard) appears, one detached there disappears (the default pointer with it), a new
 * expiry from the bank is taken over. Under the
 * organization's lock, so it never races an attach or a removal of our own.
 */
export async function mirrorGatewayCards(deps: BillingDeps, customer: BillingCustomer, now: Date) {
  const gateway = deps.gateway;
  if (!gateway.listCards || !customer.gatewayCustomerId) return;
  const cards = await callGateway(() =>
    gateway.listCards!({ gatewayCustomerId: customer.gatewayCustomerId! }),
  );
  await transaction(deps.db, async (tx) => {
    await lockOrganization(tx, customer.organizationId);
    const rows = await tx.paymentMethod.findMany({
      where: { organizationId: customer.organizationId },
    });
    const held = new Set(cards.map((c) => c.gatewayPaymentMethodId));
    for (const row of rows.filter(
      (r) => r.gateway === gateway.name && !held.has(r.gatewayPaymentMethodId),
    )) {
      await tx.billingCustomer.updateMany({
        where: { defaultPaymentMethodId: row.id },
        data: { defaultPaymentMethodId: null },
      });
      await tx.paymentMethod.delete({ where: { id: row.id } });
      await writeAudit(tx, {
        actor: null,
        organizationId: row.organizationId,
        action: "payment_method.detached_at_gateway",
        targetType: "payment_method",
        targetId: row.id,
        now,
      });
    }
    // Then the gateway's cards we do not have (a card we hold under another id counts as known).
    const kept = await tx.paymentMethod.findMany({
      where: { organizationId: customer.organizationId },
    });
    for (const card of cards) {
      // A card renewed by the bank (automatically_updated) or edited keeps its row, with the new expiry.
      const same = kept.find((r) => r.gatewayPaymentMethodId === card.gatewayPaymentMethodId);
      if (
        same &&
        (same.expMonth !== card.expMonth ||
          same.expYear !== card.expYear ||
          same.last4 !== card.last4)
      )
        await tx.paymentMethod.update({
          where: { id: same.id },
          data: { expMonth: card.expMonth, expYear: card.expYear, last4: card.last4 },
        });
      const known = kept.some(
        (r) =>
          r.gatewayPaymentMethodId === card.gatewayPaymentMethodId ||
          r.fingerprint === card.fingerprint,
      );
      if (!known) {
        const fresh = await tx.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
        await savePaymentMethod(tx, { customer: fresh, card, gateway: gateway.name, now });
      }
    }
    // A default that went away is replaced by the newest card left, as a removal of ours does.
    const after = await tx.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
    if (!after.defaultPaymentMethodId) {
      const newest = await tx.paymentMethod.findFirst({
        where: { organizationId: customer.organizationId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      });
      if (newest)
        await tx.billingCustomer.update({
          where: { id: customer.id },
          data: { defaultPaymentMethodId: newest.id },
        });
    }
  });
}

/**
 * STRIPE: a hosted page to add a card (Checkout in setup mode); back on the billing page, the list
 * mirrors the new card. LOCAL has its own card form: 404.
 */
export async function startCardSetup(
  deps: BillingDeps,
  args: { actor: BillingActor; returnPath?: string; now: Date },
): Promise<{ url: string }> {
  const gateway = deps.gateway;
  if (!gateway.createCardSetupSession)
    throw new AppError("NOT_FOUND", "Cards are added on the billing page here.");
  const customer = await ensureCustomer(deps, {
    organizationId: args.actor.organizationId,
    now: args.now,
  });
  const back = sameOriginUrl(deps.appUrl, args.returnPath ?? "/billing", "returnPath");
  return callGateway(() =>
    gateway.createCardSetupSession!({
      gatewayCustomerId: customer.gatewayCustomerId ?? "",
      successUrl: back,
      cancelUrl: back,
      idempotencyKey: `card-setup:${customer.id}:${args.now.getTime()}`,
    }),
  );
}
