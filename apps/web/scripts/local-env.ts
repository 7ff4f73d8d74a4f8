import { EmbeddedDatabaseInUseError, openDatabase, type DatabaseHandle } from "@salesos/db";

export { appUrl, envOrLocal, LOCAL_ENV_FILE } from "./env-file";

/**
 * The database a command-line script works on (DATABASE_URL, else the embedded folder). When the embedded
 * folder is held by a running server, says so and exits instead of a stack trace.
 */
export function openScriptDatabase(): DatabaseHandle {
  try {
    return openDatabase({
      databaseUrl: process.env.DATABASE_URL || undefined,
      pgliteDir: process.env.PGLITE_DIR || undefined,
    });
  } catch (error) {
    if (error instanceof EmbeddedDatabaseInUseError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}
