/**
 * PGlite is single-process: two processes on one data folder destroy it. Every process that opens an
 * embedded folder first takes an exclusive lock on it (proper-lockfile: an atomic `mkdir` of `<dir>.lock`,
 * kept fresh while the process lives) and records its pid beside it in `<dir>.lock-owner`, so a second
 * process is refused with a message naming the first, before it touches the folder.
 *
 * `pnpm dev` / `pnpm start` take the lock in the launcher and hand it to the Next.js server they spawn
 * through SALESOS_PGLITE_LOCK_HOLDER (the launcher's pid): the server then uses the folder under the
 * launcher's lock and stops if the launcher disappears (its lock would go stale).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";

import lockfile from "proper-lockfile";

export const LOCK_HOLDER_ENV = "SALESOS_PGLITE_LOCK_HOLDER";

export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number | undefined,
  ) {
    super(
      `The embedded database at ${dir} is in use by ${pid ? `process ${pid}` : "another process"}; ` +
        "stop it or set PGLITE_DIR to another folder.",
    );
    this.name = "EmbeddedDatabaseInUseError";
  }
}

interface Owner {
  pid: number;
  host: string;
}

const held = new Map<string, { count: number; release: () => void }>();

function ownerFile(dir: string): string {
  return `${dir}.lock-owner`;
}

function readOwner(dir: string): Owner | undefined {
  try {
    const parsed = JSON.parse(readFileSync(ownerFile(dir), "utf8")) as Partial<Owner>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string"
      ? { pid: parsed.pid, host: parsed.host }
      : undefined;
  } catch {
    return undefined;
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock handed down by our launcher, if this process is its Next.js server. */
function inheritedHolder(dir: string): number | undefined {
  const holder = Number(process.env[LOCK_HOLDER_ENV]);
  if (!Number.isInteger(holder) || holder <= 0) return undefined;
  const owner = readOwner(dir);
  return owner?.pid === holder && owner.host === hostname() && isProcessAlive(holder)
    ? holder
    : undefined;
}

function watchHolder(dir: string, holder: number): void {
  const timer = setInterval(() => {
    if (isProcessAlive(holder)) return;
    console.error(
      `The process holding ${dir} (${holder}) is gone; stopping so the folder is safe.`,
    );
    process.exit(1);
  }, 2_000);
  timer.unref();
}

function acquire(dir: string): () => void {
  // The lock lives beside the folder: its parent must exist (a fresh clone has no .data yet).
  mkdirSync(path.dirname(dir), { recursive: true });
  const holder = inheritedHolder(dir);
  if (holder !== undefined) {
    watchHolder(dir, holder);
    return () => {};
  }
  const owner = readOwner(dir);
  const lockPath = `${dir}.lock`;
  if (owner && owner.pid !== process.pid) {
    if (owner.host !== hostname() || isProcessAlive(owner.pid)) {
      throw new EmbeddedDatabaseInUseError(dir, owner.pid);
    }
    // Its owner died without releasing (kill -9): the lock is stale even if its mtime is recent.
    rmSync(lockPath, { recursive: true, force: true });
  }
  let release: () => void;
  try {
    release = lockfile.lockSync(dir, {
      lockfilePath: lockPath,
      realpath: false,
      stale: 15_000,
      update: 5_000,
      onCompromised: (error) => {
        console.error(`The lock on ${dir} was lost (${error.message}); stopping.`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") {
      throw new EmbeddedDatabaseInUseError(dir, readOwner(dir)?.pid);
    }
    throw error;
  }
  writeFileSync(ownerFile(dir), JSON.stringify({ pid: process.pid, host: hostname() }));
  return () => {
    if (readOwner(dir)?.pid === process.pid) rmSync(ownerFile(dir), { force: true });
    try {
      release();
    } catch {
      // already released (process exit handler)
    }
  };
}

/**
 * Takes (or re-enters) the exclusive lock on an embedded data folder; returns its release. Throws
 * EmbeddedDatabaseInUseError when another live process holds it.
 */
export function lockEmbeddedDatabase(dir: string): () => void {
  const entry = held.get(dir);
  if (entry) {
    entry.count += 1;
  } else {
    held.set(dir, { count: 1, release: acquire(dir) });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = held.get(dir);
    if (!current) return;
    current.count -= 1;
    if (current.count === 0) {
      held.delete(dir);
      current.release();
    }
  };
}
