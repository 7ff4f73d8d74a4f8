import type { Prisma } from "@salesos/db";

import type { Tx } from "../deps";

/** The staff user behind a catalogue change (coupons, plans, tax rates), for the audit log. */
export interface StaffRef {
  staffUserId: string;
  requestId?: string | undefined;
}

/** A catalogue change belongs to no organization: its audit row names the staff user only. */
export async function writeCatalogueAudit(
  tx: Tx,
  staff: StaffRef,
  entry: {
    action: string;
    targetType: string;
    targetId: string;
    data: Prisma.InputJsonValue;
    now: Date;
  },
): Promise<void> {
  await tx.auditLog.create({
    data: {
      organizationId: null,
      actorUserId: staff.staffUserId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      data: entry.data,
      requestId: staff.requestId ?? null,
      createdAt: entry.now,
    },
  });
}
