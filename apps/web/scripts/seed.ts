// `pnpm db:seed`: the demo data (identity, plans, Acme's billing, coupons). Idempotent. Applied to a
// DATABASE_URL database only when asked with this command; the embedded database gets it on start.
import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import { seedDemoData } from "@salesos/db";

import { appUrl, envOrLocal, openScriptDatabase } from "./local-env";

const authSecret = envOrLocal("AUTH_SECRET");
if (!authSecret) {
  console.error(
    "AUTH_SECRET is required to seed (card fingerprints are keyed from it). Set it, or run `pnpm dev` once.",
  );
  process.exit(1);
}
const handle = openScriptDatabase();
try {
  const identity = await seedDemoData(handle.db);
  const billing = await seedDemoBilling(
    createBillingDeps({ db: handle.db, appUrl: appUrl(), authSecret }),
    { now: new Date() },
  );
  console.info(
    `Seeded ${identity.plans} plans, ${identity.users} users, ${identity.organizations} organizations, ${billing.coupons} coupons; Acme's subscription ${billing.acmeSubscription}.`,
  );
} finally {
  await handle.close();
}
