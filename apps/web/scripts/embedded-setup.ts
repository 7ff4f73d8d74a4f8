/**
 * `pnpm dev` / `pnpm start` on the embedded database: locks the PGlite folder for the life of this
 * process (a second process on it is refused before it touches it), creates, migrates and seeds it with
 * the demo data (idempotent), and prints the demo logins. Loaded only in embedded mode, so a PostgreSQL
 * start does not carry Prisma and PGlite in its launcher process.
 */
import path from "node:path";

import { createBillingDeps, seedDemoBilling, seedDemoCoupons } from "@salesos/billing";
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  defaultPgliteDir,
  EmbeddedDatabaseInUseError,
  LOCK_HOLDER_ENV,
  lockEmbeddedDatabase,
  openDatabase,
  seedDemoData,
} from "@salesos/db";

import { appUrl, envOrLocal } from "./env-file";

export async function prepareEmbeddedDatabase(opts: {
  onStripe: boolean;
  hostname: string | undefined;
  fail: (message: string) => never;
}): Promise<Record<string, string>> {
  const { onStripe, hostname, fail } = opts;
  const pgliteDir = path.resolve(process.env.PGLITE_DIR || defaultPgliteDir());
  try {
    // Held until this process exits; the server it runs (or the `next dev` it starts) inherits it.
    lockEmbeddedDatabase(pgliteDir);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUseError) fail(error.message);
    throw error;
  }
  const handle = openDatabase({ pgliteDir });
  try {
    const applied = await handle.migrate();
    const seeded = await seedDemoData(handle.db);
    const deps = createBillingDeps({
      db: handle.db,
      appUrl: appUrl(),
      authSecret: envOrLocal("AUTH_SECRET")!,
    });
    // On STRIPE the demo billing lives on Stripe's side too: `pnpm dev:stripe` seeds it through the
    // Stripe test server before starting this; here only the coupons, never LOCAL payments.
    if (onStripe) await seedDemoCoupons(deps, new Date());
    else await seedDemoBilling(deps, { now: new Date() });
    console.info(
      `Embedded database at ${pgliteDir}: ${applied.length} migration(s) applied, demo data present ` +
        `(${seeded.plans} plans, ${seeded.users} users).`,
    );
  } catch (error) {
    fail(
      `The embedded database at ${pgliteDir} could not be opened: ${(error as Error).message}\n` +
        "It may be damaged (for example by a crash during a write). Nothing was deleted. To start over with " +
        `fresh demo data and keep the old folder for recovery:\n  mv ${pgliteDir} ${pgliteDir}.damaged-${Date.now()}\n` +
        "or point PGLITE_DIR at another folder.",
    );
  } finally {
    await handle.close().catch(() => {});
  }
  console.info(
    `\nSalesOS Billing on ${appUrl()}  (embedded PGlite, ${onStripe ? "STRIPE" : "LOCAL"} gateway${hostname === "127.0.0.1" ? "; reachable from this machine only" : ""})`,
  );
  console.info(`Demo logins, password ${DEMO_PASSWORD}:`);
  for (const login of DEMO_LOGINS) {
    console.info(
      `  ${login.email.padEnd(20)} ${login.staff ? "platform admin" : `${login.role} of ${login.org}`}`,
    );
  }
  console.info("");
  return { PGLITE_DIR: pgliteDir, [LOCK_HOLDER_ENV]: String(process.pid) };
}
