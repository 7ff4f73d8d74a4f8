/** One "instance" of the queue benchmark (queue.ts): the job queue's workers on DATABASE_URL, nothing else. */
import { createBillingDeps, JobQueue } from "@salesos/billing";
import { openDatabase } from "@salesos/db";

const handle = openDatabase({ databaseUrl: process.env.DATABASE_URL! });
const queue = new JobQueue({
  store: handle.jobStore,
  deps: createBillingDeps({
    db: handle.db,
    appUrl: "http://localhost:3000",
    authSecret: process.env.AUTH_SECRET!,
  }),
  tickCron: null,
  pollingIntervalSeconds: 0.5,
});
await queue.start();
process.send?.("ready");
process.on("SIGTERM", () => {
  void queue
    .stop({ graceful: false })
    .then(() => handle.close())
    .finally(() => process.exit(0));
});
