/**
 * Everything the billing clock writes for a set of organizations, in a form two databases can be compared
 * in: ids (random in each database) become stable labels, invoice numbers lose their random prefix, rows
 * are listed per organization in a deterministic order.
 */
import type { Db } from "@salesos/db";

const CUID = /^c[a-z0-9]{24}$/;
const pm = /^pm_local_[0-9a-f]{24}$/;
const LOCAL = /^(ch|re|pi)_local_/;

/** Replaces ids and numbers in any value by their labels (unknown ids by "<id>"). */
function normalize(value: unknown, labels: Map<string, string>): unknown {
  if (typeof value === "string") {
    const label = labels.get(value);
    if (label) return label;
    if (CUID.test(value) || pm.test(value) || LOCAL.test(value)) return "<id>";
    return value
      .replace(/\bc[a-z0-9]{24}\b/g, (id) => labels.get(id) ?? "<id>") // e.g. in a period key
      .replace(/[A-Z]+-[0-9A-F]{6}-(CN-)?(\d{6})/g, "#$1$2")
      .replace(/-\d{13}@/, "@"); // the harness's owner e-mails carry the wall clock
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => normalize(v, labels));
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, normalize(v, labels)]),
    );
  return value;
}

const omit = <T extends object>(row: T, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** Rows of one kind per organization, each normalized and the list sorted by its JSON. */
function perOrg<T extends { organizationId: string | null }>(
  orgIds: string[],
  rows: T[],
  labels: Map<string, string>,
  shape: (row: T) => object,
): unknown[][] {
  return orgIds.map((org) =>
    rows
      .filter((r) => r.organizationId === org)
      .map((r) => normalize(shape(r), labels))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );
}

export async function clockSnapshot(db: Db, orgIds: string[]) {
  const where = { organizationId: { in: orgIds } };
  const [customers, subs, invoices, payments, attempts, notes, audits, ledger, plans, coupons] =
    await Promise.all([
      db.billingCustomer.findMany({ where }),
      db.subscription.findMany({ where }),
      db.invoice.findMany({ where, include: { lines: true } }),
      db.payment.findMany({ where }),
      db.paymentAttempt.findMany({ where }),
      db.notification.findMany({ where }),
      db.auditLog.findMany({ where }),
      db.balanceTransaction.findMany({ where }),
      db.plan.findMany(),
      db.coupon.findMany(),
    ]);
  const labels = new Map<string, string>();
  for (const p of plans) labels.set(p.id, `plan:${p.slug}`);
  for (const c of coupons) labels.set(c.id, `coupon:${c.code}`);
  for (const c of customers) labels.set(c.id, "customer");
  for (const s of subs) labels.set(s.id, "subscription");
  for (const i of invoices) labels.set(i.id, `invoice:${i.number?.slice(-6)}`);
  const charges = await db.localCharge.findMany({
    where: { idempotencyKey: { in: attempts.map((a) => a.id) } },
  });
  for (const a of attempts) labels.set(a.id, `attempt:${a.kind}:${labels.get(a.invoiceId ?? "")}`);
  return {
    customers: perOrg(orgIds, customers, labels, (c) =>
      omit(c, "id", "invoicePrefix", "createdAt", "updatedAt", "gatewayCustomerId"),
    ),
    subscriptions: perOrg(orgIds, subs, labels, (s) =>
      omit(s, "id", "createdAt", "updatedAt", "liveOrganizationId"),
    ),
    invoices: perOrg(orgIds, invoices, labels, (i) => ({
      ...omit(i, "id", "lines"),
      lines: i.lines.sort((a, b) => a.position - b.position).map((l) => omit(l, "id", "invoiceId")),
    })),
    payments: perOrg(orgIds, payments, labels, (p) => omit(p, "id")),
    attempts: perOrg(orgIds, attempts, labels, (a) => omit(a, "id", "payload")),
    notifications: perOrg(orgIds, notes, labels, (n) => omit(n, "id")),
    audit: perOrg(orgIds, audits, labels, (a) => omit(a, "id", "actorUserId", "requestId")),
    ledger: perOrg(orgIds, ledger, labels, (b) => omit(b, "id")),
    charges: perOrg(
      orgIds,
      charges.map((c) => ({
        ...c,
        organizationId: attempts.find((a) => a.id === c.idempotencyKey)!.organizationId,
      })),
      labels,
      (c) => omit(c, "id", "cardId"),
    ),
  };
}
