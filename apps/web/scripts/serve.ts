/**
 * `pnpm dev` / `pnpm start`: gets the environment ready, then runs Next.js.
 * - Development, or embedded mode (no DATABASE_URL): a missing AUTH_SECRET is generated once into the
 *   git-ignored apps/web/.env.local. Production with DATABASE_URL: AUTH_SECRET must be set (checked at boot).
 * - The port is checked before anything else: a second start on a busy port stops here.
 * - Embedded mode: the PGlite folder is locked for the life of this process (a second process on it is
 *   refused before it touches it), then created, migrated and seeded with the demo data (idempotent); the
 *   Next.js server runs under this lock. It listens on 127.0.0.1 unless HOSTNAME says otherwise.
 *   With DATABASE_URL nothing is migrated or seeded here: run `pnpm db:migrate` (and `pnpm db:seed`).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer } from "node:net";
import { constants as osConstants } from "node:os";
import path from "node:path";

import { createBillingDeps, seedDemoBilling, seedDemoCoupons } from "@salesos/billing";
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  defaultPgliteDir,
  EmbeddedDatabaseInUseError,
  LOCK_HOLDER_ENV,
  lockEmbeddedDatabase,
  openDatabase,
  seedDemoData,
} from "@salesos/db";

import { appUrl, envOrLocal, LOCAL_ENV_FILE } from "./local-env";

const mode = process.argv[2] === "start" ? "start" : "dev";
const webDir = path.resolve(import.meta.dirname, "..");
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

const pgliteDir = path.resolve(process.env.PGLITE_DIR || defaultPgliteDir());
if (embedded) {
  try {
    // Held until this process exits; the Next.js server below inherits it.
    lockEmbeddedDatabase(pgliteDir);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUseError) fail(error.message);
    throw error;
  }
  const handle = openDatabase({ pgliteDir });
  try {
    const applied = await handle.migrate();
    const seeded = await seedDemoData(handle.db);
    const deps = createBillingDeps({
      db: handle.db,
      appUrl: appUrl(),
      authSecret: envOrLocal("AUTH_SECRET")!,
    });
    // On STRIPE the demo billing lives on Stripe's side too: `pnpm dev:stripe` seeds it through the
    // Stripe test server before starting this; here only the coupons, never LOCAL payments.
    if (onStripe) await seedDemoCoupons(deps, new Date());
    else await seedDemoBilling(deps, { now: new Date() });
    console.info(
      `Embedded database at ${pgliteDir}: ${applied.length} migration(s) applied, demo data present ` +
        `(${seeded.plans} plans, ${seeded.users} users).`,
    );
  } catch (error) {
    fail(
      `The embedded database at ${pgliteDir} could not be opened: ${(error as Error).message}\n` +
        "It may be damaged (for example by a crash during a write). Nothing was deleted. To start over with " +
        `fresh demo data and keep the old folder for recovery:\n  mv ${pgliteDir} ${pgliteDir}.damaged-${Date.now()}\n` +
        "or point PGLITE_DIR at another folder.",
    );
  } finally {
    await handle.close().catch(() => {});
  }
}

const url = appUrl();
if (embedded) {
  console.info(
    `\nSalesOS Billing on ${url}  (embedded PGlite, ${onStripe ? "STRIPE" : "LOCAL"} gateway${hostname === "127.0.0.1" ? "; reachable from this machine only" : ""})`,
  );
  console.info(`Demo logins, password ${DEMO_PASSWORD}:`);
  for (const login of DEMO_LOGINS) {
    console.info(
      `  ${login.email.padEnd(20)} ${login.staff ? "platform admin" : `${login.role} of ${login.org}`}`,
    );
  }
  console.info("");
}

const child = spawn("next", [mode, "--port", port, ...(hostname ? ["--hostname", hostname] : [])], {
  cwd: webDir,
  stdio: "inherit",
  env: {
    NEXT_TELEMETRY_DISABLED: "1",
    ...process.env,
    NEXTAUTH_URL: url,
    ...(embedded ? { PGLITE_DIR: pgliteDir, [LOCK_HOLDER_ENV]: String(process.pid) } : {}),
  },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
// A server killed by a signal is a failure too (128 + the signal's number, as a shell reports it).
child.on("exit", (code, signal) =>
  process.exit(code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 0)),
);
