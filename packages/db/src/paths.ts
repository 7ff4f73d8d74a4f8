import { existsSync } from "node:fs";
import path from "node:path";

/** The monorepo root: the nearest folder above `from` that holds pnpm-workspace.yaml. */
export function findRepoRoot(from: string = process.cwd()): string {
  // Resolved at run time from the working directory; not a file to bundle.
  const start = path.resolve(/*turbopackIgnore: true*/ from);
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** Where the embedded database lives unless PGLITE_DIR says otherwise: `<repo>/.data/pglite`. */
export function defaultPgliteDir(): string {
  return path.join(findRepoRoot(), ".data", "pglite");
}

/** The committed Prisma Migrate migrations. */
export function migrationsDir(): string {
  return path.join(findRepoRoot(), "packages", "db", "prisma", "migrations");
}
