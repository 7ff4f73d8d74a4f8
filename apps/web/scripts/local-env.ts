import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

import { EmbeddedDatabaseInUseError, openDatabase, type DatabaseHandle } from "@salesos/db";

/** apps/web/.env.local, where `pnpm dev` keeps the generated AUTH_SECRET (git-ignored). */
export const LOCAL_ENV_FILE = path.resolve(import.meta.dirname, "..", ".env.local");

/** A variable from the environment, else from .env.local (as Next.js itself will load it). */
export function envOrLocal(name: string): string | undefined {
  if (process.env[name]) return process.env[name];
  if (!existsSync(LOCAL_ENV_FILE)) return undefined;
  const match = new RegExp(`^${name}=(.+)$`, "m").exec(readFileSync(LOCAL_ENV_FILE, "utf8"));
  return match?.[1]?.trim();
}

export function appUrl(): string {
  return process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
}

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
