// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL, or to the embedded database.
import { openDatabase } from "../client";

const handle = openDatabase({
  databaseUrl: process.env.DATABASE_URL || undefined,
  pgliteDir: process.env.PGLITE_DIR || undefined,
});
try {
  const applied = await handle.migrate();
  console.info(
    applied.length
      ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
      : "Database is up to date.",
  );
} finally {
  await handle.close();
}
