/**
 * `pnpm bench`: the app side by side with a bare node:http + pg server running the app's own SQL, on
 * PostgreSQL, with wrk in alternating rounds. Prints each figure, the ratios the performance goals name,
 * and the machine's load before each phase. See docs/performance.md for what the figures mean.
 *
 * Env: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/salesos_bench, dropped and
 * recreated), BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_CLOCK_SUBSCRIPTIONS (5000).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { startApp, startBaseline, type Server } from "./app";
import { benchClock } from "./clock";
import { assertWrkInstalled, runWrk, sequentialMedianMs, type LoadResult } from "./load";
import { cpuMs, nodeProcesses, watchPeakRss } from "./processes";
import { prepareBenchDatabase, type BenchFixtures } from "./setup";
import { invoiceTargets } from "./targets";

const url = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/salesos_bench";
const rounds = Number(process.env.BENCH_ROUNDS ?? "3");
const seconds = Number(process.env.BENCH_SECONDS ?? "10");
const clockCount = Number(process.env.BENCH_CLOCK_SUBSCRIPTIONS ?? "5000");
const APP_PORT = 3870;
const BASE_PORT = 3871;
const tmp = (name: string) => path.join(os.tmpdir(), `salesos-bench-${process.pid}-${name}`);

assertWrkInstalled();
if (!existsSync(path.resolve(import.meta.dirname, "../../.next/BUILD_ID"))) {
  console.error("Build the app first: pnpm build");
  process.exit(1);
}
process.env.AUTH_SECRET ??= "bench-secret-bench-secret-bench-secret-0123";
const appEnv = {
  DATABASE_URL: url,
  AUTH_SECRET: process.env.AUTH_SECRET,
  NEXTAUTH_URL: `http://127.0.0.1:${APP_PORT}`,
  RATE_LIMIT_AUTH_PER_MINUTE: "100000",
};

// A failed run must not leave servers behind on the bench ports (they are detached process groups).
const running = new Set<Server>();
const stopAll = async () => {
  for (const server of running) await server.stop();
};
process.on("uncaughtException", (error) => {
  console.error(error);
  void stopAll().finally(() => process.exit(1));
});
process.on("unhandledRejection", (error) => {
  console.error(error);
  void stopAll().finally(() => process.exit(1));
});
const track = (server: Server) => (running.add(server), server);

const load = () => os.loadavg()[0]!.toFixed(2);
const log = (line: string) => console.info(line);

log(`Preparing ${url} (demo data, 100 and 100,000 invoices)…`);
const fixtures: BenchFixtures = await prepareBenchDatabase(url, appEnv.NEXTAUTH_URL);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const SUBSCRIPTIONS = "/v1/payments/subscriptions";

// 1. The SQL of one authenticated read, from the app's own query log.
const sqlLog = tmp("sql.log");
let app: Server = track(await startApp(APP_PORT, { ...appEnv, SALESOS_SQL_LOG: sqlLog }));
const answer = async () => {
  const response = await fetch(`${app.url}${SUBSCRIPTIONS}`, {
    headers: bearer(fixtures.tokens.acme),
  });
  if (!response.ok) throw new Error(`${SUBSCRIPTIONS}: ${response.status}`);
  return { body: await response.text(), contentType: response.headers.get("content-type")! };
};
for (let i = 0; i < 3; i++) await answer();
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
await settle();
const before = readFileSync(sqlLog).length;
const captured = await answer();
await settle();
const statements = readFileSync(sqlLog)
  .subarray(before)
  .toString("utf8")
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { query: string; params: string })
  .map((s) => ({ query: s.query, params: JSON.parse(s.params) as unknown[] }));
if (statements.length === 0) throw new Error("The app logged no SQL for B.");
await app.stop();
rmSync(sqlLog, { force: true });
log(`\nB's SQL (${statements.length} statements, answer ${Buffer.byteLength(captured.body)} B):`);
for (const s of statements) log(`  ${s.query.replace(/\s+/g, " ").slice(0, 150)}`);

// 2. App and baseline side by side, the same number of processes each.
app = track(await startApp(APP_PORT, appEnv));
const workers = nodeProcesses(app.child.pid!).length;
const baselineFile = tmp("baseline.json");
writeFileSync(baselineFile, JSON.stringify({ statements, ...captured }));
const appWorkers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());
const baseline = track(
  await startBaseline(BASE_PORT, {
    DATABASE_URL: url,
    BASELINE_FILE: baselineFile,
    WORKERS: String(appWorkers),
  }),
);

interface Target {
  name: string;
  server: Server;
  path: string;
  headers: Record<string, string>;
  connections: number;
}
const trpcInput = encodeURIComponent(JSON.stringify({ json: {} }));
const targets: Target[] = [
  {
    name: "A bare node:http + pg, same SQL",
    server: baseline,
    path: SUBSCRIPTIONS,
    headers: bearer(fixtures.tokens.acme),
    connections: 50,
  },
  {
    name: "B GET /v1/payments/subscriptions",
    server: app,
    path: SUBSCRIPTIONS,
    headers: bearer(fixtures.tokens.acme),
    connections: 50,
  },
  {
    name: "C same procedure via /api/trpc",
    server: app,
    path: `/api/trpc/payments.subscriptions.list?input=${trpcInput}`,
    headers: bearer(fixtures.tokens.acme),
    connections: 50,
  },
  {
    name: "D GET /v1/plans (public)",
    server: app,
    path: "/v1/plans",
    headers: {},
    connections: 50,
  },
  ...invoiceTargets(fixtures).map((t) => ({ ...t, server: app, connections: 50 })),
  {
    name: "F invoice PDF (c=10)",
    server: app,
    path: `/v1/payments/invoices/${fixtures.acmeInvoiceId}/pdf`,
    headers: bearer(fixtures.tokens.acme),
    connections: 10,
  },
];

interface Figure extends LoadResult {
  cpuPerRequestMs: number;
  peakRssMb: number;
}
const figures = new Map<string, Figure[]>();
log(`\nWarm-up (3 s each)…`);
for (const t of targets)
  await runWrk({
    url: `${t.server.url}${t.path}`,
    connections: t.connections,
    seconds: 3,
    headers: t.headers,
  });

for (let round = 1; round <= rounds; round++) {
  for (const t of targets) {
    const pids = nodeProcesses(t.server.child.pid!);
    const cpuBefore = cpuMs(pids);
    const rss = watchPeakRss(pids);
    const loadBefore = load();
    const result = await runWrk({
      url: `${t.server.url}${t.path}`,
      connections: t.connections,
      seconds,
      headers: t.headers,
    });
    const figure = {
      ...result,
      cpuPerRequestMs: (cpuMs(pids) - cpuBefore) / result.requests,
      peakRssMb: rss.stop(),
    };
    figures.set(t.name, [...(figures.get(t.name) ?? []), figure]);
    log(
      `round ${round} load ${loadBefore}  ${t.name.padEnd(42)} ${result.reqPerSec.toFixed(0).padStart(6)} req/s  p99 ${result.p99Ms.toFixed(0).padStart(5)} ms  ${figure.cpuPerRequestMs.toFixed(2)} ms CPU/req  RSS ≤ ${figure.peakRssMb.toFixed(0)} MB${result.timeouts ? `  ${result.timeouts} timeouts` : ""}`,
    );
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const med = (name: string, key: keyof Figure) =>
  median((figures.get(name) ?? []).map((f) => f[key]));
const pdf = targets.at(-1)!;
log(`\nload ${load()}  sequential PDF requests…`);
const pdfMedian = await sequentialMedianMs(`${app.url}${pdf.path}`, pdf.headers, 200);
const processCount = { app: workers, baseline: nodeProcesses(baseline.child.pid!).length };
await baseline.stop();
await app.stop();

log(`\nload ${load()}  billing clock, ${clockCount} due subscriptions…`);
const clock = await benchClock(url, clockCount, appEnv.NEXTAUTH_URL);

log(
  `\n== Results (median of ${rounds} rounds, ${seconds} s each, wrk -t2; app ${processCount.app} node processes, baseline ${processCount.baseline}) ==`,
);
for (const t of targets)
  log(
    `${t.name.padEnd(42)} ${med(t.name, "reqPerSec").toFixed(0).padStart(6)} req/s  p99 ${med(t.name, "p99Ms").toFixed(0).padStart(5)} ms  ${med(t.name, "cpuPerRequestMs").toFixed(2)} ms CPU/req  peak RSS ${Math.max(...figures.get(t.name)!.map((f) => f.peakRssMb)).toFixed(0)} MB`,
  );
const rps = (prefix: string) =>
  med(targets.find((t) => t.name.startsWith(prefix))!.name, "reqPerSec");
log(`invoice PDF, sequential median: ${pdfMedian.toFixed(1)} ms`);
log(
  `billing clock: ${clock.renewalsPerSecond.toFixed(0)} renewals/s (${clock.count} in ${clock.seconds.toFixed(1)} s; ${clock.statementsPerRenewal.toFixed(1)} statements and ${clock.transactionsPerRenewal.toFixed(1)} transactions per renewal)`,
);
log(`\nB's statements per request: ${statements.length} (goal ≤ 3)`);
log(`B / A = ${(rps("B") / rps("A")).toFixed(2)} (goal ≥ 0.5)`);
log(`B / C = ${(rps("B") / rps("C")).toFixed(2)} (goal ≥ 0.95)`);
log(`E 100k first page / 100 = ${(rps("E2") / rps("E1")).toFixed(2)} (goal ≥ 0.67)`);
log(`E 100k last page / 100 = ${(rps("E3") / rps("E1")).toFixed(2)} (goal ≥ 0.67)`);
log(`PDF median ${pdfMedian.toFixed(1)} ms (goal ≤ 8)`);
log(`clock ${clock.renewalsPerSecond.toFixed(0)} renewals/s (goal ≥ 500)`);
const peak = Math.max(...[...figures.values()].flat().map((f) => f.peakRssMb));
log(`peak RSS per process ${peak.toFixed(0)} MB (goal ≤ 300)`);
rmSync(baselineFile, { force: true });
