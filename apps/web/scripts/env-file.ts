import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

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
