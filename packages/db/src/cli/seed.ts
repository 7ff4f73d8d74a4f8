// `pnpm db:seed`: the demo data (idempotent). Only ever applied to a DATABASE_URL database when asked.
import { openDatabase } from "../client";
import { seedDemoData } from "../seed";

const handle = openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  pgliteDir: process.env.PGLITE_DIR || undefined,
});
try {
  const summary = await seedDemoData(handle.db);
  console.info(
    `Seeded ${summary.plans} plans, ${summary.users} users, ${summary.organizations} organizations.`,
  );
} finally {
  await handle.close();
}
