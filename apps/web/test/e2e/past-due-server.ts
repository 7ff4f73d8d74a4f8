/**
 * A server of its own whose demo organization (Acme) is PAST_DUE: the demo data, then the billing engine
 * itself makes a card that fails every charge (0341) the default and runs the clock past the renewal,
 * which fails. The shared e2e server cannot be put in that state from outside (its clock runs at the real
 * time, and its embedded database belongs to its process), so this one is prepared before it starts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import {
  addPaymentMethod,
  advanceBilling,
  createBillingDeps,
  seedDemoBilling,
  tokenizeCard,
} from "@salesos/billing";
import { openDatabase, seedDemoData, type Db } from "@salesos/db";
import { createTestDatabase } from "@salesos/db/testing";

import { freePort, startServe, waitForServer } from "./server-process";

const SECRET = "e2e-past-due-secret-0123456789abcdefghijklm";
const ACME = "org_demo_acme";

async function makeAcmePastDue(db: Db, baseUrl: string): Promise<void> {
  await seedDemoData(db);
  const deps = createBillingDeps({ db, appUrl: baseUrl, authSecret: SECRET });
  const now = new Date();
  await seedDemoBilling(deps, { now });
  const owner = await db.membership.findFirstOrThrow({
    where: { organizationId: ACME, role: "OWNER" },
  });
  const actor = { userId: owner.userId, organizationId: ACME, role: "OWNER" as const };
  const token = await tokenizeCard(db, {
    card: {
      number: "4000000000000341",
      expMonth: 12,
      expYear: now.getUTCFullYear() + 3,
      cvc: "123",
      name: "Olivia Owner",
    },
    organizationId: ACME,
    now,
    fingerprintKey: deps.fingerprintKey,
  });
  await addPaymentMethod(deps, {
    actor,
    paymentMethodId: token.paymentMethodId,
    setAsDefault: true,
    now,
  });
  const live = await db.subscription.findFirstOrThrow({
    where: { organizationId: ACME, status: "ACTIVE" },
  });
  await advanceBilling(deps, { now: new Date(live.currentPeriodEnd.getTime() + 60_000) });
  const after = await db.subscription.findUniqueOrThrow({ where: { id: live.id } });
  if (after.status !== "PAST_DUE")
    throw new Error(`Acme's subscription is ${after.status} after the failed renewal`);
}

export async function startPastDueServer(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    AUTH_SECRET: SECRET,
    NEXTAUTH_URL: baseUrl,
    NODE_ENV: "production",
    RATE_LIMIT_AUTH_PER_MINUTE: "1000",
  };
  let cleanup: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    process.env.TEST_DB_KIND = "postgres";
    const database = await createTestDatabase();
    await makeAcmePastDue(database.db, baseUrl);
    env.DATABASE_URL = database.url!;
    cleanup = () => database.close();
  } else {
    const dir = mkdtempSync(path.join(tmpdir(), "salesos-past-due-"));
    env.PGLITE_DIR = path.join(dir, "pglite");
    // Prepared here, closed (and unlocked) before the server opens the folder.
    const handle = openDatabase({ pgliteDir: env.PGLITE_DIR });
    try {
      await handle.migrate();
      await makeAcmePastDue(handle.db, baseUrl);
    } finally {
      await handle.close();
    }
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const server = startServe(env);
  try {
    await waitForServer(baseUrl, server);
  } catch (error) {
    await server.stop();
    await cleanup();
    throw error;
  }
  return {
    baseUrl,
    async stop() {
      await server.stop();
      await cleanup();
    },
  };
}
