import type { Prisma } from "@salesos/db";

import type { BillingActor, Tx } from "./deps";

/** Every billing mutation writes one audit row in its own transaction. */
export async function writeAudit(
  tx: Tx,
  args: {
    actor: BillingActor | null;
    organizationId: string;
    action: string;
    targetType: string;
    targetId: string;
    data?: Prisma.InputJsonValue;
    now: Date;
  },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: args.organizationId,
      actorUserId: args.actor?.userId ?? null,
      action: args.action,
      targetType: args.targetType,
      targetId: args.targetId,
      data: args.data ?? {},
      requestId: args.actor?.requestId ?? null,
      createdAt: args.now,
    },
  });
}

export type NotificationKind =
  | "PAYMENT_FAILED"
  | "PAYMENT_SUCCEEDED"
  | "INVOICE_PAID"
  | "TRIAL_ENDING"
  | "SUBSCRIPTION_CANCELED"
  | "DISPUTE_OPENED"
  | "DISPUTE_CLOSED"
  | "TRIAL_EXTENDED"
  | "CREDIT_GRANTED"
  | "INVOICE_VOIDED"
  | "PRICE_CHANGE_SCHEDULED"
  /** The clock's charge waits for the customer to confirm it with the bank (mailed with the link). */
  | "ACTION_REQUIRED"
  /** The default card of a live subscription expires at the end of next month (mail/card-expiring.ts). */
  | "CARD_EXPIRING";

/** Customer-facing events go to the outbox, in the same transaction as the change they describe. */
export async function notify(
  tx: Tx,
  args: { organizationId: string; kind: NotificationKind; data: Prisma.InputJsonValue; now: Date },
): Promise<void> {
  await tx.notification.create({
    data: {
      organizationId: args.organizationId,
      kind: args.kind,
      data: args.data,
      createdAt: args.now,
    },
  });
}
