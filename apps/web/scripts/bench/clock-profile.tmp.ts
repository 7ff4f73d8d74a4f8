import { createBillingDeps } from "@salesos/billing";
import { openDatabase, seedDemoData } from "@salesos/db";
import { renewBatch } from "../../../../packages/billing/src/clock/renew-batch";
import { collectBatch } from "../../../../packages/billing/src/clock/collect-batch";
import { recreateDatabase } from "./setup";

process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
const url = "postgresql://postgres@127.0.0.1:5432/salesos_clock";
await recreateDatabase(url);
const h = openDatabase({ databaseUrl: url });
await h.migrate();
await seedDemoData(h.db);
const { seedDueForProfile } = await import("./clock-seed.tmp");
const now = new Date();
await seedDueForProfile(h.db, "ck", 1, 5000, new Date(now.getTime() - 60_000));
await h.db.$executeRawUnsafe("SET log_min_duration_statement = 0");
await h.db.$executeRawUnsafe("ALTER DATABASE salesos_clock SET log_min_duration_statement = 0");
const deps = createBillingDeps({
  db: h.db,
  appUrl: "http://localhost:3000",
  authSecret: process.env.AUTH_SECRET!,
});
import inspector from "node:inspector/promises";
import { writeFileSync } from "node:fs";
const session = new inspector.Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.start");
let t = performance.now();
let c = process.cpuUsage();
let n = 0;
for (;;) {
  const o = await renewBatch(deps, now, Number(process.env.B ?? 200));
  if (!o.length) break;
  n += o.length;
}
console.log(
  "renew",
  n,
  (performance.now() - t).toFixed(0),
  "ms",
  JSON.stringify(process.cpuUsage(c)),
);
t = performance.now();
n = 0;
c = process.cpuUsage();
for (;;) {
  const o = await collectBatch(deps, now, Number(process.env.B ?? 200));
  if (!o.length) break;
  n += o.length;
}
console.log(
  "collect",
  n,
  (performance.now() - t).toFixed(0),
  "ms",
  JSON.stringify(process.cpuUsage(c)),
);
const { profile } = await session.post("Profiler.stop");
writeFileSync("/tmp/prof/clock.cpuprofile", JSON.stringify(profile));
console.log(JSON.stringify((globalThis as any).__T));
await h.close();
