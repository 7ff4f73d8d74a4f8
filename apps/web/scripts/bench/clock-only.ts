/**
 * The billing clock's benchmark on its own (`pnpm bench:clock`): a fresh PostgreSQL database with the demo
 * catalogue, then `benchClock` (clock.ts) over CLOCK_COUNT (default 5,000) due subscriptions.
 * DATABASE_URL names the server (default: 127.0.0.1:5432 as postgres); the database is salesos_clock.
 */
import { openDatabase, seedDemoData } from "@salesos/db";

import { benchClock } from "./clock";
import { recreateDatabase } from "./setup";

process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
const server = new URL(process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres");
server.pathname = "/salesos_clock";
const url = server.toString();
const count = Number(process.env.CLOCK_COUNT ?? 5000);

await recreateDatabase(url);
const handle = openDatabase({ databaseUrl: url });
try {
  await handle.migrate();
  await seedDemoData(handle.db);
} finally {
  await handle.close();
}

const clock = await benchClock(url, count, "http://localhost:3000");
console.info(
  `billing clock: ${clock.renewalsPerSecond.toFixed(0)} renewals/s (${clock.count} in ${clock.seconds.toFixed(1)} s; ` +
    `${clock.statementsPerRenewal.toFixed(1)} statements and ${clock.transactionsPerRenewal.toFixed(2)} transactions per renewal)`,
);
console.info(JSON.stringify(clock.summary));
