import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { EmbeddedDatabaseInUseError, lockEmbeddedDatabase, openDatabase } from "../src";

const clientModule = path.resolve(import.meta.dirname, "../src/index.ts");
const dirs: string[] = [];
const children: ChildProcess[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "salesos-lock-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

/** Another process that opens the folder and keeps it open until killed. */
async function holdInAnotherProcess(dir: string): Promise<ChildProcess> {
  const script = `
    import { openDatabase } from ${JSON.stringify(clientModule)};
    const handle = openDatabase({ pgliteDir: ${JSON.stringify(dir)} });
    await handle.migrate([]);
    console.log("holding");
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("holding")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`holder exited early (${code})`)));
  });
  return child;
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database lock", () => {
  it("refuses a second process with the holder's pid, without touching the folder", async () => {
    const dir = tempDir();
    const holder = await holdInAnotherProcess(dir);
    const before = readdirSync(dir).sort();
    let error: unknown;
    try {
      openDatabase({ pgliteDir: dir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EmbeddedDatabaseInUseError);
    expect((error as Error).message).toContain(`in use by process`);
    expect((error as EmbeddedDatabaseInUseError).pid).toBe(holder.pid);
    expect((error as Error).message).toMatch(/stop it or set PGLITE_DIR/);
    expect(readdirSync(dir).sort()).toEqual(before);
    holder.kill("SIGTERM");
  }, 60_000);

  it("is free again at once when its holder was killed with SIGKILL", async () => {
    const dir = tempDir();
    const holder = await holdInAnotherProcess(dir);
    expect(() => lockEmbeddedDatabase(dir)).toThrow(EmbeddedDatabaseInUseError);
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder.once("exit", resolve));
    // Its lock folder is still fresh (no 15 s wait for staleness): the dead pid frees it.
    expect(existsSync(`${dir}.lock`)).toBe(true);
    const release = lockEmbeddedDatabase(dir);
    release();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  }, 60_000);

  it("is re-entrant within one process and released by the last holder, in a folder not created yet", () => {
    // A fresh clone has no .data folder: the lock must make its parent.
    const dir = path.join(tempDir(), "not", "yet", "pglite");
    const first = lockEmbeddedDatabase(dir);
    const second = lockEmbeddedDatabase(dir);
    first();
    expect(existsSync(`${dir}.lock`)).toBe(true);
    second();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
