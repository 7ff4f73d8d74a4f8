// `pnpm bench:admin` (DATABASE_URL; seed first with `pnpm seed:scale`): times the staff pages' queries at
// the database's size, as the server runs them (the billing engine's functions, one process, warm): the
// revenue dashboard for the last twelve months, the first and the 40th page of the customer list (keyset
// cursors: a deep page costs what the first does), a search, and the audit log. Prints milliseconds; it
// asserts nothing (speed is measured, not tested).
import { listAuditLog, revenueMetrics, searchOrganizations } from "@salesos/billing";

import { openScriptDatabase } from "./local-env";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const handle = openScriptDatabase();
const deps = { db: handle.db };

async function time(name: string, run: () => Promise<unknown>) {
  await run(); // warm: the first call pays for connections and plans
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const median = samples[Math.floor(samples.length / 2)]!;
  console.info(
    `${name.padEnd(44)} median ${median.toFixed(1).padStart(7)} ms   min ${samples[0]!.toFixed(1).padStart(7)} ms   max ${samples[samples.length - 1]!.toFixed(1).padStart(7)} ms`,
  );
}

try {
  const subscriptions = await handle.db.subscription.count();
  console.info(
    `${subscriptions} subscriptions, ${await handle.db.invoice.count()} invoices; ${ROUNDS} rounds each`,
  );
  const now = new Date();
  await time("dashboard (12 months)", () =>
    revenueMetrics(deps, { asOf: now, from: new Date(now.getTime() - 365 * 86_400_000), to: now }),
  );
  await time("customers, first page", () => searchOrganizations(deps, { limit: 25 }));
  let cursor: string | undefined;
  for (let page = 1; page < 40; page++)
    cursor =
      (await searchOrganizations(deps, { limit: 25, ...(cursor ? { cursor } : {}) })).nextCursor ??
      undefined;
  await time("customers, page 40 (keyset)", () => searchOrganizations(deps, { limit: 25, cursor }));
  await time("customers, search by name", () =>
    searchOrganizations(deps, { q: "Scale Org 99999", limit: 25 }),
  );
  await time("customers, search by invoice number", () =>
    searchOrganizations(deps, { q: "SC4242-000001", limit: 25 }),
  );
  await time("audit log, first page", () => listAuditLog(deps, { limit: 50 }));
} finally {
  await handle.close();
}
