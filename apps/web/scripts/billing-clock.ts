// `pnpm billing:clock`: one tick of the billing clock at the current time, worked to the end in this
// process on the job queue (the same jobs and handlers the server's workers run): renewals, scheduled
// cancellations, payment attempts, trial notices, the reconciler. Running instances help with the jobs.
// For the embedded database, stop the server first (PGlite is single-process).
import { createBillingDeps, JobQueue, queueCounts } from "@salesos/billing";
import { mailConfigFromProcessEnv, stripeGatewayConfigFromProcessEnv } from "@salesos/validators";

import { appUrl, envOrLocal, openScriptDatabase } from "./local-env";

const authSecret = envOrLocal("AUTH_SECRET");
if (!authSecret) {
  console.error("AUTH_SECRET is required.");
  process.exit(1);
}
const handle = openScriptDatabase();
const deps = createBillingDeps({
  db: handle.db,
  appUrl: appUrl(),
  authSecret,
  // The gateway the app runs on: a STRIPE attempt is settled by asking Stripe, never LOCAL.
  stripe: stripeGatewayConfigFromProcessEnv(),
  // The mail the app sends: jobs this run works send where the server would send them.
  mail: mailConfigFromProcessEnv(),
});
const queue = new JobQueue({
  store: handle.jobStore,
  deps,
  tickCron: null,
  pollingIntervalSeconds: 0.5,
});
try {
  await queue.start();
  const started = Date.now();
  const enqueued = await queue.enqueueDue();
  console.info(`Billing clock: due now ${JSON.stringify(enqueued)}`);
  for (;;) {
    const counts = await queueCounts(handle.db);
    const waiting = Object.entries(counts.waiting).filter(([name]) => name.startsWith("billing."));
    if (waiting.length === 0 && counts.active === 0) {
      console.info(
        `Billing clock: done in ${((Date.now() - started) / 1000).toFixed(1)} s; failed jobs: ${counts.failed} (staff see them at /admin/jobs).`,
      );
      break;
    }
    if (Date.now() - started > 120_000) {
      // Jobs waiting for a retry (their pauses grow to minutes) are left to the instances' workers.
      console.info(`Billing clock: still waiting after 120 s: ${JSON.stringify(counts.waiting)}.`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
} finally {
  await queue.stop();
  await handle.close();
}
