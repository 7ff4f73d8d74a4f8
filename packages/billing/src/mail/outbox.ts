import type { Db } from "@salesos/db";

/**
 * The notices not yet delivered, oldest first: what a sweep enqueues as `mail.send` jobs (one per id;
 * deliverNotification makes a job that runs twice harmless). Served by the index on `sent_at`.
 */
export async function unsentNotificationIds(db: Db, args: { limit: number }): Promise<string[]> {
  const rows = await db.notification.findMany({
    where: { sentAt: null },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: args.limit,
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
