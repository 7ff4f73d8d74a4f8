import type { BillingDeps } from "../deps";
import { afterCursor, NEWEST_FIRST, pageWithCursor } from "./cursor";

/** The audit log for staff, filtered by organization, action (prefix, e.g. `coupon.`) or actor; keyset-paged. */
export async function listAuditLog(
  deps: Pick<BillingDeps, "db">,
  args: {
    organizationId?: string | undefined;
    action?: string | undefined;
    actorUserId?: string | undefined;
    cursor?: string | undefined;
    limit: number;
  },
) {
  const rows = await deps.db.auditLog.findMany({
    where: {
      AND: [
        args.organizationId ? { organizationId: args.organizationId } : {},
        args.action ? { action: { startsWith: args.action } } : {},
        args.actorUserId ? { actorUserId: args.actorUserId } : {},
        afterCursor(args.cursor),
      ],
    },
    orderBy: NEWEST_FIRST,
    take: args.limit + 1,
  });
  const page = pageWithCursor(rows, args.limit);
  const actors = await deps.db.user.findMany({
    where: { id: { in: [...new Set(page.data.flatMap((r) => r.actorUserId ?? []))] } },
    select: { id: true, email: true },
  });
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((r) => ({
      id: r.id,
      organizationId: r.organizationId,
      action: r.action,
      actor: r.actorUserId
        ? { id: r.actorUserId, email: actors.find((a) => a.id === r.actorUserId)?.email ?? null }
        : null,
      targetType: r.targetType,
      targetId: r.targetId,
      data: r.data,
      requestId: r.requestId,
      createdAt: r.createdAt,
    })),
  };
}
