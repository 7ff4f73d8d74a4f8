// `pnpm explain:hot-paths` (DATABASE_URL: a scratch PostgreSQL database seeded with `pnpm seed:scale`):
// runs the hot paths as the server runs them — the billing clock's claims, a customer's invoice list, the
// staff lists — records the SQL they send (SALESOS_SQL_LOG), then runs EXPLAIN (ANALYZE, BUFFERS) on each
// statement inside a transaction it rolls back, and prints each plan's scans and execution time. The
// operations themselves run in rolled-back transactions where they write (the claims). Never against a
// database with real customers: ANALYZE executes the statements.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";

import { listAuditLog, listInvoices, searchOrganizations } from "@salesos/billing";
import { claimCollections, claimRenewals } from "@salesos/billing/testing";
import type { Db } from "@salesos/db";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("explain:hot-paths needs DATABASE_URL (a scratch PostgreSQL database).");
  process.exit(1);
}
const dir = mkdtempSync(path.join(tmpdir(), "salesos-explain-"));
const sqlLog = path.join(dir, "sql.log");
process.env.SALESOS_SQL_LOG = sqlLog;
const { openScriptDatabase } = await import("./local-env");
const handle = openScriptDatabase();
const db = handle.db;
const ROLL_BACK = new Error("roll back");

/** Runs `fn` in a transaction that is always rolled back (the claims write leases). */
async function rolledBack(fn: (tx: Db) => Promise<unknown>): Promise<void> {
  await db
    .$transaction(async (tx) => {
      await fn(tx as unknown as Db);
      throw ROLL_BACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLL_BACK) throw error;
    });
}

interface Logged {
  query: string;
  params: string;
}

async function capture(run: () => Promise<unknown>): Promise<Logged[]> {
  writeFileSync(sqlLog, "");
  await run();
  return readFileSync(sqlLog, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Logged)
    .filter((l) => /^\s*(SELECT|UPDATE|WITH)/i.test(l.query));
}

const client = new pg.Client({ connectionString: url });
await client.connect();

async function explain(name: string, statements: Logged[]): Promise<void> {
  console.info(`\n## ${name}`);
  for (const { query, params } of statements) {
    await client.query("BEGIN");
    try {
      const { rows } = await client.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${query}`,
        JSON.parse(params) as unknown[],
      );
      const plan = rows.map((r) => r["QUERY PLAN"]);
      console.info(`\n${query.replace(/\s+/g, " ").slice(0, 160)}…`);
      for (const line of plan)
        if (/Scan|Sort|Limit|Execution Time|Rows Removed|LockRows|Update on/.test(line))
          console.info(`  ${line.trim()}`);
    } finally {
      await client.query("ROLLBACK");
    }
  }
}

try {
  const now = new Date();
  const tomorrow = new Date(now.getTime() + 86_400_000);
  const org = await db.organization.findFirstOrThrow({
    where: { id: { startsWith: "scale_org_" } },
    orderBy: { id: "asc" },
  });
  const deps = { db } as Parameters<typeof listInvoices>[0];
  const actor = { userId: "explain", organizationId: org.id, role: "OWNER" as const };
  await explain(
    "clock: claim due renewals (200, due by tomorrow)",
    await capture(() => rolledBack((tx) => claimRenewals(tx, tomorrow, 200))),
  );
  await explain(
    "clock: claim due collections (200)",
    await capture(() => rolledBack((tx) => claimCollections({ ...deps, db: tx }, now, 200))),
  );
  await explain(
    "invoice list, first page (one organization)",
    await capture(() => listInvoices(deps, { actor, query: { page: 1, limit: 20 } })),
  );
  await explain(
    "staff: customers, first page",
    await capture(() => searchOrganizations({ db }, { limit: 25 })),
  );
  await explain(
    "staff: customer search by e-mail",
    await capture(() => searchOrganizations({ db }, { q: "billing4242@", limit: 25 })),
  );
  await explain(
    "staff: audit log, first page",
    await capture(() => listAuditLog({ db }, { limit: 50 })),
  );
} finally {
  await client.end();
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
}
