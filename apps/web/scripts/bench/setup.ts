/**
 * The benchmark's database: a fresh PostgreSQL database with the demo data, two extra organizations whose
 * owners list invoices (100 and 100,000 of them, set-based inserts), and tokens for each owner.
 */
import pg from "pg";

import { mintApiToken } from "@salesos/auth";
import { createBillingDeps, encodeCursor, seedDemoBilling } from "@salesos/billing";
import { openDatabase, seedDemoData, type Db } from "@salesos/db";

export const INVOICE_COUNTS = { small: 100, large: 100_000 } as const;
export type InvoiceOrg = keyof typeof INVOICE_COUNTS;

export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`Unexpected database name ${name}`);
  target.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: target.toString() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
}

/** An organization with an owner, a LOCAL billing customer and `count` paid invoices, newest first. */
async function seedInvoiceOrg(db: Db, org: InvoiceOrg, count: number): Promise<void> {
  const id = `bench_${org}`;
  await db.$executeRaw`INSERT INTO organizations (id, name, created_at, updated_at)
                       VALUES (${id}, ${`Bench ${org}`}, now(), now())`;
  await db.$executeRaw`
    INSERT INTO users (id, email, name, password_hash, created_at, updated_at)
    SELECT ${id}, ${`owner@${org}.bench.test`}, 'Bench Owner', password_hash, now(), now()
      FROM users WHERE email = 'owner@acme.test'`;
  await db.$executeRaw`INSERT INTO memberships (id, user_id, organization_id, role, created_at)
                       VALUES (${id}, ${id}, ${id}, 'OWNER'::"Role", now())`;
  await db.$executeRaw`
    INSERT INTO billing_customers (id, organization_id, email, name, currency, gateway, invoice_prefix,
                                   next_invoice_sequence, created_at, updated_at)
    VALUES (${id}, ${id}, ${`billing@${org}.bench.test`}, ${`Bench ${org}`}, 'usd', 'LOCAL'::"Gateway",
            ${`B${org.toUpperCase()}`}, ${count + 1}, now(), now())`;
  await db.$executeRaw`
    INSERT INTO invoices (id, organization_id, customer_id, number, status, billing_reason, currency,
                          subtotal, total, amount_paid, amount_due, period_start, period_end, issued_at,
                          due_at, paid_at, customer_snapshot, gateway, created_at)
    SELECT ${id}::text || '_' || i, ${id}::text, ${id}::text, ${`B${org.toUpperCase()}-`}::text || lpad(i::text, 6, '0'),
           'PAID'::"InvoiceStatus", 'SUBSCRIPTION_CYCLE'::"BillingReason", 'usd', 2900, 2900, 2900, 0,
           now() - (i * interval '1 hour'), now() - ((i - 720) * interval '1 hour'),
           now() - (i * interval '1 hour'), now() - (i * interval '1 hour'), now() - (i * interval '1 hour'),
           jsonb_build_object('name', ${`Bench ${org}`}::text, 'email', ${`billing@${org}.bench.test`}::text),
           'LOCAL'::"Gateway", now() - (i * interval '1 hour')
      FROM generate_series(1, ${count}::int) AS i`;
  await db.$executeRawUnsafe("ANALYZE");
}

export interface BenchFixtures {
  tokens: Record<"acme" | InvoiceOrg, string>;
  /** The cursor the API gives for the large organization's last page of 10 (what "Next" leads to). */
  lastPageCursor: string;
  /** A finalized (paid) invoice of Acme, for the PDF target. */
  acmeInvoiceId: string;
}

export async function prepareBenchDatabase(url: string, appUrl: string): Promise<BenchFixtures> {
  await recreateDatabase(url);
  const handle = openDatabase({ databaseUrl: url });
  try {
    await handle.migrate();
    const { db } = handle;
    await seedDemoData(db);
    const deps = createBillingDeps({ db, appUrl, authSecret: process.env.AUTH_SECRET! });
    await seedDemoBilling(deps, { now: new Date() });
    for (const org of ["small", "large"] as const)
      await seedInvoiceOrg(db, org, INVOICE_COUNTS[org]);
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@acme.test" } });
    const acme = await db.membership.findFirstOrThrow({ where: { userId: owner.id } });
    const mint = async (userId: string, organizationId: string) =>
      (
        await mintApiToken(db, {
          userId,
          organizationId,
          name: "bench",
          source: "SETTINGS",
          ttlSeconds: 3600,
        })
      ).accessToken;
    const invoice = await db.invoice.findFirstOrThrow({
      where: { organizationId: acme.organizationId, status: "PAID" },
      orderBy: { issuedAt: "desc" },
    });
    const [beforeLast] = await db.$queryRaw<{ createdAt: Date; id: string }[]>`
      SELECT created_at AS "createdAt", id FROM invoices WHERE organization_id = 'bench_large'
       ORDER BY created_at DESC, id DESC OFFSET ${INVOICE_COUNTS.large - 11} LIMIT 1`;
    return {
      lastPageCursor: encodeCursor(beforeLast!, {
        direction: "forward",
        page: INVOICE_COUNTS.large / 10,
      }),
      tokens: {
        acme: await mint(owner.id, acme.organizationId),
        small: await mint("bench_small", "bench_small"),
        large: await mint("bench_large", "bench_large"),
      },
      acmeInvoiceId: invoice.id,
    };
  } finally {
    await handle.close();
  }
}
