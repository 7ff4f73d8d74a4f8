import type { BillingCustomer, Gateway, PaymentMethod } from "@salesos/db";

import type { Tx } from "../deps";
import type { CardDetails } from "../gateways/port";

/**
 * Our row for an attached card, reused when the same card (fingerprint) is already saved; the first
 * card of a customer becomes the default.
 */
export async function savePaymentMethod(
  tx: Tx,
  args: { customer: BillingCustomer; card: CardDetails; gateway: Gateway; now: Date },
): Promise<PaymentMethod> {
  const { customer, card } = args;
  const existing = await tx.paymentMethod.findUnique({
    where: {
      organizationId_fingerprint: {
        organizationId: customer.organizationId,
        fingerprint: card.fingerprint,
      },
    },
  });
  const pm =
    existing ??
    (await tx.paymentMethod.create({
      data: {
        organizationId: customer.organizationId,
        customerId: customer.id,
        gateway: args.gateway,
        gatewayPaymentMethodId: card.gatewayPaymentMethodId,
        brand: card.brand,
        last4: card.last4,
        expMonth: card.expMonth,
        expYear: card.expYear,
        fingerprint: card.fingerprint,
        createdAt: args.now,
      },
    }));
  const fresh = await tx.billingCustomer.findUniqueOrThrow({
    where: { id: customer.id },
    select: { defaultPaymentMethodId: true },
  });
  if (!fresh.defaultPaymentMethodId)
    await tx.billingCustomer.update({
      where: { id: customer.id },
      data: { defaultPaymentMethodId: pm.id },
    });
  return pm;
}
