/**
 * The hot paths' indexes (docs/operations.md) exist after migration, with their partial predicates: a
 * migration that dropped or changed one would put a full scan back into the clock or the staff list.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemoData } from "../src";
import { createTestDatabase, type TestDatabase } from "../src/testing";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoData(database.db);
});
afterAll(() => database.close());

/** Index name → what its definition must say (pg_indexes.indexdef, whitespace as PostgreSQL prints it). */
const HOT_PATH_INDEXES: Record<string, RegExp[]> = {
  // Due collections, oldest first (clock/collect-due.ts).
  subscriptions_next_payment_attempt_at_id_idx: [
    /ON public\.subscriptions USING btree \(next_payment_attempt_at, id\)/,
    /WHERE \(next_payment_attempt_at IS NOT NULL\)/,
  ],
  // Due renewals, oldest first (clock/renew-load.ts).
  subscriptions_renewal_due_idx: [
    /ON public\.subscriptions USING btree \(current_period_end, id\)/,
    /WHERE \(status = ANY \(ARRAY\['ACTIVE'::"SubscriptionStatus", 'TRIALING'::"SubscriptionStatus"\]\)\)/,
  ],
  // One charge per gateway payment.
  payment_attempts_charge_gateway_payment_id_key: [
    /CREATE UNIQUE INDEX .* ON public\.payment_attempts USING btree \(gateway_payment_id\)/,
    /WHERE \(\(kind = 'CHARGE'::"AttemptKind"\) AND \(gateway_payment_id IS NOT NULL\)\)/,
  ],
  // The staff customer list's latest subscription per customer.
  subscriptions_customer_id_created_at_idx: [
    /ON public\.subscriptions USING btree \(customer_id, created_at\)/,
  ],
  // The invoice list's keyset pages (20261204123000_keyset_indexes).
  invoices_organization_id_created_at_id_idx: [
    /ON public\.invoices USING btree \(organization_id, created_at, id\)/,
  ],
};

describe("hot-path indexes", () => {
  it("exist after migration, with their columns and predicates", async () => {
    const rows = await database.db.$queryRawUnsafe<{ indexname: string; indexdef: string }[]>(
      `SELECT indexname::text AS indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY($1::text[])`,
      Object.keys(HOT_PATH_INDEXES),
    );
    const found = new Map(rows.map((row) => [row.indexname, row.indexdef]));
    for (const [name, patterns] of Object.entries(HOT_PATH_INDEXES)) {
      const definition = found.get(name);
      expect(definition, `index ${name} is missing`).toBeDefined();
      for (const pattern of patterns) expect(definition, name).toMatch(pattern);
    }
  });

  it("refuse a second charge with the same gateway payment id, but not its refunds", async () => {
    const org = await database.db.organization.findFirstOrThrow();
    const insert = (id: string, kind: "CHARGE" | "REFUND", gatewayPaymentId: string | null) =>
      database.db.$executeRawUnsafe(
        `INSERT INTO payment_attempts (id, organization_id, kind, purpose, status, amount, currency, gateway,
           payload, gateway_payment_id, created_at)
         VALUES ($1, $2, $3::"AttemptKind", $4::"AttemptPurpose", 'SUCCEEDED', 100, 'usd', 'LOCAL', '{}', $5, now())`,
        id,
        org.id,
        kind,
        kind === "CHARGE" ? "INVOICE" : "REFUND",
        gatewayPaymentId,
      );
    await insert("idx_charge_1", "CHARGE", "pay_same");
    // Partial refunds of that charge carry its id.
    await insert("idx_refund_1", "REFUND", "pay_same");
    await insert("idx_refund_2", "REFUND", "pay_same");
    // Charges without an answer yet have none.
    await insert("idx_charge_2", "CHARGE", null);
    await insert("idx_charge_3", "CHARGE", null);
    // Raw statements surface the violation as P2010 (PostgreSQL names the index; PGlite's adapter says
    // less): the rows left prove which insert was refused.
    await expect(insert("idx_charge_4", "CHARGE", "pay_same")).rejects.toThrow();
    const charges = await database.db.paymentAttempt.count({
      where: { kind: "CHARGE", gatewayPaymentId: "pay_same" },
    });
    expect(charges).toBe(1);
  });
});
