/**
 * `pnpm dev` / `pnpm start`: gets the environment ready, then runs Next.js (`next dev`, or for start the
 * production server in production-server.ts: in this process on the embedded database, else one cluster
 * worker per core, WEB_CONCURRENCY to choose).
 * - Development, or embedded mode (no DATABASE_URL): a missing AUTH_SECRET is generated once into the
 *   git-ignored apps/web/.env.local. Production with DATABASE_URL: AUTH_SECRET must be set (checked at boot).
 * - `pnpm start` with a public NEXTAUTH_URL (not localhost) refuses to start without DATABASE_URL (unless
 *   EMBEDDED=1), AUTH_SECRET and CRON_SECRET, before anything is opened or generated (src/deployment.ts).
 * - The port is checked next: a second start on a busy port stops here.
 * - Embedded mode: the PGlite folder is locked for the life of this process (a second process on it is
 *   refused before it touches it), then created, migrated and seeded with the demo data (idempotent); the
 *   Next.js server runs under this lock. It listens on 127.0.0.1 unless HOSTNAME says otherwise.
 *   With DATABASE_URL nothing is migrated or seeded here: run `pnpm db:migrate` (and `pnpm db:seed`).
 */
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, constants as osConstants } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { serveClusterMetrics } from "@salesos/api/ops-cluster";
import { rootLogger } from "@salesos/log";

import { productionStartProblems } from "../src/deployment";

import { appUrl, envOrLocal, LOCAL_ENV_FILE } from "./env-file";
import type * as ProductionServer from "./production-server";

type ProductionServerModule = typeof ProductionServer;

const mode = process.argv[2] === "start" ? "start" : "dev";
const webDir = path.resolve(import.meta.dirname, "..");
/** The production server, bundled by `pnpm build` (build-server.ts). */
const SERVER_BUNDLE = path.join(webDir, ".next", "salesos", "production-server.mjs");
const embedded = !process.env.DATABASE_URL;
const onStripe = Boolean(process.env.STRIPE_SECRET_KEY);
const port = process.env.PORT ?? "3000";
// The demo has published logins (one a platform admin): it is not offered to the network by default.
const hostname = process.env.HOSTNAME || (embedded ? "127.0.0.1" : undefined);

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function portIsFree(): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(Number(port), hostname, () => probe.close(() => resolve(true)));
  });
}

if (mode === "start") {
  const problems = productionStartProblems({
    ...process.env,
    AUTH_SECRET: envOrLocal("AUTH_SECRET"),
    CRON_SECRET: envOrLocal("CRON_SECRET"),
  });
  if (problems.length > 0)
    fail(`SalesOS Billing will not start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
}

if (!(await portIsFree())) {
  fail(
    `Port ${port}${hostname ? ` on ${hostname}` : ""} is in use (is the app already running?). Stop it or set PORT.`,
  );
}

if (!envOrLocal("AUTH_SECRET") && (mode === "dev" || embedded)) {
  appendFileSync(LOCAL_ENV_FILE, `AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`, {
    mode: 0o600,
  });
  console.info(
    `Generated AUTH_SECRET into ${path.relative(process.cwd(), LOCAL_ENV_FILE)} (git-ignored).`,
  );
}

const url = appUrl();
const embeddedEnv = embedded
  ? await (await import("./embedded-setup")).prepareEmbeddedDatabase({ onStripe, hostname, fail })
  : {};

const serverEnv: Record<string, string> = {
  NEXT_TELEMETRY_DISABLED: "1",
  SALESOS_WEB_DIR: webDir,
  NEXTAUTH_URL: url,
  ...embeddedEnv,
};

/** Exit as a shell reports it: a server killed by a signal is a failure too (128 + its number). */
function exitLike(code: number | null, signal: NodeJS.Signals | null): never {
  process.exit(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 0));
}

if (mode === "dev") {
  const child = spawn(
    "next",
    ["dev", "--port", port, ...(hostname ? ["--hostname", hostname] : [])],
    {
      cwd: webDir,
      stdio: "inherit",
      env: { ...process.env, ...serverEnv },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", exitLike);
} else {
  // As `next start` does; set before Next.js is loaded.
  Object.assign(process.env, { ...serverEnv, NODE_ENV: "production" });
  const workers = embedded ? 1 : webConcurrency();
  if (!existsSync(SERVER_BUNDLE)) fail("The production build is missing: run `pnpm build` first.");
  if (workers === 1) {
    // Embedded PGlite lives in one process: the server runs here, under this process's lock.
    const { startProductionServer } = (await import(
      pathToFileURL(SERVER_BUNDLE).href
    )) as ProductionServerModule;
    await startProductionServer({ port: Number(port), hostname }).catch((error: unknown) =>
      fail(error instanceof Error ? error.message : String(error)),
    );
  } else {
    runCluster(workers);
  }
}

/**
 * V8 sizes its heap from the machine's memory and collects lazily under load (a worker reached 470 MB at
 * 50 concurrent requests). A ceiling on the old generation makes it collect sooner; WORKER_MAX_HEAP_MB
 * changes it (0: V8's default).
 */
function workerHeapFlags(): string[] {
  const mb = Number(process.env.WORKER_MAX_HEAP_MB ?? "160");
  if (!Number.isInteger(mb) || mb < 0) fail("WORKER_MAX_HEAP_MB must be a whole number of MB.");
  return mb > 0 ? [`--max-old-space-size=${mb}`] : [];
}

function webConcurrency(): number {
  const given = process.env.WEB_CONCURRENCY;
  if (!given) return availableParallelism();
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    fail("WEB_CONCURRENCY must be a whole number from 1 to 64.");
  return n;
}

/**
 * One worker per core on PostgreSQL, all listening on the same port (Node's cluster shares it). A worker
 * that dies after it was serving is replaced; one that dies before it listens (a bad environment) stops
 * the start; with a crash point set (SALESOS_CRASH_AT, the kill -9 tests) a dying worker stops it too.
 */
function runCluster(workers: number): void {
  // Plain JavaScript in the workers: no TypeScript loader (execArgv) in their memory.
  cluster.setupPrimary({ exec: SERVER_BUNDLE, execArgv: workerHeapFlags() });
  const workerEnv = { PORT: port, SALESOS_LISTEN_HOSTNAME: hostname ?? "" };
  const serving = new Set<number>();
  let stopping = false;
  // A scrape of /metrics reaches one worker; it asks here for the sum over every worker.
  serveClusterMetrics();
  for (let i = 0; i < workers; i++) cluster.fork(workerEnv);
  cluster.on("listening", (worker) => {
    serving.add(worker.id);
    if (serving.size === workers)
      console.info(`Ready on http://${hostname ?? "0.0.0.0"}:${port} (${workers} workers)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!serving.has(worker.id) || process.env.SALESOS_CRASH_AT) {
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGKILL");
      exitLike(code, signal as NodeJS.Signals | null);
    }
    rootLogger().error(
      { worker: worker.process.pid, code, signal },
      "worker died; starting another",
    );
    serving.delete(worker.id);
    cluster.fork(workerEnv);
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      setTimeout(() => process.exit(0), 10_000).unref();
    });
}
