import type { Prisma } from "@salesos/db";

import type { NotificationKind } from "../audit";
import type { Tx } from "../deps";
import { insertRows } from "../bulk/sql";
import { newId } from "../bulk/ids";

/** An audit row the clock writes (no actor: the clock acts for nobody). */
export interface AuditEntry {
  organizationId: string;
  action: string;
  targetType: string;
  targetId: string;
  data: Prisma.InputJsonValue;
}

export interface NoticeEntry {
  organizationId: string;
  kind: NotificationKind;
  data: Prisma.InputJsonValue;
}

/** What closing a period on a scheduled cancellation records, one by one or in a batch. */
export function scheduledCancellation(sub: {
  id: string;
  organizationId: string;
  currentPeriodEnd: Date;
}): { audit: AuditEntry; notice: NoticeEntry } {
  return {
    audit: {
      organizationId: sub.organizationId,
      action: "subscription.canceled",
      targetType: "subscription",
      targetId: sub.id,
      data: { at: sub.currentPeriodEnd.toISOString(), scheduled: true },
    },
    notice: {
      organizationId: sub.organizationId,
      kind: "SUBSCRIPTION_CANCELED",
      data: { subscriptionId: sub.id },
    },
  };
}

/** The audit row of a renewal (or of a trial's end), naming the invoice it issued. */
export function renewalAudit(
  sub: { id: string; organizationId: string; status: string },
  invoiceId: string,
  start: Date,
): AuditEntry {
  return {
    organizationId: sub.organizationId,
    action: sub.status === "TRIALING" ? "subscription.trial_ended" : "subscription.renewed",
    targetType: "subscription",
    targetId: sub.id,
    data: { invoiceId, periodStart: start.toISOString() },
  };
}

export function invoicePaidNotice(invoice: {
  id: string;
  organizationId: string;
  number: string | null;
}): NoticeEntry {
  return {
    organizationId: invoice.organizationId,
    kind: "INVOICE_PAID",
    data: { invoiceId: invoice.id, number: invoice.number },
  };
}

/** Audit rows in one statement, as writeAudit would write them one by one. */
export async function writeAudits(tx: Tx, entries: AuditEntry[], now: Date): Promise<void> {
  await insertRows(
    tx,
    "audit_logs",
    {
      id: "text",
      organization_id: "text",
      action: "text",
      target_type: "text",
      target_id: "text",
      data: "jsonb",
      created_at: "timestamp(3)",
    },
    entries.map((e) => ({
      id: newId(),
      organization_id: e.organizationId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      data: e.data,
      created_at: now,
    })),
  );
}

/** Outbox rows in one statement, as notify would write them one by one. */
export async function notifyAll(tx: Tx, entries: NoticeEntry[], now: Date): Promise<void> {
  await insertRows(
    tx,
    "notifications",
    {
      id: "text",
      organization_id: "text",
      kind: "text",
      data: "jsonb",
      created_at: "timestamp(3)",
    },
    entries.map((e) => ({
      id: newId(),
      organization_id: e.organizationId,
      kind: e.kind,
      data: e.data,
      created_at: now,
    })),
  );
}
