/** Starting `scripts/serve.ts start` (what `pnpm start` runs) and the bare baseline, as child processes. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const WEB_DIR = path.resolve(import.meta.dirname, "../..");

export interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`server did not answer within 120 s:\n${output()}`);
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, probe: string) {
  let output = "";
  const child = spawn(command, args, { cwd: WEB_DIR, env, stdio: "pipe", detached: true });
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    process.kill(-child.pid, "SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  };
  return { child, ready: waitFor(probe, child, () => output), stop };
}

export async function startApp(port: number, env: Record<string, string>): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const server = start(
    "node",
    ["--import", "tsx", "scripts/serve.ts", "start"],
    { ...process.env, ...env, PORT: String(port), HOSTNAME: "127.0.0.1", NODE_ENV: "production" },
    `${url}/v1/plans`,
  );
  await server.ready;
  return { child: server.child, url, stop: server.stop };
}

export async function startBaseline(
  port: number,
  env: { DATABASE_URL: string; BASELINE_FILE: string; WORKERS: string },
): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const server = start(
    "node",
    ["--import", "tsx", "scripts/bench/baseline-server.ts"],
    { ...process.env, ...env, PORT: String(port) },
    url,
  );
  await server.ready;
  return { child: server.child, url, stop: server.stop };
}
