// `pnpm billing:reconcile`: settles payment attempts a crash or a lost answer left PENDING, by asking the
// gateway what happened to each key (the billing clock does this too, every run). `--lease-seconds N`
// settles attempts older than N seconds (default 60); 0 is safe only when no request is in flight, e.g.
// right after a crash, before the restart.
import { createBillingDeps, reconcileAttempts } from "@salesos/billing";

import { mailConfigFromProcessEnv, stripeGatewayConfigFromProcessEnv } from "@salesos/validators";

import { appUrl, envOrLocal, openScriptDatabase } from "./local-env";

const authSecret = envOrLocal("AUTH_SECRET");
if (!authSecret) {
  console.error("AUTH_SECRET is required.");
  process.exit(1);
}
const flag = process.argv.indexOf("--lease-seconds");
const leaseSeconds = flag === -1 ? 60 : Number(process.argv[flag + 1]);
if (!Number.isInteger(leaseSeconds) || leaseSeconds < 0) {
  console.error("--lease-seconds takes a whole number of seconds.");
  process.exit(1);
}
const handle = openScriptDatabase();
try {
  const summary = await reconcileAttempts(
    createBillingDeps({
      db: handle.db,
      appUrl: appUrl(),
      authSecret,
      // The gateway the app runs on: a STRIPE attempt is settled by asking Stripe, never LOCAL.
      stripe: stripeGatewayConfigFromProcessEnv(),
      // The mail the app sends: notices this run writes go where the server would send them.
      mail: mailConfigFromProcessEnv(),
    }),
    {
      now: new Date(),
      leaseMs: leaseSeconds * 1000,
      onUnknown: (attemptId, error) =>
        console.warn(`Attempt ${attemptId} stays unknown: ${(error as Error).message}`),
    },
  );
  console.info(`Reconciled: ${JSON.stringify(summary)}`);
} finally {
  await handle.close();
}
