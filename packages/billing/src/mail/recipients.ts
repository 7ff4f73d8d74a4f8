import type { Db } from "@salesos/db";

/**
 * Who receives an organization's billing mail: its OWNERs and ADMINs, the people who may act on it
 * (MEMBERs see no invoices or payment details anywhere, so they get none by mail either).
 */
export async function billingRecipients(db: Db, organizationId: string): Promise<string[]> {
  const rows = await db.membership.findMany({
    where: { organizationId, role: { in: ["OWNER", "ADMIN"] } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return [...new Set(rows.map((r) => r.user.email))];
}
