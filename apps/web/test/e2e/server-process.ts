/** Starting `scripts/serve.ts start` (the README's `pnpm start`) as a child process, for the e2e tests. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

export interface ServeProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code when the launcher exits. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

export function startServe(env: NodeJS.ProcessEnv): ServeProcess {
  let output = "";
  const child = spawn("pnpm", ["exec", "tsx", "scripts/serve.ts", "start"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env,
    stdio: "pipe",
    // Its own process group, so stop() ends the launcher and the Next.js server together.
    detached: true,
  });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return {
    child,
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode !== null || !child.pid) return;
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return; // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    },
  };
}

export async function waitForServer(url: string, server: ServeProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null)
      throw new Error(`next start exited (${server.child.exitCode}):\n${server.output()}`);
    try {
      if ((await fetch(`${url}/v1/openapi.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`next start did not answer within 90 s:\n${server.output()}`);
}
