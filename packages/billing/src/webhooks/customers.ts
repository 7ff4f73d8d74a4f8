import { transaction } from "@salesos/db";
import { writeAudit } from "../audit";
import type { BillingDeps } from "../deps";
import { callGateway } from "../gateway-errors";
import { lockOrganization } from "../attempts/money-tx";
import { mirrorGatewayCards } from "../usecases/gateway-cards";

/**
 * `customer.updated` / `customer.deleted`, re-fetched: a customer deleted at Stripe (the dashboard) is
 * forgotten, so the next action creates a new one for us; otherwise our card rows follow Stripe's list and
 * our default card follows Stripe's default (`invoice_settings.default_payment_method`) when that is one of
 * the customer's cards. Name, e-mail, address and tax id stay ours: SalesOS is their system of record and
 * pushes them to Stripe, so an edit made in Stripe's dashboard is overwritten by the next change here.
 */
export async function syncGatewayCustomer(
  deps: BillingDeps,
  args: { gatewayCustomerId: string; now: Date },
): Promise<void> {
  const gateway = deps.gateway;
  const customer = await deps.db.billingCustomer.findFirst({
    where: { gateway: gateway.name, gatewayCustomerId: args.gatewayCustomerId },
  });
  if (!customer || !gateway.retrieveCustomer) return; // not ours (another integration on the account)
  const remote = await callGateway(() => gateway.retrieveCustomer!(args.gatewayCustomerId));
  if (remote.deleted) {
    await deps.db.billingCustomer.updateMany({
      where: { id: customer.id, gatewayCustomerId: args.gatewayCustomerId },
      data: { gatewayCustomerId: null },
    });
    return;
  }
  await mirrorGatewayCards(deps, customer, args.now);
  const wanted = remote.defaultPaymentMethodId;
  if (!wanted) return;
  await transaction(deps.db, async (tx) => {
    await lockOrganization(tx, customer.organizationId);
    const row = await tx.paymentMethod.findFirst({
      where: { organizationId: customer.organizationId, gatewayPaymentMethodId: wanted },
    });
    const current = await tx.billingCustomer.findUniqueOrThrow({ where: { id: customer.id } });
    if (!row || current.defaultPaymentMethodId === row.id) return;
    await tx.billingCustomer.update({
      where: { id: customer.id },
      data: { defaultPaymentMethodId: row.id },
    });
    await writeAudit(tx, {
      actor: null,
      organizationId: customer.organizationId,
      action: "payment_method.default_at_gateway",
      targetType: "payment_method",
      targetId: row.id,
      now: args.now,
    });
  });
}
