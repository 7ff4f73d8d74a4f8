/**
 * `pnpm dev` / `pnpm start`: gets the environment ready, then runs Next.js.
 * - Development, or embedded mode (no DATABASE_URL): a missing AUTH_SECRET is generated once into the
 *   git-ignored apps/web/.env.local. Production with DATABASE_URL: AUTH_SECRET must be set (checked at boot).
 * - Embedded mode: the PGlite database is created, migrated and seeded with the demo data (idempotent).
 *   With DATABASE_URL nothing is migrated or seeded here: run `pnpm db:migrate` (and `pnpm db:seed`).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync } from "node:fs";
import path from "node:path";

import { createBillingDeps, seedDemoBilling } from "@salesos/billing";
import {
  DEMO_LOGINS,
  DEMO_PASSWORD,
  defaultPgliteDir,
  openDatabase,
  seedDemoData,
} from "@salesos/db";

import { appUrl, envOrLocal, LOCAL_ENV_FILE } from "./local-env";

const mode = process.argv[2] === "start" ? "start" : "dev";
const webDir = path.resolve(import.meta.dirname, "..");
const embedded = !process.env.DATABASE_URL;

if (!envOrLocal("AUTH_SECRET") && (mode === "dev" || embedded)) {
  appendFileSync(LOCAL_ENV_FILE, `AUTH_SECRET=${randomBytes(32).toString("base64url")}\n`, {
    mode: 0o600,
  });
  console.info(
    `Generated AUTH_SECRET into ${path.relative(process.cwd(), LOCAL_ENV_FILE)} (git-ignored).`,
  );
}

if (embedded) {
  const dir = process.env.PGLITE_DIR || defaultPgliteDir();
  const handle = openDatabase({ pgliteDir: dir });
  try {
    const applied = await handle.migrate();
    const seeded = await seedDemoData(handle.db);
    const deps = createBillingDeps({
      db: handle.db,
      appUrl: appUrl(),
      authSecret: envOrLocal("AUTH_SECRET")!,
    });
    const billing = await seedDemoBilling(deps, { now: new Date() });
    console.info(
      `Embedded database at ${dir}: ${applied.length} migration(s) applied, demo data present ` +
        `(${seeded.plans} plans, ${seeded.users} users, Acme's subscription ${billing.acmeSubscription}).`,
    );
  } finally {
    await handle.close();
  }
}

const port = process.env.PORT ?? "3000";
const url = appUrl();
if (embedded) {
  console.info(`\nSalesOS Billing on ${url}  (embedded PGlite, LOCAL gateway)`);
  console.info(`Demo logins, password ${DEMO_PASSWORD}:`);
  for (const login of DEMO_LOGINS) {
    console.info(
      `  ${login.email.padEnd(20)} ${login.staff ? "platform admin" : `${login.role} of ${login.org}`}`,
    );
  }
  console.info("");
}

const child = spawn("next", [mode, "--port", port], {
  cwd: webDir,
  stdio: "inherit",
  env: { ...process.env, NEXTAUTH_URL: url },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
