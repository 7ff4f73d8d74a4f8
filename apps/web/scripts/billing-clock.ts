// `pnpm billing:clock`: one run of the billing clock (renewals, trial ends, dunning, scheduled
// cancellations) at the current time. For the embedded database, stop the dev server first (PGlite is
// single-process; the dev server runs the clock on its own timer).
import { advanceBilling, createBillingDeps } from "@salesos/billing";

import { mailConfigFromProcessEnv, stripeGatewayConfigFromProcessEnv } from "@salesos/validators";

import { appUrl, envOrLocal, openScriptDatabase } from "./local-env";

const authSecret = envOrLocal("AUTH_SECRET");
if (!authSecret) {
  console.error("AUTH_SECRET is required.");
  process.exit(1);
}
const handle = openScriptDatabase();
try {
  const summary = await advanceBilling(
    createBillingDeps({
      db: handle.db,
      appUrl: appUrl(),
      authSecret,
      // The gateway the app runs on: a STRIPE attempt is settled by asking Stripe, never LOCAL.
      stripe: stripeGatewayConfigFromProcessEnv(),
      // The mail the app sends: notices this run writes go where the server would send them.
      mail: mailConfigFromProcessEnv(),
    }),
    { now: new Date() },
  );
  console.info(`Billing clock: ${JSON.stringify(summary)}`);
} finally {
  await handle.close();
}
